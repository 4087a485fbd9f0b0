"""Which addresses a domain admin may not take over: those that receive a higher admin's mail.

An admin's login is an email address, and whoever holds the mailbox or alias at that
address reads the admin's mail (password resets of other systems included). Postfix
delivers ``local@alias-domain`` to ``local@target``, so the address of a login in an
alias domain is its ``local`` in the target domain.

And every domain must keep a postmaster@ (RFC 5321 4.5.1) that receives mail: a domain
admin may point it elsewhere, not remove or silence it.
"""

from __future__ import annotations

from mailwarden.admins.models import Admin
from mailwarden.core.actor import Actor
from mailwarden.core.errors import Forbidden
from mailwarden.domains.models import Domain


def guard_admin_login(actor: Actor, email: str) -> None:
    """Refuse a domain admin any write to the mailbox or alias at ``email`` when it receives
    the mail of a higher admin: a superadmin, or an admin of any domain outside the actor's
    set. Catch-alls (no local part) are no one's login."""
    if actor.is_superadmin:
        return
    local, _, domain = email.rpartition("@")
    if not local:
        return
    mirrors = Domain.objects.filter(alias_target__name=domain).values_list("name", flat=True)
    logins = [email, *(f"{local}@{name}" for name in mirrors)]
    for owner in Admin.objects.filter(email__in=logins).prefetch_related("domain_memberships"):
        if actor.admin is not None and owner.pk == actor.admin.pk:
            continue
        owner_domains = {m.domain_id for m in owner.domain_memberships.all()}
        if owner.is_superadmin or not owner_domains <= actor.domain_ids:
            raise Forbidden(
                f"{email} holds the mail of the login of an admin above you; ask a superadmin"
            )


def guard_postmaster(actor: Actor, email: str, *, removing: bool) -> None:
    """Refuse a domain admin deleting or deactivating (``removing``) a domain's postmaster@
    address, alias or mailbox: mail to it must always be accepted. A superadmin may, say to
    replace it."""
    if removing and not actor.is_superadmin and email.startswith("postmaster@"):
        raise Forbidden(f"{email} must receive mail (RFC 5321); ask a superadmin to remove it")
