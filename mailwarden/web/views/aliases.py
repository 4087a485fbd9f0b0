"""Aliases: list per domain and search, create (catch-all included), edit targets, delete."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mailwarden.addresses.selectors import ADDRESS_ORDERINGS, alias_get, alias_list, alias_to_dict
from mailwarden.addresses.services import alias_create, alias_delete, alias_update
from mailwarden.core.actor import Actor
from mailwarden.domains.selectors import domain_get
from mailwarden.web.access import admin_required
from mailwarden.web.errors import attempt, lookup, submit
from mailwarden.web.forms import ConfirmForm, posted
from mailwarden.web.forms.aliases import AliasCreateForm, AliasEditForm
from mailwarden.web.listing import list_query, list_url, pager
from mailwarden.web.views.choices import domain_choices


@admin_required
@require_safe
def alias_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    query = list_query(request, ADDRESS_ORDERINGS)
    domain = None
    if request.GET.get("domain"):
        domain = lookup(domain_get, actor=actor, name=request.GET["domain"], kinds=("virtual",))
    page = alias_list(
        actor=actor, domain=domain.name if domain else None, **query.selector_kwargs()
    )
    context = {
        "page": page,
        "pager": pager(page, query.page),
        "query": query,
        "domain": domain,
        "keep": [("domain", domain.name)] if domain else [],
    }
    return render(request, "web/aliases/list.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def alias_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = AliasCreateForm(posted(request), initial={"domain": request.GET.get("domain")})
    if request.method == "POST" and form.is_valid():
        alias = submit(
            form,
            alias_create,
            actor=actor,
            address=form.address(),
            targets=form.cleaned_data["targets"],
            active=form.cleaned_data["active"],
        )
        if alias is not None:
            messages.success(request, _("Alias %(address)s created.") % {"address": alias.email})
            return redirect("web:alias_detail", address=alias.email)
    context = {"form": form, "domains": domain_choices(actor)}
    return render(request, "web/aliases/new.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def alias_detail(request: HttpRequest, actor: Actor, address: str) -> HttpResponse:
    """The alias with the form to change its targets and state."""
    alias = alias_to_dict(lookup(alias_get, actor=actor, address=address))
    form = AliasEditForm(posted(request), initial=alias)
    if request.method == "POST" and form.is_valid():
        updated = submit(
            form,
            alias_update,
            actor=actor,
            address=alias["address"],
            targets=form.cleaned_data["targets"],
            active=form.cleaned_data["active"],
        )
        if updated is not None:
            messages.success(request, _("Alias %(address)s saved.") % {"address": updated.email})
            return redirect("web:alias_detail", address=updated.email)
    return render(request, "web/aliases/detail.html", {"form": form, "alias": alias})


@admin_required
@require_http_methods(["GET", "POST"])
def alias_remove(request: HttpRequest, actor: Actor, address: str) -> HttpResponse:
    alias = alias_to_dict(lookup(alias_get, actor=actor, address=address))
    form = ConfirmForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, alias_delete, actor=actor, address=alias["address"])
    ):
        messages.success(request, _("Alias %(address)s deleted.") % {"address": alias["address"]})
        return redirect(list_url("web:alias_index", domain=alias["domain"]))
    return render(request, "web/aliases/delete.html", {"form": form, "alias": alias})
