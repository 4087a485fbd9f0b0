"""Admin accounts, for superadmins only: create, change role and domains, password, delete."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from mailwarden.admins.selectors import admin_get, admin_list
from mailwarden.admins.services import admin_create, admin_delete, admin_set_password, admin_update
from mailwarden.core.actor import Actor
from mailwarden.web.access import superadmin_required
from mailwarden.web.errors import attempt, lookup, submit
from mailwarden.web.forms import ConfirmForm, posted
from mailwarden.web.forms.admins import AdminCreateForm, AdminEditForm
from mailwarden.web.forms.mailboxes import PasswordForm
from mailwarden.web.listing import PAGE_SIZE, list_query, pager


@superadmin_required
@require_safe
def admin_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    query = list_query(request, ("email",))
    page = admin_list(actor=actor, offset=query.offset, limit=PAGE_SIZE)
    context = {"page": page, "pager": pager(page, query.page), "query": query}
    return render(request, "web/admins/list.html", context)


@superadmin_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def admin_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = AdminCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        admin = submit(
            form,
            admin_create,
            actor=actor,
            email=data["email"],
            password=data["password"],
            is_superadmin=data["is_superadmin"],
            domains=data["domains"],
        )
        if admin is not None:
            messages.success(request, _("Admin %(email)s created.") % {"email": admin.email})
            return redirect("web:admin_index")
    return render(request, "web/admins/new.html", {"form": form})


@superadmin_required
@require_http_methods(["GET", "POST"])
def admin_detail(request: HttpRequest, actor: Actor, email: str) -> HttpResponse:
    admin = lookup(admin_get, actor=actor, email=email)
    shown = admin.to_dict()
    initial = {
        "is_superadmin": admin.is_superadmin,
        "active": admin.is_active,
        "domains": shown["domains"],
    }
    form = AdminEditForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        updated = submit(
            form,
            admin_update,
            actor=actor,
            email=admin.email,
            is_superadmin=data["is_superadmin"],
            active=data["active"],
            domains=data["domains"],
        )
        if updated is not None:
            messages.success(request, _("Admin %(email)s saved.") % {"email": admin.email})
            return redirect("web:admin_index")
    return render(request, "web/admins/detail.html", {"form": form, "admin": shown})


@superadmin_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def admin_password(request: HttpRequest, actor: Actor, email: str) -> HttpResponse:
    admin = lookup(admin_get, actor=actor, email=email)
    form = PasswordForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            form,
            admin_set_password,
            actor=actor,
            email=admin.email,
            password=form.cleaned_data["password"],
        )
        if done is not None:
            messages.success(request, _("Password of %(email)s set.") % {"email": admin.email})
            return redirect("web:admin_index")
    return render(request, "web/admins/password.html", {"form": form, "admin": admin})


@superadmin_required
@require_http_methods(["GET", "POST"])
def admin_remove(request: HttpRequest, actor: Actor, email: str) -> HttpResponse:
    admin = lookup(admin_get, actor=actor, email=email)
    form = ConfirmForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, admin_delete, actor=actor, email=admin.email)
    ):
        messages.success(request, _("Admin %(email)s deleted.") % {"email": admin.email})
        return redirect("web:admin_index")
    return render(request, "web/admins/delete.html", {"form": form, "admin": admin})
