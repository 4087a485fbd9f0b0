"""Reads of admin accounts: superadmins see all; a domain admin sees only themself."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from mailwarden.admins.models import Admin, DomainAdmin
from mailwarden.core.actor import Actor
from mailwarden.core.addressing import normalize_address
from mailwarden.core.errors import NotFound
from mailwarden.core.pagination import Page, paginate


def visible_admins(actor: Actor) -> QuerySet[Admin]:
    queryset = Admin.objects.prefetch_related(
        Prefetch("domain_memberships", queryset=DomainAdmin.objects.select_related("domain"))
    )
    if actor.is_superadmin:
        return queryset
    if actor.admin is None:
        return queryset.none()
    return queryset.filter(pk=actor.admin.pk)


def admin_get(*, actor: Actor, email: str) -> Admin:
    normalized = normalize_address(email, field="email")
    try:
        return visible_admins(actor).get(email=normalized)
    except Admin.DoesNotExist:
        raise NotFound(f"admin {normalized} not found") from None


def admin_list(*, actor: Actor, offset: int = 0, limit: int = 50) -> Page[Admin]:
    return paginate(visible_admins(actor).order_by("email"), offset=offset, limit=limit)
