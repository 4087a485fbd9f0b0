"""Where a successful password check becomes a session: the hook for a second factor.

The security issue adds TOTP here: when ``second_factor_required(admin)`` is true,
``complete_login`` stores the pending admin's id in the session and redirects to a second
step instead of logging in; that step calls ``finish_login`` after checking the code.
"""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from mailwarden.admins.models import Admin

BACKEND = "django.contrib.auth.backends.ModelBackend"


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Only same-site paths are followed after login; anything else goes to the dashboard."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url("web:dashboard")


def second_factor_required(admin: Admin) -> bool:
    """No second factor exists yet (security issue)."""
    return False


def complete_login(request: HttpRequest, admin: Admin, next_url: str) -> HttpResponse:
    """The password was right: log in (or, later, ask for the second factor)."""
    return finish_login(request, admin, next_url)


def finish_login(request: HttpRequest, admin: Admin, next_url: str) -> HttpResponse:
    # login() gives the session a new key: a session id fixed before login is worthless.
    login(request, admin, backend=BACKEND)
    return redirect(next_url)
