"""Alias domains: every address of one domain delivered as the same address of another."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mailwarden.core.actor import Actor
from mailwarden.domains.selectors import aliasdomain_get, aliasdomain_list, domain_get
from mailwarden.domains.services import aliasdomain_create, aliasdomain_delete
from mailwarden.web.access import admin_required, superadmin_required
from mailwarden.web.errors import attempt, lookup, submit
from mailwarden.web.forms import ConfirmForm, posted
from mailwarden.web.forms.domains import AliasDomainForm
from mailwarden.web.listing import PAGE_SIZE, list_query, pager
from mailwarden.web.views.choices import domain_choices


@admin_required
@require_safe
def aliasdomain_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Alias domains, all or of one target domain (``?target=``)."""
    query = list_query(request, ("name",))
    target = None
    if request.GET.get("target"):
        target = lookup(domain_get, actor=actor, name=request.GET["target"], kinds=("virtual",))
    page = aliasdomain_list(
        actor=actor,
        target=target.name if target else None,
        offset=query.offset,
        limit=PAGE_SIZE,
    )
    context = {"page": page, "pager": pager(page, query.page), "query": query, "target": target}
    return render(request, "web/aliasdomains/list.html", context)


@superadmin_required
@require_http_methods(["GET", "POST"])
def aliasdomain_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = AliasDomainForm(posted(request), initial={"target": request.GET.get("target")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = submit(
            form,
            aliasdomain_create,
            actor=actor,
            name=data["name"],
            target=data["target"],
            active=data["active"],
        )
        if created is not None:
            messages.success(
                request, _("Alias domain %(name)s created.") % {"name": created.display_name}
            )
            return redirect("web:aliasdomain_index")
    context = {"form": form, "domains": domain_choices(actor)}
    return render(request, "web/aliasdomains/new.html", context)


@superadmin_required
@require_http_methods(["GET", "POST"])
def aliasdomain_remove(request: HttpRequest, actor: Actor, name: str) -> HttpResponse:
    alias_domain = lookup(aliasdomain_get, actor=actor, name=name)
    form = ConfirmForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, aliasdomain_delete, actor=actor, name=alias_domain.name)
    ):
        messages.success(
            request, _("Alias domain %(name)s deleted.") % {"name": alias_domain.display_name}
        )
        return redirect("web:aliasdomain_index")
    context = {"form": form, "alias_domain": alias_domain}
    return render(request, "web/aliasdomains/delete.html", context)
