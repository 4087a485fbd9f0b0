"""Writes to domains and alias domains: every rule, in one transaction with its audit event."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from mailwarden.audit.services import audit_record
from mailwarden.core.actor import Actor
from mailwarden.core.addressing import normalize_address, normalize_domain
from mailwarden.core.errors import Conflict, Forbidden, Invalid
from mailwarden.core.text import clean_text
from mailwarden.core.units import MAX_BYTES
from mailwarden.domains.models import Domain
from mailwarden.domains.selectors import domain_get, domain_usage

LIMIT_FIELDS = (
    "max_mailboxes",
    "max_aliases",
    "max_quota_bytes",
    "total_quota_bytes",
    "default_quota_bytes",
)
MAX_DESCRIPTION = 255
MAX_TRANSPORT = 255
MAX_COUNT = 2_147_483_647  # the largest value every engine's integer column holds
# A Postfix transport: "smtp:[host]:port", "relay:host", "lmtp:inet:host:port" and the like.
_TRANSPORT = re.compile(r"^[a-z][a-z0-9-]{0,31}:(?:\[[a-z0-9.:-]+\]|[a-z0-9.-]+)?(?::[0-9]{1,5})?$")


def _name_taken(ascii_name: str) -> Conflict:
    """A domain name is one namespace for hosted, relay and alias domains: the field it names."""
    return Conflict(f"domain {ascii_name} already exists", fields={"name": "taken"})


def require_superadmin(actor: Actor, doing: str) -> None:
    if not actor.is_superadmin:
        raise Forbidden(f"only a superadmin may {doing}")


def lock_domain(domain_id: int) -> Domain:
    """Lock the domain row for this transaction so concurrent limit checks queue behind us.

    On SQLite the IMMEDIATE transaction already serialises writers; elsewhere this is
    SELECT ... FOR UPDATE.
    """
    return Domain.objects.select_for_update().get(pk=domain_id)


def _clean_description(value: str) -> str:
    return clean_text(value, field="description", max_length=MAX_DESCRIPTION)


def _clean_transport(value: str) -> str:
    text = value.strip().lower()
    if len(text) > MAX_TRANSPORT:
        raise Invalid(
            f"relay_transport: at most {MAX_TRANSPORT} characters",
            fields={"relay_transport": "too_long"},
        )
    if text and not _TRANSPORT.match(text):
        raise Invalid(
            f"relay_transport: {value!r} is not a Postfix next hop like smtp:[mx.example.net]:25",
            fields={"relay_transport": "invalid"},
        )
    return text


def _clean_limits(values: dict[str, Any]) -> dict[str, int]:
    cleaned: dict[str, int] = {}
    for name, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise Invalid(f"{name}: must be a whole number >= 0", fields={name: "invalid"})
        ceiling = MAX_BYTES if name.endswith("_bytes") else MAX_COUNT
        if value > ceiling:
            raise Invalid(f"{name}: must be at most {ceiling}", fields={name: "too_large"})
        cleaned[name] = value
    return cleaned


def _check_limit_coherence(domain: Domain) -> None:
    if domain.max_quota_bytes and domain.default_quota_bytes > domain.max_quota_bytes:
        raise Invalid(
            "default_quota_bytes: larger than the per-mailbox maximum",
            fields={"default_quota_bytes": "too_large"},
        )
    if domain.total_quota_bytes and domain.default_quota_bytes > domain.total_quota_bytes:
        raise Invalid(
            "default_quota_bytes: larger than the domain's total quota",
            fields={"default_quota_bytes": "too_large"},
        )


@transaction.atomic
def domain_create(
    *,
    actor: Actor,
    name: str,
    description: str = "",
    active: bool = True,
    relay: bool = False,
    relay_transport: str = "",
    create_postmaster: bool = True,
    postmaster_to: str | None = None,
    **limits: int,
) -> Domain:
    """Create a hosted (or, with ``relay``, a backup-MX) domain.

    RFC 5321 requires postmaster@ for every domain that receives mail: unless told otherwise
    it becomes an alias to ``postmaster_to``, the configured default, or the acting admin;
    with none of those it points at the domain's first mailbox once one exists.
    """
    require_superadmin(actor, "create domains")
    unknown = set(limits) - set(LIMIT_FIELDS)
    if unknown:
        raise Invalid(f"unknown domain setting {sorted(unknown)[0]}")
    ascii_name = normalize_domain(name, field="name")
    if relay_transport and not relay:
        raise Invalid(
            "relay_transport: only a relay domain has a next hop",
            fields={"relay_transport": "invalid"},
        )
    domain = Domain(
        name=ascii_name,
        kind=Domain.Kind.RELAY if relay else Domain.Kind.VIRTUAL,
        description=_clean_description(description),
        active=active,
        relay_transport=_clean_transport(relay_transport),
        **_clean_limits(limits),
    )
    if relay and any(limits.values()):
        raise Invalid("a relay domain holds no mailboxes, so it takes no limits")
    _check_limit_coherence(domain)
    postmaster_target = None
    if create_postmaster and not relay:
        postmaster_target = (
            postmaster_to
            or settings.MAILWARDEN_POSTMASTER_TARGET
            or (actor.admin.email if actor.admin else None)
        )
        if postmaster_target:
            postmaster_target = normalize_address(postmaster_target, field="postmaster_to")
        else:
            domain.postmaster_pending = True
    if Domain.objects.filter(name=ascii_name).exists():
        raise _name_taken(ascii_name)
    try:
        with transaction.atomic():
            domain.save()
    except IntegrityError:
        raise _name_taken(ascii_name) from None
    audit_record(
        actor=actor,
        action="domain.create",
        object_type="domain",
        object_repr=ascii_name,
        domain=ascii_name,
        after=domain.to_dict(),
    )
    if postmaster_target:
        from mailwarden.addresses.services import alias_create

        alias_create(actor=actor, address=f"postmaster@{ascii_name}", targets=[postmaster_target])
    return domain


@transaction.atomic
def domain_update(
    *,
    actor: Actor,
    name: str,
    description: str | None = None,
    active: bool | None = None,
    relay_transport: str | None = None,
    **limits: int | None,
) -> Domain:
    """Change a domain. A domain admin may change only its description; limits, the active
    flag and the next hop are the superadmin's (a customer must not raise their own limits)."""
    domain = domain_get(actor=actor, name=name, kinds=("virtual", "relay"), lock=True)
    unknown = set(limits) - set(LIMIT_FIELDS)
    if unknown:
        raise Invalid(f"unknown domain setting {sorted(unknown)[0]}")
    limit_changes = {k: v for k, v in limits.items() if v is not None}
    if (
        limit_changes or active is not None or relay_transport is not None
    ) and not actor.is_superadmin:
        raise Forbidden("only a superadmin may change a domain's limits, state or next hop")
    before = domain.to_dict()
    if description is not None:
        domain.description = _clean_description(description)
    if active is not None:
        domain.active = active
    if relay_transport is not None:
        if domain.kind != Domain.Kind.RELAY:
            raise Invalid(
                "relay_transport: only a relay domain has a next hop",
                fields={"relay_transport": "invalid"},
            )
        domain.relay_transport = _clean_transport(relay_transport)
    if limit_changes:
        if domain.kind != Domain.Kind.VIRTUAL:
            raise Invalid("a relay domain holds no mailboxes, so it takes no limits")
        for field, value in _clean_limits(limit_changes).items():
            setattr(domain, field, value)
        _check_limit_coherence(domain)
        _check_limits_hold(domain)
    _check_limit_coherence(domain)
    domain.save()
    audit_record(
        actor=actor,
        action="domain.update",
        object_type="domain",
        object_repr=domain.name,
        domain=domain.name,
        before=before,
        after=domain.to_dict(),
    )
    return domain


