"""Who may call each view. Every view of the panel carries exactly one of these decorators;
``tests/web/test_access_rules.py`` walks every URL and fails on a view without one.

- ``public``: anyone (the setup and login pages, static assets);
- ``admin_required``: any logged-in admin; the view receives the ``Actor``, whose domain set
  scopes every selector and service it calls;
- ``superadmin_required``: a superadmin; anyone else gets 404, as for a missing page.

While no admin exists, every protected page sends the visitor to the setup page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from mailwarden.admins.setup import setup_open
from mailwarden.core.actor import Actor, admin_actor
from mailwarden.security.client_ip import client_ip as resolve_client_ip

ACCESS_ATTRIBUTE = "mailwarden_access"
PUBLIC = "public"
ADMIN = "admin"
SUPERADMIN = "superadmin"
LEVELS = (PUBLIC, ADMIN, SUPERADMIN)

P = ParamSpec("P")
PublicView = Callable[..., HttpResponse]
ActorView = Callable[Concatenate[HttpRequest, Actor, P], HttpResponse]


def client_ip(request: HttpRequest) -> str | None:
    """The client address, believing X-Forwarded-For only from configured proxies."""
    return resolve_client_ip(request) or None


def public(view: PublicView) -> PublicView:
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def _guarded(level: str) -> Callable[[ActorView[P]], Callable[..., HttpResponse]]:
    def decorate(view: ActorView[P]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                if setup_open():
                    return redirect("web:setup")
                return redirect_to_login(request.get_full_path())
            actor = admin_actor(user, door="web", source_ip=client_ip(request))  # type: ignore[arg-type]
            if level == SUPERADMIN and not actor.is_superadmin:
                raise Http404
            return view(request, actor, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, level)
        return wrapper

    return decorate


admin_required = _guarded(ADMIN)
superadmin_required = _guarded(SUPERADMIN)


def access_of(view: Callable[..., Any]) -> str | None:
    """The declared access level of a view function, or None when it declares none."""
    return getattr(view, ACCESS_ATTRIBUTE, None)
