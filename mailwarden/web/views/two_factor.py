"""Two-factor login in the panel: the code step of a login, enrolment at login when the
server requires a second factor, and an admin's own two-factor page.

The rules (throttling, replay, who may enrol what, audit) are the services'
(``security.login``, ``security.totp``); the pending login lives in ``web.login_flow``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mailwarden.admins.models import Admin
from mailwarden.core.actor import Actor
from mailwarden.core.errors import Conflict, Invalid, ServiceError, TooManyAttempts
from mailwarden.security.login import (
    admin_login_enrol_begin,
    admin_login_enrol_confirm,
    admin_login_second_factor,
    totp_disable,
)
from mailwarden.security.totp import (
    totp_enabled,
    totp_enrol_begin,
    totp_enrol_confirm,
    totp_enrolment_pending,
)
from mailwarden.web.access import admin_required, client_ip, public
from mailwarden.web.errors import act, add_service_error, locked_out
from mailwarden.web.forms import posted
from mailwarden.web.forms.two_factor import ConfirmCodeForm, DisableForm, LoginCodeForm
from mailwarden.web.login_flow import finish_login, pending_login
from mailwarden.web.qr import qr_svg

CODE_REFUSED = (
    "That code is not valid. Enter the code your app shows now, or a backup code you have "
    "not used yet."
)
LOGIN_AGAIN = "Please log in again."


def _start_over(request: HttpRequest) -> HttpResponse:
    """No pending login here (none, expired, ended): back to the password step, which sends
    an admin who is already logged in on to the dashboard."""
    if not request.user.is_authenticated:
        messages.info(request, _(LOGIN_AGAIN))
    return redirect("web:login")


def _setup_context(admin: Admin, begin_url: str, form: ConfirmCodeForm) -> dict[str, Any]:
    """What the setup part of a page shows: the begin button, or the pending enrolment's
    QR code, key and link with the confirmation form. The key is read back from the
    server (sealed in the database), never carried in the form."""
    enrolment = totp_enrolment_pending(admin=admin)
    return {
        "enrolment": enrolment,
        "qr": qr_svg(enrolment.uri) if enrolment else None,
        "begin_url": begin_url,
        "confirm_form": form,
    }


def _backup_codes(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    """The backup codes, in this response only: never stored, never shown again."""
    return render(
        request, "web/two_factor/backup_codes.html", {"codes": codes, "next_url": next_url}
    )


@public
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of a login: a TOTP code or a backup code, after the password."""
    pending = pending_login(request, "second_factor")
    if pending is None:
        return _start_over(request)
    form = LoginCodeForm(posted(request))
    template = "web/two_factor/code.html"
    if request.method == "POST" and form.is_valid():
        try:
            admin_login_second_factor(
                admin=pending.admin, code=form.cleaned_data["code"], ip=client_ip(request) or ""
            )
        except TooManyAttempts as exc:
            return locked_out(form, exc, lambda: render(request, template, {"form": form}))
        except Invalid:
            form.add_error("code", _(CODE_REFUSED))
        else:
            finish_login(request, pending.admin)
            return redirect(pending.next_url)
    return render(request, template, {"form": form})


@public
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_enrol(request: HttpRequest) -> HttpResponse:
    """Enrolment at login, when the server requires a second factor and this admin has
    none: confirming it completes the login and shows the backup codes."""
    pending = pending_login(request, "enrol")
    if pending is None:
        return _start_over(request)
    form = ConfirmCodeForm(posted(request))

    def page() -> HttpResponse:
        context = _setup_context(pending.admin, reverse("web:login_enrol_begin"), form)
        return render(request, "web/two_factor/enrol.html", context)

    if request.method == "POST" and form.is_valid():
        try:
            codes = admin_login_enrol_confirm(
                admin=pending.admin, code=form.cleaned_data["code"], ip=client_ip(request) or ""
            )
        except TooManyAttempts as exc:
            return locked_out(form, exc, page)
        except Conflict as exc:
            # Nothing to confirm: not begun, or a second factor got turned on meanwhile.
            messages.error(request, exc.message)
            return redirect("web:login_enrol")
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            finish_login(request, pending.admin)
            return _backup_codes(request, codes, pending.next_url)
    return page()


@public
@never_cache
@require_POST
def login_enrol_begin(request: HttpRequest) -> HttpResponse:
    """Make (or remake) the key of an enrolment at login."""
    pending = pending_login(request, "enrol")
    if pending is None:
        return _start_over(request)
    try:
        admin_login_enrol_begin(admin=pending.admin, ip=client_ip(request) or "")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("web:login_enrol")


def _account_page(
    request: HttpRequest,
    actor: Actor,
    *,
    confirm_form: ConfirmCodeForm | None = None,
    disable_form: DisableForm | None = None,
) -> HttpResponse:
    admin = actor.admin
    assert admin is not None  # admin_required: a logged-in admin
    enabled = totp_enabled(admin)
    context: dict[str, Any] = {
        "enabled": enabled,
        "required": settings.MAILWARDEN_2FA_REQUIRED,
        "disable_form": disable_form or DisableForm(),
    }
    if not enabled:
        begin_url = reverse("web:two_factor_begin")
        context |= _setup_context(admin, begin_url, confirm_form or ConfirmCodeForm())
    return render(request, "web/two_factor/account.html", context)


@admin_required
@require_GET
def two_factor(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The admin's own two-factor login: its state, setting it up, turning it off."""
    return _account_page(request, actor)


@admin_required
@require_POST
def two_factor_begin(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Make (or remake) the key of the admin's own enrolment; the page then shows it."""
    act(request, totp_enrol_begin, actor=actor)
    return redirect("web:two_factor")


@admin_required
@sensitive_post_parameters("code")
@require_POST
def two_factor_confirm(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Turn two-factor login on with the app's first code; the answer shows the backup codes."""
    form = ConfirmCodeForm(request.POST)
    if form.is_valid():
        try:
            codes = totp_enrol_confirm(actor=actor, code=form.cleaned_data["code"])
        except Conflict as exc:
            # Nothing to confirm (a second submission, say): the page has no form to show it on.
            messages.error(request, exc.message)
            return redirect("web:two_factor")
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            return _backup_codes(request, codes, reverse("web:two_factor"))
    return _account_page(request, actor, confirm_form=form)


@admin_required
@sensitive_post_parameters("password", "code")
@require_POST
def two_factor_disable(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Turn two-factor login off, with the password and a code."""
    form = DisableForm(request.POST)
    if form.is_valid():
        try:
            totp_disable(
                actor=actor, password=form.cleaned_data["password"], code=form.cleaned_data["code"]
            )
        except TooManyAttempts as exc:
            return locked_out(form, exc, lambda: _account_page(request, actor, disable_form=form))
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Two-factor login is off."))
            return redirect("web:two_factor")
    return _account_page(request, actor, disable_form=form)
