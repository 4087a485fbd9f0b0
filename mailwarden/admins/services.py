"""Writes to admin accounts; the first superadmin is protected through every door."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from mailwarden.admins.models import Admin, DomainAdmin
from mailwarden.admins.selectors import admin_get
from mailwarden.audit.services import audit_record
from mailwarden.core.actor import Actor
from mailwarden.core.addressing import normalize_address
from mailwarden.core.errors import Conflict, Forbidden, Invalid
from mailwarden.domains.models import Domain
from mailwarden.domains.selectors import domain_get
from mailwarden.domains.services import require_superadmin
from mailwarden.security.password_policy import check_password_policy


def _check_password(password: str) -> str:
    check_password_policy(password)
    return make_password(password)


def _domains(actor: Actor, names: list[str]) -> list[Domain]:
    return [domain_get(actor=actor, name=n, kinds=("virtual", "relay")) for n in names]


def _set_domains(admin: Admin, domains: list[Domain]) -> None:
    DomainAdmin.objects.filter(admin=admin).delete()
    DomainAdmin.objects.bulk_create([DomainAdmin(admin=admin, domain=d) for d in domains])


def _guard_protected(actor: Actor, admin: Admin, doing: str) -> None:
    """No other admin may act on the protected superadmin. The operator at the mail host's
    shell (no admin behind the actor) may set its password: the recovery path for a
    forgotten one, audited like everything else."""
    if admin.is_protected and actor.admin is not None and actor.admin.pk != admin.pk:
        raise Forbidden(f"{admin.email} is the protected first superadmin; nobody else may {doing}")


@transaction.atomic
def admin_create(
    *,
    actor: Actor,
    email: str,
    password: str,
    is_superadmin: bool = False,
    domains: list[str] | None = None,
) -> Admin:
    """Create an admin. The very first superadmin becomes the protected one."""
    require_superadmin(actor, "create admins")
    normalized = normalize_address(email, field="email")
    domain_rows = _domains(actor, domains or [])
    if is_superadmin and domain_rows:
        raise Invalid("a superadmin manages every domain; give no --domain")
    if not is_superadmin and not domain_rows:
        raise Invalid("a domain admin needs at least one domain", fields={"domains": "required"})
    if Admin.objects.filter(email=normalized).exists():
        raise Conflict(f"admin {normalized} already exists")
    first = is_superadmin and not Admin.objects.filter(is_superadmin=True).exists()
    admin = Admin(
        email=normalized,
        password=_check_password(password),
        is_superadmin=is_superadmin,
        is_protected=first,
    )
    try:
        with transaction.atomic():
            admin.save()
    except IntegrityError:
        raise Conflict(f"admin {normalized} already exists") from None
    _set_domains(admin, domain_rows)
    _audit(actor, "admin.create", admin, None, admin.to_dict())
    return admin


@transaction.atomic
def admin_update(
    *,
    actor: Actor,
    email: str,
    is_superadmin: bool | None = None,
    active: bool | None = None,
    domains: list[str] | None = None,
) -> Admin:
    require_superadmin(actor, "change admins")
    admin = admin_get(actor=actor, email=email)
    before = admin.to_dict()
    if (is_superadmin is False or active is False) and admin.is_protected:
        raise Forbidden(
            f"{admin.email} is the protected first superadmin; it cannot be demoted or deactivated"
        )
    if is_superadmin is not None:
        admin.is_superadmin = is_superadmin
    if active is not None:
        admin.is_active = active
    admin.save()
    if admin.is_superadmin:
        if domains:
            raise Invalid("a superadmin manages every domain; give no --domain")
        _set_domains(admin, [])
    elif domains is not None or is_superadmin is False:
        rows = _domains(actor, domains or [])
        if not rows:
            raise Invalid(
                "a domain admin needs at least one domain", fields={"domains": "required"}
            )
        _set_domains(admin, rows)
    admin = admin_get(actor=actor, email=admin.email)
    _audit(actor, "admin.update", admin, before, admin.to_dict())
    return admin


@transaction.atomic
def admin_set_password(*, actor: Actor, email: str, password: str) -> Admin:
    """A superadmin sets anyone's password except the protected one's; everyone their own."""
    admin = admin_get(actor=actor, email=email)
    is_self = actor.admin is not None and actor.admin.pk == admin.pk
    if not is_self:
        require_superadmin(actor, "set another admin's password")
        _guard_protected(actor, admin, "set its password")
    admin.password = _check_password(password)
    admin.save(update_fields=["password", "modified"])
    _audit(actor, "admin.set_password", admin, None, {"email": admin.email})
    return admin


@transaction.atomic
def admin_delete(*, actor: Actor, email: str) -> None:
    require_superadmin(actor, "delete admins")
    admin = admin_get(actor=actor, email=email)
    if admin.is_protected:
        raise Forbidden(f"{admin.email} is the protected first superadmin; it cannot be deleted")
    before = admin.to_dict()
    admin.delete()
    _audit(actor, "admin.delete", None, before, None, email=before["email"])


def _audit(
    actor: Actor,
    action: str,
    admin: Admin | None,
    before: dict | None,
    after: dict | None,
    *,
    email: str = "",
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="admin",
        object_repr=admin.email if admin else email,
        before=before,
        after=after,
    )
