"""Writes to mailboxes: creation within limits, passwords, quota, forwarding, deletion."""

from __future__ import annotations

import hashlib
import re

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from mailwarden.addresses.models import Address, Target
from mailwarden.addresses.services import (
    MAX_TARGETS,
    alias_create,
    clean_targets,
    hosted_domain_for,
    insert_address,
    replace_targets,
)
from mailwarden.admins.guards import guard_admin_login, guard_postmaster
from mailwarden.audit.services import audit_record
from mailwarden.core.actor import Actor
from mailwarden.core.addressing import split_address
from mailwarden.core.errors import Invalid, LimitReached
from mailwarden.core.text import clean_text
from mailwarden.domains.models import Domain
from mailwarden.domains.services import lock_domain
from mailwarden.mailboxes.credentials import check_imported_hash, hash_mailbox_password
from mailwarden.mailboxes.models import Mailbox
from mailwarden.mailboxes.selectors import mailbox_get, mailbox_to_dict

MAX_NAME = 255
_UNSAFE_PATH_CHARS = re.compile(r"[^a-z0-9._+-]")


def maildir_for(local_part: str, domain: str) -> str:
    """``domain/local/`` relative to the mail root, from parts that cannot escape it.

    The domain is a validated LDH name; the local part keeps only ``[a-z0-9._+-]`` (a valid
    dot-string never starts with a dot nor holds ``..``). When anything had to be replaced, a
    hash of the original keeps two addresses from sharing a directory.
    """
    safe = _UNSAFE_PATH_CHARS.sub("_", local_part)
    if safe != local_part:
        safe = f"{safe}-{hashlib.sha256(local_part.encode()).hexdigest()[:8]}"
    return f"{domain}/{safe}/"


def _clean_name(value: str) -> str:
    return clean_text(value, field="name", max_length=MAX_NAME)


def _check_quota(domain: Domain, quota: int, *, releasing: int = 0) -> None:
    """Hold the per-mailbox maximum and the domain's total; the domain row is locked."""
    if quota < 0:
        raise Invalid("quota: must not be negative", fields={"quota_bytes": "invalid"})
    if domain.max_quota_bytes and not 0 < quota <= domain.max_quota_bytes:
        raise LimitReached(
            f"quota: domain {domain.name} allows at most {domain.max_quota_bytes} bytes per mailbox"
            + (" (an unlimited quota is not allowed)" if quota == 0 else ""),
            fields={"quota_bytes": "too_large"},
        )
    if domain.total_quota_bytes:
        if quota == 0:
            raise LimitReached(
                f"quota: domain {domain.name} has a total quota, so each mailbox needs a quota",
                fields={"quota_bytes": "required"},
            )
        allocated = (
            Mailbox.objects.filter(address__domain=domain).aggregate(total=Sum("quota_bytes"))[
                "total"
            ]
            or 0
        )
        if allocated - releasing + quota > domain.total_quota_bytes:
            free = max(domain.total_quota_bytes - allocated + releasing, 0)
            raise LimitReached(
                f"quota: domain {domain.name} has {free} bytes of its total quota left",
                fields={"quota_bytes": "too_large"},
            )


@transaction.atomic
def mailbox_create(
    *,
    actor: Actor,
    address: str,
    password: str | None = None,
    password_hash: str | None = None,
    scheme: str | None = None,
    name: str = "",
    quota_bytes: int | None = None,
    active: bool = True,
) -> Address:
    """Create a mailbox within the domain's limits.

    Exactly one of ``password`` (hashed here) or ``password_hash`` (a ``{SCHEME}`` value
    imported from another system) is required. The domain row stays locked until commit,
    so concurrent creates cannot pass max_mailboxes or the total quota together.
    """
    if (password is None) == (password_hash is None):
        raise Invalid("give either a password or a password hash", fields={"password": "required"})
    local, domain_name = split_address(address)
    display = _clean_name(name)
    if password is not None:
        stored = hash_mailbox_password(password, scheme)
    else:
        stored = check_imported_hash(password_hash or "")
    domain = hosted_domain_for(actor, domain_name)
    email = f"{local}@{domain.name}"
    guard_admin_login(actor, email)
    if domain.max_mailboxes:
        count = Address.objects.filter(domain=domain, kind=Address.Kind.MAILBOX).count()
        if count >= domain.max_mailboxes:
            raise LimitReached(
                f"domain {domain.name} has reached its limit of {domain.max_mailboxes} mailboxes"
            )
    quota = domain.default_quota_bytes if quota_bytes is None else quota_bytes
    _check_quota(domain, quota)
    entry = insert_address(domain, local, Address.Kind.MAILBOX, active)
    # Creating the mailbox caches it on ``entry``, which already holds its domain: the new
    # rows are shown as written, without reading them back.
    Mailbox.objects.create(
        address=entry,
        name=display,
        password=stored,
        maildir=maildir_for(local, domain.name),
        quota_bytes=quota,
        password_changed=timezone.now(),
    )
    # A mailbox delivers to itself; forwarding later replaces or extends this row.
    entry.target_list = [Target.objects.create(address=entry, target=email)]
    audit_record(
        actor=actor,
        action="mailbox.create",
        object_type="mailbox",
        object_repr=email,
        domain=domain.name,
        after=mailbox_to_dict(entry),
    )
    _settle_postmaster(actor, domain, local, email)
    return entry


