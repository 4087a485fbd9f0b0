"""The audit log, filtered by domain, actor, action and dates; scoped by the selector."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from mailwarden.audit.selectors import audit_list
from mailwarden.core.actor import Actor
from mailwarden.core.errors import Invalid
from mailwarden.web.access import admin_required
from mailwarden.web.errors import add_service_error
from mailwarden.web.forms.admins import AuditFilterForm
from mailwarden.web.listing import PAGE_SIZE, list_query, pager

ACTIONS = (
    "domain.create",
    "domain.update",
    "domain.delete",
    "aliasdomain.create",
    "aliasdomain.delete",
    "mailbox.create",
    "mailbox.update",
    "mailbox.set_password",
    "mailbox.set_forwarding",
    "mailbox.delete",
    "alias.create",
    "alias.update",
    "alias.delete",
    "admin.create",
    "admin.update",
    "admin.set_password",
    "admin.delete",
    "api.call",
)


def _day_start(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def _day_after(day: date | None) -> datetime | None:
    """Where ``until`` stops: it includes its whole day. The last day a date can be has
    no day after it, so it sets no bound."""
    if day is None or day == date.max:
        return None
    return _day_start(day + timedelta(days=1))


@admin_required
@require_safe
def audit_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    query = list_query(request, ("-at",))
    form = AuditFilterForm(request.GET)
    page = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            page = audit_list(
                actor=actor,
                domain=data["domain"] or None,
                actor_label=data["actor"] or None,
                action=data["action"] or None,
                since=_day_start(data["since"]),
                until=_day_after(data["until"]),
                without_calls=data["without_calls"],
                offset=query.offset,
                limit=PAGE_SIZE,
            )
        except Invalid as exc:
            add_service_error(form, exc)
    context = {
        "form": form,
        "page": page,
        "pager": pager(page, query.page) if page else None,
        "actions": ACTIONS,
    }
    return render(request, "web/audit/list.html", context)