def _check_limits_hold(domain: Domain) -> None:
    """New limits may not be below what the domain already holds."""
    from mailwarden.mailboxes.models import Mailbox

    usage = domain_usage(domain)
    quotas = Mailbox.objects.filter(address__domain=domain)
    if domain.max_mailboxes and usage.mailboxes > domain.max_mailboxes:
        raise Conflict(
            f"max_mailboxes: the domain already has {usage.mailboxes} mailboxes",
            fields={"max_mailboxes": "below_usage"},
        )
    if domain.max_aliases and usage.aliases > domain.max_aliases:
        raise Conflict(
            f"max_aliases: the domain already has {usage.aliases} aliases",
            fields={"max_aliases": "below_usage"},
        )
    if domain.total_quota_bytes and usage.quota_allocated_bytes > domain.total_quota_bytes:
        raise Conflict(
            f"total_quota_bytes: mailboxes already hold {usage.quota_allocated_bytes} bytes",
            fields={"total_quota_bytes": "below_usage"},
        )
    if domain.max_quota_bytes and (
        quotas.filter(quota_bytes__gt=domain.max_quota_bytes).exists()
        or quotas.filter(quota_bytes=0).exists()
    ):
        raise Conflict(
            "max_quota_bytes: a mailbox already has a larger (or unlimited) quota",
            fields={"max_quota_bytes": "below_usage"},
        )
    if domain.total_quota_bytes and quotas.filter(quota_bytes=0).exists():
        raise Conflict(
            "total_quota_bytes: some mailboxes have unlimited quota; give them quotas first",
            fields={"total_quota_bytes": "below_usage"},
        )