def _settle_postmaster(actor: Actor, domain: Domain, local: str, email: str) -> None:
    """Give a domain created without a postmaster target its postmaster@ now."""
    if not domain.postmaster_pending:
        return
    if local != "postmaster":
        try:
            alias_create(actor=actor, address=f"postmaster@{domain.name}", targets=[email])
        except LimitReached:
            return  # alias limit already used up: postmaster@ stays pending, the mailbox stands
    Domain.objects.filter(pk=domain.pk).update(postmaster_pending=False)


@transaction.atomic
def mailbox_update(
    *,
    actor: Actor,
    address: str,
    name: str | None = None,
    quota_bytes: int | None = None,
    active: bool | None = None,
    forward_to: list[str] | None = None,
    keep_copy: bool = False,
) -> Address:
    """Change name, quota, state and (when ``forward_to`` is given) forwarding, all at once."""
    entry = mailbox_get(actor=actor, address=address)
    guard_admin_login(actor, entry.email)
    domain = lock_domain(entry.domain_id)
    mailbox = entry.mailbox
    before = mailbox_to_dict(entry)
    if name is not None:
        mailbox.name = _clean_name(name)
    if quota_bytes is not None and quota_bytes != mailbox.quota_bytes:
        _check_quota(domain, quota_bytes, releasing=mailbox.quota_bytes)
        mailbox.quota_bytes = quota_bytes
    mailbox.save()
    if active is not None and active != entry.active:
        guard_postmaster(actor, entry.email, removing=not active)
        entry.active = active
        entry.save(update_fields=["active", "modified"])
    entry = mailbox_get(actor=actor, address=entry.email)
    _audit(actor, "mailbox.update", entry, before)
    if forward_to is not None:
        entry = mailbox_set_forwarding(
            actor=actor, address=entry.email, targets=forward_to, keep_copy=keep_copy
        )
    return entry


@transaction.atomic
def mailbox_set_password(
    *, actor: Actor, address: str, password: str, scheme: str | None = None
) -> Address:
    entry = mailbox_get(actor=actor, address=address)
    guard_admin_login(actor, entry.email)
    before = mailbox_to_dict(entry)
    mailbox = entry.mailbox
    mailbox.password = hash_mailbox_password(password, scheme)
    mailbox.password_changed = timezone.now()
    mailbox.save(update_fields=["password", "password_changed", "modified"])
    _audit(actor, "mailbox.set_password", entry, before)
    return entry


@transaction.atomic
def mailbox_set_forwarding(
    *, actor: Actor, address: str, targets: list[str], keep_copy: bool = False
) -> Address:
    """Forward the mailbox's mail to ``targets``, keeping a copy if asked; [] stops forwarding.

    In ``virtual_alias_maps`` the mailbox's address then resolves to its targets, plus itself
    when a copy is kept.
    """
    entry = mailbox_get(actor=actor, address=address)
    guard_admin_login(actor, entry.email)
    before = mailbox_to_dict(entry)
    if targets:
        destinations = clean_targets(targets, owner=entry.email)
        if keep_copy:
            if len(destinations) >= MAX_TARGETS:
                raise Invalid(f"targets: at most {MAX_TARGETS - 1} forwards with a kept copy")
            destinations.append(entry.email)
    else:
        destinations = [entry.email]
    replace_targets(entry, destinations)
    entry = mailbox_get(actor=actor, address=entry.email)
    _audit(actor, "mailbox.set_forwarding", entry, before)
    return entry


@transaction.atomic
def mailbox_delete(*, actor: Actor, address: str) -> None:
    """Delete the mailbox's rows. Its maildir stays on disk: removing mail is the mail host's
    job, and a mailbox re-created with the same address finds it again."""
    entry = mailbox_get(actor=actor, address=address)
    guard_admin_login(actor, entry.email)
    guard_postmaster(actor, entry.email, removing=True)
    before = mailbox_to_dict(entry)
    entry.delete()
    audit_record(
        actor=actor,
        action="mailbox.delete",
        object_type="mailbox",
        object_repr=before["address"],
        domain=before["domain"],
        before=before,
    )


def _audit(actor: Actor, action: str, entry: Address, before: dict) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="mailbox",
        object_repr=entry.email,
        domain=entry.domain.name,
        before=before,
        after=mailbox_to_dict(entry),
    )
