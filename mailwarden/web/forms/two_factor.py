"""The second step of a login, enrolment and turning two-factor login off."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mailwarden.web.forms import PanelForm


class LoginCodeForm(PanelForm):
    """A TOTP code or a backup code (letters and a dash: no numeric keypad)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code your authenticator app shows, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class ConfirmCodeForm(PanelForm):
    """The first code of a newly set-up authenticator app."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )


class DisableForm(PanelForm):
    password = forms.CharField(
        label=_("Your password"),
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("A code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )
