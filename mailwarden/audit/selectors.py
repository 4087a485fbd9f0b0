"""Reads of the audit log: a domain admin sees only events of their domains."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from mailwarden.audit.models import AuditEvent, AuditEventQuerySet
from mailwarden.core.actor import Actor
from mailwarden.core.addressing import normalize_domain
from mailwarden.core.pagination import Page, paginate
from mailwarden.core.text import search_text
from mailwarden.domains.models import Domain


def visible_events(actor: Actor) -> AuditEventQuerySet:
    """A domain admin's events: those of each of their domains since it was created. Events
    name their domain, and a name can be deleted and created again for another customer,
    whose admin must not read the previous one's history."""
    if actor.is_superadmin:
        return AuditEvent.objects.all()
    since = Domain.objects.filter(id__in=actor.domain_ids).values_list("name", "created")
    scope = Q(pk__in=[])
    for name, created in since:
        scope |= Q(domain=name, at__gte=created)
    return AuditEvent.objects.filter(scope)


def recent_changes(actor: Actor, *, limit: int) -> list[AuditEvent]:
    """The newest changes ``actor`` may see, for the dashboard: no total to count."""
    return list(visible_events(actor).changes().order_by("-at", "-id")[:limit])


def audit_list(
    *,
    actor: Actor,
    domain: str | None = None,
    actor_label: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    without_calls: bool = False,
    offset: int = 0,
    limit: int = 50,
) -> Page[AuditEvent]:
    queryset = visible_events(actor)
    if domain:
        queryset = queryset.filter(domain=normalize_domain(domain))
    if actor_label:
        queryset = queryset.filter(actor=search_text(actor_label, field="actor"))
    if action:
        queryset = queryset.filter(action=search_text(action, field="action"))
    if since:
        queryset = queryset.filter(at__gte=since)
    if until:
        queryset = queryset.filter(at__lt=until)
    if without_calls:
        queryset = queryset.changes()
    return paginate(queryset.order_by("-at", "-id"), offset=offset, limit=limit)
