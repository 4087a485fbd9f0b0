"""Writes to aliases (including catch-alls) and to where an address's mail goes."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from mailwarden.addresses.models import Address, Target
from mailwarden.addresses.selectors import alias_get, alias_to_dict
from mailwarden.admins.guards import guard_admin_login, guard_postmaster
from mailwarden.audit.services import audit_record
from mailwarden.core.actor import Actor
from mailwarden.core.addressing import normalize_address, split_alias_address
from mailwarden.core.errors import Conflict, Invalid, LimitReached
from mailwarden.domains.models import Domain
from mailwarden.domains.selectors import domain_get

MAX_TARGETS = 200


def clean_targets(targets: list[str], *, owner: str) -> list[str]:
    """Normalise destinations: full addresses, no duplicates, never the owner itself."""
    cleaned: list[str] = []
    for raw in targets:
        target = normalize_address(raw, field="targets")
        if target == owner:
            raise Invalid(f"targets: {owner} cannot point at itself", fields={"targets": "loop"})
        if target not in cleaned:
            cleaned.append(target)
    if not cleaned:
        raise Invalid(
            "targets: at least one destination is required", fields={"targets": "required"}
        )
    if len(cleaned) > MAX_TARGETS:
        raise Invalid(
            f"targets: at most {MAX_TARGETS} destinations", fields={"targets": "too_many"}
        )
    return cleaned


def replace_targets(address: Address, targets: list[str]) -> None:
    """Write ``targets`` as the address's rows, and keep them on it as written."""
    Target.objects.filter(address=address).delete()
    address.target_list = Target.objects.bulk_create(
        [Target(address=address, target=t) for t in targets]
    )


def hosted_domain_for(actor: Actor, domain_name: str) -> Domain:
    """The hosted domain an address is created in, locked until commit so that concurrent
    creates queue behind its limit checks, with a clear word for the other kinds."""
    domain = domain_get(actor=actor, name=domain_name, lock=True)
    if domain.kind == Domain.Kind.ALIAS:
        raise Invalid(
            f"{domain.name} is an alias domain of {domain.alias_target}; "
            f"create the address in {domain.alias_target}"
        )
    if domain.kind == Domain.Kind.RELAY:
        raise Invalid(f"{domain.name} is a relay domain; its mail is delivered elsewhere")
    return domain


def insert_address(domain: Domain, local_part: str, kind: str, active: bool) -> Address:
    """Claim ``local_part@domain``. The unique index decides; only when it refuses is the
    holder looked up, for a message that names what already has the address."""
    email = f"{local_part}@{domain.name}"
    try:
        with transaction.atomic():
            return Address.objects.create(
                domain=domain, local_part=local_part, email=email, kind=kind, active=active
            )
    except IntegrityError:
        existing = Address.objects.filter(email=email).values_list("kind", flat=True).first()
        if existing is None:
            raise Conflict(f"{email} already exists", fields={"address": "taken"}) from None
        article = "an" if existing == Address.Kind.ALIAS else "a"
        raise Conflict(
            f"{email} already exists as {article} {existing}", fields={"address": "taken"}
        ) from None


@transaction.atomic
def alias_create(*, actor: Actor, address: str, targets: list[str], active: bool = True) -> Address:
    """Create an alias (``@domain`` makes a catch-all) within the domain's alias limit."""
    local, domain_name = split_alias_address(address)
    domain = hosted_domain_for(actor, domain_name)
    email = f"{local}@{domain.name}"
    guard_admin_login(actor, email)
    cleaned = clean_targets(targets, owner=email)
    if domain.max_aliases:
        count = Address.objects.filter(domain=domain, kind=Address.Kind.ALIAS).count()
        if count >= domain.max_aliases:
            raise LimitReached(
                f"domain {domain.name} has reached its limit of {domain.max_aliases} aliases"
            )
    alias = insert_address(domain, local, Address.Kind.ALIAS, active)
    replace_targets(alias, cleaned)
    if local == "postmaster" and domain.postmaster_pending:
        Domain.objects.filter(pk=domain.pk).update(postmaster_pending=False)
    audit_record(
        actor=actor,
        action="alias.create",
        object_type="alias",
        object_repr=email,
        domain=domain.name,
        after=alias_to_dict(alias),
    )
    return alias


@transaction.atomic
def alias_update(
    *, actor: Actor, address: str, targets: list[str] | None = None, active: bool | None = None
) -> Address:
    alias = alias_get(actor=actor, address=address)
    guard_admin_login(actor, alias.email)
    before = alias_to_dict(alias)
    if targets is not None:
        replace_targets(alias, clean_targets(targets, owner=alias.email))
    if active is not None and active != alias.active:
        guard_postmaster(actor, alias.email, removing=not active)
        alias.active = active
        alias.save(update_fields=["active", "modified"])
    alias = alias_get(actor=actor, address=alias.email)
    audit_record(
        actor=actor,
        action="alias.update",
        object_type="alias",
        object_repr=alias.email,
        domain=alias.domain.name,
        before=before,
        after=alias_to_dict(alias),
    )
    return alias


@transaction.atomic
def alias_delete(*, actor: Actor, address: str) -> None:
    alias = alias_get(actor=actor, address=address)
    guard_admin_login(actor, alias.email)
    guard_postmaster(actor, alias.email, removing=True)
    before = alias_to_dict(alias)
    alias.delete()
    audit_record(
        actor=actor,
        action="alias.delete",
        object_type="alias",
        object_repr=before["address"],
        domain=before["domain"],
        before=before,
    )
