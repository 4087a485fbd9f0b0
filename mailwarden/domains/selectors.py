"""Reads of domains, already scoped to what the actor may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from mailwarden.core.actor import Actor
from mailwarden.core.addressing import normalize_domain
from mailwarden.core.errors import Invalid, NotFound
from mailwarden.core.grouping import totals_by
from mailwarden.core.pagination import Page, paginate
from mailwarden.core.text import search_text
from mailwarden.domains.models import Domain

DOMAIN_ORDERINGS = ("name", "-name", "created", "-created")


def visible_domains(actor: Actor) -> QuerySet[Domain]:
    """Every domain for a superadmin; a domain admin's own domains and their alias domains."""
    queryset = Domain.objects.all()
    if actor.is_superadmin:
        return queryset
    return queryset.filter(Q(id__in=actor.domain_ids) | Q(alias_target_id__in=actor.domain_ids))


def domain_get(
    *, actor: Actor, name: str, kinds: tuple[str, ...] | None = None, lock: bool = False
) -> Domain:
    """The domain called ``name`` if the actor may see it; otherwise NotFound, either way.

    ``lock`` takes the row for the rest of the transaction (``SELECT ... FOR UPDATE``; on
    SQLite the IMMEDIATE transaction already serialises writers), so a write that checks a
    limit finds and locks its domain in one query. A locked read joins nothing: PostgreSQL
    cannot lock the nullable side of the ``alias_target`` join.
    """
    ascii_name = normalize_domain(name)
    queryset = visible_domains(actor)
    queryset = queryset.select_for_update() if lock else queryset.select_related("alias_target")
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    try:
        return queryset.get(name=ascii_name)
    except Domain.DoesNotExist:
        raise NotFound(f"domain {ascii_name} not found") from None


def domain_list(
    *,
    actor: Actor,
    search: str | None = None,
    kinds: tuple[str, ...] = ("virtual", "relay"),
    active: bool | None = None,
    order: str = "name",
    offset: int = 0,
    limit: int = 50,
) -> Page[Domain]:
    if order not in DOMAIN_ORDERINGS:
        raise Invalid(f"order: one of {', '.join(DOMAIN_ORDERINGS)}", fields={"order": "invalid"})
    queryset = visible_domains(actor).filter(kind__in=kinds).select_related("alias_target")
    if search:
        queryset = queryset.filter(name__contains=search_text(search).lower())
    if active is not None:
        queryset = queryset.filter(active=active)
    return paginate(queryset.order_by(order), offset=offset, limit=limit)


@dataclass(frozen=True)
class DomainUsage:
    mailboxes: int
    aliases: int
    alias_domains: int
    quota_allocated_bytes: int


def domain_usage(domain: Domain) -> DomainUsage:
    """What a domain holds, counted in SQL (the numbers limits are checked against)."""
    return domain_usages([domain])[domain.pk]


def domain_usages(domains: Sequence[Domain]) -> dict[int, DomainUsage]:
    """``domain_usage`` for several domains at once, by domain id: three grouped queries
    whatever their number, so a page of domains costs no query per domain."""
    from mailwarden.addresses.models import Address
    from mailwarden.mailboxes.models import Mailbox

    ids = [domain.pk for domain in domains]
    counts = totals_by(
        Address.objects.filter(domain_id__in=ids), "domain_id", "kind", total=Count("id")
    )
    quotas = totals_by(
        Mailbox.objects.filter(address__domain_id__in=ids),
        "address__domain_id",
        total=Sum("quota_bytes"),
    )
    alias_domains = totals_by(
        Domain.objects.filter(alias_target_id__in=ids), "alias_target_id", total=Count("id")
    )
    return {
        pk: DomainUsage(
            mailboxes=counts.get((pk, Address.Kind.MAILBOX), 0),
            aliases=counts.get((pk, Address.Kind.ALIAS), 0),
            alias_domains=alias_domains.get(pk, 0),
            quota_allocated_bytes=quotas.get(pk, 0),
        )
        for pk in ids
    }


def aliasdomain_get(*, actor: Actor, name: str) -> Domain:
    try:
        return domain_get(actor=actor, name=name, kinds=("alias",))
    except NotFound:
        raise NotFound(f"alias domain {normalize_domain(name)} not found") from None


def aliasdomain_list(
    *, actor: Actor, target: str | None = None, offset: int = 0, limit: int = 50
) -> Page[Domain]:
    queryset = visible_domains(actor).filter(kind=Domain.Kind.ALIAS).select_related("alias_target")
    if target:
        queryset = queryset.filter(alias_target__name=normalize_domain(target, field="target"))
    return paginate(queryset.order_by("name"), offset=offset, limit=limit)
