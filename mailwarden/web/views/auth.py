"""First-run setup, login (its password step), logout, and an admin's own password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from mailwarden.admins.setup import first_superadmin_create, setup_open
from mailwarden.core.actor import Actor
from mailwarden.core.errors import Invalid, ServiceError, TooManyAttempts
from mailwarden.security.login import admin_login, own_password_change
from mailwarden.web.access import admin_required, client_ip, public
from mailwarden.web.errors import add_service_error, locked_out, submit
from mailwarden.web.forms import posted
from mailwarden.web.forms.auth import LoginForm, OwnPasswordForm, SetupForm
from mailwarden.web.login_flow import complete_login, finish_login, safe_next

LOGIN_FAILED = "The email or the password is not correct."


@public
@never_cache
@sensitive_post_parameters("password", "token")
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Create the first superadmin with the setup token; 404 once any admin exists."""
    if not setup_open():
        raise Http404
    form = SetupForm(posted(request))
    if request.method == "POST" and form.is_valid():
        admin = submit(
            form,
            first_superadmin_create,
            token=form.cleaned_data["token"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            source_ip=client_ip(request),
        )
        if admin is not None:
            messages.success(request, _("Welcome. You are the first superadmin."))
            finish_login(request, admin)
            return redirect(safe_next(request, None))
    return render(request, "web/setup.html", {"form": form})


@public
@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Email and password; one message whether the account is unknown or the password wrong.
    With a second factor, or one to enrol, the admin goes on to that step, not logged in."""
    if setup_open():
        return redirect("web:setup")
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url)
    form = LoginForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            step = admin_login(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                ip=client_ip(request) or "",
            )
        except TooManyAttempts as exc:
            return locked_out(
                form,
                exc,
                lambda: render(request, "web/login.html", {"form": form, "next": next_url}),
            )
        except Invalid:
            form.add_error(None, _(LOGIN_FAILED))
        else:
            return complete_login(request, step, next_url)
    return render(request, "web/login.html", {"form": form, "next": next_url})


@admin_required
@require_POST
def logout_view(request: HttpRequest, actor: Actor) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("web:login")


@admin_required
@sensitive_post_parameters("current", "password")
@require_http_methods(["GET", "POST"])
def own_password(request: HttpRequest, actor: Actor) -> HttpResponse:
    """An admin changes their own password after giving the current one."""
    form = OwnPasswordForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            admin = own_password_change(
                actor=actor,
                current=form.cleaned_data["current"],
                password=form.cleaned_data["password"],
            )
        except TooManyAttempts as exc:
            return locked_out(
                form, exc, lambda: render(request, "web/own_password.html", {"form": form})
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            # Keep this session; other sessions of this admin end with the old hash.
            update_session_auth_hash(request, admin)
            messages.success(request, _("Your password was changed."))
            return redirect("web:dashboard")
    return render(request, "web/own_password.html", {"form": form})
