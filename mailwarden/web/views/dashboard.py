"""The dashboard: counts, the first domains' usage against their limits, recent changes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from mailwarden.addresses.selectors import address_totals
from mailwarden.audit.selectors import recent_changes
from mailwarden.core.actor import Actor
from mailwarden.domains.selectors import domain_list, domain_usages
from mailwarden.web.access import admin_required, public

DOMAINS_SHOWN = 5
EVENTS_SHOWN = 10


@admin_required
@require_safe
def dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    domains = domain_list(actor=actor, kinds=("virtual",), limit=DOMAINS_SHOWN)
    usages = domain_usages(domains.items)
    context = {
        "domain_total": domains.total,
        "totals": address_totals(actor=actor),
        "usages": [(domain, usages[domain.pk]) for domain in domains.items],
        "events": recent_changes(actor, limit=EVENTS_SHOWN),
    }
    return render(request, "web/dashboard.html", context)


@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The site root leads to the dashboard (which sends visitors to login or setup)."""
    return redirect("web:dashboard")
