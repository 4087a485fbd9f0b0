"""Mailbox forms: create, edit, password, forwarding, delete."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mailwarden.web.forms import ListField, PanelForm, SizeField, new_password_field


class MailboxCreateForm(PanelForm):
    local_part = forms.CharField(label=_("Name before the @"), max_length=64)
    domain = forms.CharField(
        label=_("Domain"), max_length=254, widget=forms.TextInput(attrs={"list": "domain-names"})
    )
    name = forms.CharField(label=_("Display name"), max_length=255, required=False)
    password = new_password_field(_("Password"))
    quota = SizeField(label=_("Quota"), required=False, help_text=_("Empty: the domain default."))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    service_fields = {"quota_bytes": "quota", "address": "local_part"}

    def address(self) -> str:
        return f"{self.cleaned_data['local_part']}@{self.cleaned_data['domain']}"


class MailboxEditForm(PanelForm):
    name = forms.CharField(label=_("Display name"), max_length=255, required=False)
    quota = SizeField(label=_("Quota"))
    active = forms.BooleanField(label=_("Active"), required=False)
    service_fields = {"quota_bytes": "quota"}


class PasswordForm(PanelForm):
    password = new_password_field(_("New password"))


class ForwardingForm(PanelForm):
    targets = ListField(
        label=_("Forward to"),
        required=False,
        help_text=_("One address per line. Empty: no forwarding, mail stays in the mailbox."),
    )
    keep_copy = forms.BooleanField(label=_("Keep a copy in the mailbox"), required=False)
