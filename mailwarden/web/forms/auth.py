"""Login, first-run setup, and an admin's own password."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mailwarden.web.forms import PanelForm, new_password_field


class LoginForm(PanelForm):
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SetupForm(PanelForm):
    token = forms.CharField(
        label=_("Setup token"),
        max_length=200,
        help_text=_("Printed by `mailwarden serve` on its console, or `mailwarden setup-token`."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )
    password = new_password_field(_("Password"), generator=False)
    service_fields = {"token": "token"}


class OwnPasswordForm(PanelForm):
    current = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    password = new_password_field(_("New password"))
