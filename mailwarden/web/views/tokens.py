"""API tokens in the panel: list, create (the token is shown once), revoke.

A superadmin sees and revokes every token and creates them for anyone; a domain admin only
their own, for their domains. Those rules are the tokens services' and selectors'.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from mailwarden.admins.selectors import admin_list
from mailwarden.core.actor import Actor
from mailwarden.core.pagination import MAX_LIMIT
from mailwarden.domains.selectors import domain_list
from mailwarden.tokens.selectors import token_get_by_prefix, token_list
from mailwarden.tokens.services import token_create, token_revoke
from mailwarden.web.access import admin_required
from mailwarden.web.errors import attempt, lookup, submit
from mailwarden.web.forms import ConfirmForm, posted
from mailwarden.web.forms.tokens import TokenCreateForm
from mailwarden.web.listing import PAGE_SIZE, list_query, pager
from mailwarden.web.views.choices import SUGGESTED


@admin_required
@require_safe
def token_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    query = list_query(request, ("name",))
    include_revoked = request.GET.get("revoked") == "1"
    page = token_list(
        actor=actor, include_revoked=include_revoked, offset=query.offset, limit=PAGE_SIZE
    )
    context = {
        "page": page,
        "pager": pager(page, query.page),
        "include_revoked": include_revoked,
        "now": timezone.now(),
    }
    return render(request, "web/tokens/list.html", context)


def _own_domains(actor: Actor) -> list[str] | None:
    """A domain admin's domains to tick from; None for a superadmin, who types any."""
    if actor.is_superadmin:
        return None
    return [d.name for d in domain_list(actor=actor, limit=MAX_LIMIT).items]


def _admin_suggestions(actor: Actor) -> list[str]:
    if not actor.is_superadmin:
        return []
    return [a.email for a in admin_list(actor=actor, limit=SUGGESTED).items]


# The page that shows the token must not be kept by any cache, and an error report must not
# carry it: every local of this view and what it calls is hidden from tracebacks.
@admin_required
@never_cache
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def token_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = TokenCreateForm(
        posted(request), own_domains=_own_domains(actor), initial={"owner": actor.label}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = submit(
            form,
            token_create,
            actor=actor,
            name=data["name"],
            owner_email=data.get("owner") or None,
            scopes=data["scopes"],
            domains=data["domains"],
            networks=data["networks"],
            expires_days=data["expires_days"],
        )
        if created is not None:
            # Rendered in the answer to the POST itself: the token never sits in the session,
            # a message, a URL or a redirect, and reloading cannot show it again.
            context = {"token": created.token, "secret": created.secret}
            return render(request, "web/tokens/created.html", context)
    context = {"form": form, "admins": _admin_suggestions(actor)}
    return render(request, "web/tokens/new.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def token_revoke_confirm(request: HttpRequest, actor: Actor, prefix: str) -> HttpResponse:
    """GET asks; only the POST (with its CSRF token) revokes."""
    token = lookup(token_get_by_prefix, actor=actor, prefix=prefix)
    form = ConfirmForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, token_revoke, actor=actor, prefix=token.prefix)
    ):
        messages.success(
            request,
            _("Token %(name)s of %(owner)s revoked.")
            % {"name": token.name, "owner": token.owner.email},
        )
        return redirect("web:token_index")
    return render(request, "web/tokens/revoke.html", {"form": form, "token": token})
