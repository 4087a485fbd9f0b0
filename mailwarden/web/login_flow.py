"""Where a successful password check becomes a session, or a pending second step.

The login service decides what comes after the password (``LoginStep.next_step``): ``done``
logs in at once; ``second_factor`` and ``enrol`` park the admin in the session, not logged
in, for the code page or the enrolment page, which call ``finish_login`` when the service
says the login is complete. A password alone therefore opens no page that needs a login.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme

from mailwarden.admins.models import Admin
from mailwarden.security.login import LoginStep

BACKEND = "django.contrib.auth.backends.ModelBackend"
PENDING_KEY = "mailwarden_login_pending"
# How long the password step is good for: a code is typed in seconds; setting up an
# authenticator app the first time takes longer.
PENDING_SECONDS = {"second_factor": 5 * 60, "enrol": 15 * 60}
STEP_PAGES = {"second_factor": "web:login_code", "enrol": "web:login_enrol"}


@dataclass(frozen=True)
class PendingLogin:
    """An admin who passed the password step and owes the step ``step``."""

    admin: Admin
    step: str
    next_url: str


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Only same-site paths are followed after login; anything else goes to the dashboard."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url("web:dashboard")


def complete_login(request: HttpRequest, step: LoginStep, next_url: str) -> HttpResponse:
    """The password was right: log in, or keep the admin pending for the step they owe."""
    if step.next_step == "done":
        finish_login(request, step.admin)
        return redirect(next_url)
    # A new session id before anything is stored in it: an id planted before the password
    # step does not carry the pending admin.
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "admin": step.admin.pk,
        # Changes with the password hash: a password change ends pending logins too.
        "check": step.admin.get_session_auth_hash(),
        "step": step.next_step,
        "next": next_url,
        "until": int(time.time()) + PENDING_SECONDS[step.next_step],
    }
    return redirect(STEP_PAGES[step.next_step])


def pending_login(request: HttpRequest, step: str) -> PendingLogin | None:
    """The admin pending for ``step`` in this session, or None (nothing pending, another
    step, expired, or the admin was deactivated or changed password since)."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict) or data.get("step") != step:
        return None
    admin_id = data.get("admin")
    admin = (
        Admin.objects.filter(pk=admin_id, is_active=True).first()
        if isinstance(admin_id, int)
        else None
    )
    if (
        admin is None
        or int(data.get("until", 0)) < time.time()
        or not constant_time_compare(str(data.get("check")), admin.get_session_auth_hash())
    ):
        del request.session[PENDING_KEY]
        return None
    return PendingLogin(admin=admin, step=step, next_url=str(data.get("next")))


def finish_login(request: HttpRequest, admin: Admin) -> None:
    """Log the admin in. login() gives the session a new key again: an id fixed before
    login, or seen during the password step, is worthless afterwards."""
    request.session.pop(PENDING_KEY, None)
    login(request, admin, backend=BACKEND)
