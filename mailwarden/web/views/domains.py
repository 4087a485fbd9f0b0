"""Domains: list (search, sort, active filter, pages), detail with usage, create, edit,
enable/disable, delete (showing what goes, confirmed by typing the name)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mailwarden.admins.selectors import domain_admins
from mailwarden.core.actor import Actor
from mailwarden.domains.selectors import (
    DOMAIN_ORDERINGS,
    aliasdomain_list,
    domain_get,
    domain_list,
    domain_usage,
)
from mailwarden.domains.services import domain_create, domain_delete, domain_update
from mailwarden.web.access import admin_required, superadmin_required
from mailwarden.web.errors import act, attempt, lookup, submit
from mailwarden.web.forms import posted
from mailwarden.web.forms.domains import DomainCreateForm, DomainDeleteForm, DomainEditForm
from mailwarden.web.listing import list_query, pager

KINDS = ("virtual", "relay")


@admin_required
@require_safe
def domain_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    query = list_query(request, DOMAIN_ORDERINGS)
    page = domain_list(actor=actor, kinds=KINDS, **query.selector_kwargs())
    context = {"page": page, "pager": pager(page, query.page), "query": query}
    return render(request, "web/domains/list.html", context)


@admin_required
@require_safe
def domain_detail(request: HttpRequest, actor: Actor, name: str) -> HttpResponse:
    domain = lookup(domain_get, actor=actor, name=name, kinds=KINDS)
    context = {
        "domain": domain,
        "usage": domain_usage(domain),
        "alias_domains": aliasdomain_list(actor=actor, target=domain.name, limit=100),
    }
    return render(request, "web/domains/detail.html", context)


@superadmin_required
@require_http_methods(["GET", "POST"])
def domain_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = DomainCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        domain = submit(
            form,
            domain_create,
            actor=actor,
            name=data["name"],
            description=data["description"],
            active=data["active"],
            relay=data["relay"],
            relay_transport=data["relay_transport"],
            create_postmaster=data["create_postmaster"],
            postmaster_to=data["postmaster_to"] or None,
            **({} if data["relay"] else form.limits()),
        )
        if domain is not None:
            messages.success(request, _("Domain %(name)s created.") % {"name": domain.display_name})
            return redirect("web:domain_detail", name=domain.name)
    return render(request, "web/domains/form.html", {"form": form})


@admin_required
@require_http_methods(["GET", "POST"])
def domain_edit(request: HttpRequest, actor: Actor, name: str) -> HttpResponse:
    """A superadmin edits limits, state and next hop; a domain admin the description only."""
    domain = lookup(domain_get, actor=actor, name=name, kinds=KINDS)
    initial = domain.to_dict() | {
        "max_quota": domain.max_quota_bytes,
        "total_quota": domain.total_quota_bytes,
        "default_quota": domain.default_quota_bytes,
    }
    form = DomainEditForm(
        posted(request),
        initial=initial,
        superadmin=actor.is_superadmin,
        kind=domain.kind,
    )
    if request.method == "POST" and form.is_valid():
        updated = submit(form, domain_update, actor=actor, name=domain.name, **form.changes())
        if updated is not None:
            messages.success(request, _("Domain %(name)s saved.") % {"name": domain.display_name})
            return redirect("web:domain_detail", name=domain.name)
    return render(request, "web/domains/form.html", {"form": form, "domain": domain})


@superadmin_required
@require_POST
def domain_set_active(request: HttpRequest, actor: Actor, name: str) -> HttpResponse:
    """The enable/disable button of the detail page."""
    domain = lookup(domain_get, actor=actor, name=name, kinds=KINDS)
    active = request.POST.get("active") == "1"
    if act(request, domain_update, actor=actor, name=domain.name, active=active):
        text = _("Domain %(name)s enabled.") if active else _("Domain %(name)s disabled.")
        messages.success(request, text % {"name": domain.display_name})
    return redirect("web:domain_detail", name=domain.name)


@superadmin_required
@require_http_methods(["GET", "POST"])
def domain_remove(request: HttpRequest, actor: Actor, name: str) -> HttpResponse:
    """Shows the counts of what goes with the domain; deletes when its name is typed."""
    domain = lookup(domain_get, actor=actor, name=name, kinds=KINDS)
    form = DomainDeleteForm(posted(request), names=(domain.name, domain.display_name))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, domain_delete, actor=actor, name=domain.name, force=True)
    ):
        messages.success(request, _("Domain %(name)s deleted.") % {"name": domain.display_name})
        return redirect("web:domain_index")
    context = {
        "domain": domain,
        "usage": domain_usage(domain),
        "admins": domain_admins(domain.pk),
        "form": form,
    }
    return render(request, "web/domains/delete.html", context)
