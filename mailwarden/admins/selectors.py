"""Reads of admin accounts: superadmins see all; a domain admin sees only themself."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

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


@dataclass(frozen=True)
class DomainAdmins:
    """The admins of one domain, and those of them it is the only domain of."""

    emails: list[str]
    only_domain: list[str]


def domain_admins(domain_id: int) -> DomainAdmins:
    """Who loses the domain when it goes (one query): a domain admin needs a domain, so
    those for whom it is the only one are deactivated with it (``domain_delete``)."""
    # The members by a subquery: filtering on the memberships themselves would count only
    # the filtered one.
    members = DomainAdmin.objects.filter(domain_id=domain_id).values("admin_id")
    rows = list(
        Admin.objects.filter(pk__in=members, is_superadmin=False)
        .annotate(domains=Count("domain_memberships"))
        .order_by("email")
        .values_list("email", "domains")
    )
    emails = [email for email, _ in rows]
    return DomainAdmins(emails=emails, only_domain=[e for e, n in rows if n == 1])