def _guard_protected_domains(names: list[str]) -> None:
    """The domain holding the protected first superadmin's address never goes away."""
    from mailwarden.admins.models import Admin

    email = Admin.objects.filter(is_protected=True).values_list("email", flat=True).first()
    domain = email.rsplit("@", 1)[1] if email else None
    if domain in names:
        raise Forbidden(f"domain {domain} holds the address of the protected first superadmin")


@transaction.atomic
def domain_delete(*, actor: Actor, name: str, force: bool = False) -> None:
    """Delete a domain; with ``force`` also everything in it (mailboxes, aliases, alias domains).

    Without ``force`` a domain that still holds mailboxes, aliases (other than postmaster@)
    or alias domains is refused. Maildirs stay on disk: mailwarden never touches them here.
    Its admins lose it, and those it was the only domain of are deactivated.
    """
    require_superadmin(actor, "delete domains")
    domain = domain_get(actor=actor, name=name, kinds=("virtual", "relay"), lock=True)
    from mailwarden.addresses.models import Address, Target
    from mailwarden.admins.models import Admin
    from mailwarden.admins.selectors import domain_admins
    from mailwarden.mailboxes.models import Mailbox

    alias_names = list(Domain.objects.filter(alias_target=domain).values_list("name", flat=True))
    _guard_protected_domains([domain.name, *alias_names])
    usage = domain_usage(domain)
    has_only_postmaster = (
        usage.aliases == 1
        and Address.objects.filter(
            domain=domain, local_part="postmaster", kind=Address.Kind.ALIAS
        ).exists()
    )
    holds = usage.mailboxes or usage.alias_domains or (usage.aliases and not has_only_postmaster)
    if holds and not force:
        raise Conflict(
            f"domain {domain.name} still has {usage.mailboxes} mailboxes, {usage.aliases} aliases "
            f"and {usage.alias_domains} alias domains; delete them first or use --force"
        )
    admins = domain_admins(domain.pk)
    before = domain.to_dict() | {
        "mailboxes": usage.mailboxes,
        "aliases": usage.aliases,
        "alias_domains": usage.alias_domains,
        "admins": admins.emails,
        "admins_deactivated": admins.only_domain,
    }
    # A domain admin needs a domain: those left with none can no longer log in (their
    # tokens stop with them) until a superadmin gives them one and turns them back on.
    Admin.objects.filter(email__in=admins.only_domain).update(is_active=False)
    Target.objects.filter(address__domain=domain).delete()
    Mailbox.objects.filter(address__domain=domain).delete()
    Address.objects.filter(domain=domain).delete()
    Domain.objects.filter(alias_target=domain).delete()
    domain.delete()
    audit_record(
        actor=actor,
        action="domain.delete",
        object_type="domain",
        object_repr=before["name"],
        domain=before["name"],
        before=before,
    )


@transaction.atomic
def aliasdomain_create(*, actor: Actor, name: str, target: str, active: bool = True) -> Domain:
    """Make every address of ``target`` valid at ``name`` too.

    Only a superadmin may add one: claiming a domain name (say, someone else's) is a
    privilege above managing a domain.
    """
    require_superadmin(actor, "create alias domains")
    ascii_name = normalize_domain(name, field="name")
    target_domain = domain_get(actor=actor, name=target, kinds=("virtual",))
    if ascii_name == target_domain.name:
        raise Invalid("an alias domain cannot point at itself", fields={"target": "invalid"})
    if Domain.objects.filter(name=ascii_name).exists():
        raise _name_taken(ascii_name)
    alias_domain = Domain(
        name=ascii_name, kind=Domain.Kind.ALIAS, alias_target=target_domain, active=active
    )
    try:
        with transaction.atomic():
            alias_domain.save()
    except IntegrityError:
        raise _name_taken(ascii_name) from None
    audit_record(
        actor=actor,
        action="aliasdomain.create",
        object_type="aliasdomain",
        object_repr=ascii_name,
        domain=target_domain.name,
        after=alias_domain.to_dict(),
    )
    return alias_domain


@transaction.atomic
def aliasdomain_delete(*, actor: Actor, name: str) -> None:
    require_superadmin(actor, "delete alias domains")
    alias_domain = domain_get(actor=actor, name=name, kinds=("alias",))
    _guard_protected_domains([alias_domain.name])
    before = alias_domain.to_dict()
    target_name = alias_domain.alias_target.name if alias_domain.alias_target else ""
    alias_domain.delete()
    audit_record(
        actor=actor,
        action="aliasdomain.delete",
        object_type="aliasdomain",
        object_repr=before["name"],
        domain=target_name,
        before=before,
    )
