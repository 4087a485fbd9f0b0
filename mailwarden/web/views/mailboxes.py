"""Mailboxes: list per domain and global search, create, edit, password, forwarding, delete."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from mailwarden.addresses.selectors import ADDRESS_ORDERINGS
from mailwarden.core.actor import Actor
from mailwarden.domains.selectors import domain_get
from mailwarden.mailboxes.selectors import mailbox_get, mailbox_list, mailbox_to_dict
from mailwarden.mailboxes.services import (
    mailbox_create,
    mailbox_delete,
    mailbox_set_forwarding,
    mailbox_set_password,
    mailbox_update,
)
from mailwarden.web.access import admin_required
from mailwarden.web.errors import attempt, lookup, submit
from mailwarden.web.forms import ConfirmForm, posted
from mailwarden.web.forms.mailboxes import (
    ForwardingForm,
    MailboxCreateForm,
    MailboxEditForm,
    PasswordForm,
)
from mailwarden.web.listing import list_query, list_url, pager
from mailwarden.web.views.choices import domain_choices


@admin_required
@require_safe
def mailbox_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    """One domain's mailboxes (``?domain=``) or a search over every visible mailbox."""
    query = list_query(request, ADDRESS_ORDERINGS)
    domain = None
    if request.GET.get("domain"):
        domain = lookup(domain_get, actor=actor, name=request.GET["domain"], kinds=("virtual",))
    page = mailbox_list(
        actor=actor, domain=domain.name if domain else None, **query.selector_kwargs()
    )
    context = {
        "page": page,
        "pager": pager(page, query.page),
        "query": query,
        "domain": domain,
        "keep": [("domain", domain.name)] if domain else [],
    }
    return render(request, "web/mailboxes/list.html", context)


@admin_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def mailbox_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = MailboxCreateForm(posted(request), initial={"domain": request.GET.get("domain")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = submit(
            form,
            mailbox_create,
            actor=actor,
            address=form.address(),
            password=data["password"],
            name=data["name"],
            quota_bytes=data["quota"],
            active=data["active"],
        )
        if entry is not None:
            messages.success(request, _("Mailbox %(address)s created.") % {"address": entry.email})
            return redirect("web:mailbox_detail", address=entry.email)
    context = {"form": form, "domains": domain_choices(actor)}
    return render(request, "web/mailboxes/new.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def mailbox_detail(request: HttpRequest, actor: Actor, address: str) -> HttpResponse:
    """The mailbox's settings, with the form to change its name, quota and state."""
    entry = lookup(mailbox_get, actor=actor, address=address)
    mailbox = mailbox_to_dict(entry)
    initial = {"name": mailbox["name"], "quota": mailbox["quota_bytes"], "active": entry.active}
    form = MailboxEditForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        updated = submit(
            form,
            mailbox_update,
            actor=actor,
            address=entry.email,
            name=data["name"],
            quota_bytes=data["quota"] or 0,
            active=data["active"],
        )
        if updated is not None:
            messages.success(request, _("Mailbox %(address)s saved.") % {"address": entry.email})
            return redirect("web:mailbox_detail", address=entry.email)
    return render(request, "web/mailboxes/detail.html", {"form": form, "mailbox": mailbox})


@admin_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def mailbox_password(request: HttpRequest, actor: Actor, address: str) -> HttpResponse:
    entry = lookup(mailbox_get, actor=actor, address=address)
    form = PasswordForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            form,
            mailbox_set_password,
            actor=actor,
            address=entry.email,
            password=form.cleaned_data["password"],
        )
        if done is not None:
            messages.success(request, _("Password of %(address)s set.") % {"address": entry.email})
            return redirect("web:mailbox_detail", address=entry.email)
    return render(request, "web/mailboxes/password.html", {"form": form, "entry": entry})


@admin_required
@require_http_methods(["GET", "POST"])
def mailbox_forwarding(request: HttpRequest, actor: Actor, address: str) -> HttpResponse:
    entry = lookup(mailbox_get, actor=actor, address=address)
    mailbox = mailbox_to_dict(entry)
    initial = {"targets": mailbox["forward_to"], "keep_copy": mailbox["keep_copy"]}
    form = ForwardingForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = submit(
            form,
            mailbox_set_forwarding,
            actor=actor,
            address=entry.email,
            targets=form.cleaned_data["targets"],
            keep_copy=form.cleaned_data["keep_copy"],
        )
        if done is not None:
            messages.success(request, _("Forwarding saved."))
            return redirect("web:mailbox_detail", address=entry.email)
    return render(request, "web/mailboxes/forwarding.html", {"form": form, "mailbox": mailbox})


@admin_required
@require_http_methods(["GET", "POST"])
def mailbox_remove(request: HttpRequest, actor: Actor, address: str) -> HttpResponse:
    """Deletes the rows only: the page says the maildir stays on disk."""
    entry = lookup(mailbox_get, actor=actor, address=address)
    mailbox = mailbox_to_dict(entry)
    form = ConfirmForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, mailbox_delete, actor=actor, address=entry.email)
    ):
        messages.success(
            request, _("Mailbox %(address)s deleted.") % {"address": mailbox["address"]}
        )
        return redirect(list_url("web:mailbox_index", domain=mailbox["domain"]))
    return render(request, "web/mailboxes/delete.html", {"form": form, "mailbox": mailbox})
