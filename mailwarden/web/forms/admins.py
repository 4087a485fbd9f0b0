"""Admin account forms (superadmins only) and the audit log filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mailwarden.web.forms import ListField, PanelForm, new_password_field


class AdminCreateForm(PanelForm):
    email = forms.CharField(label=_("Email"), max_length=254)
    password = new_password_field(_("Password"))
    is_superadmin = forms.BooleanField(label=_("Superadmin (manages everything)"), required=False)
    domains = ListField(
        label=_("Domains this admin manages"),
        required=False,
        help_text=_("One per line; leave empty for a superadmin."),
    )


class AdminEditForm(PanelForm):
    is_superadmin = forms.BooleanField(label=_("Superadmin (manages everything)"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False)
    domains = ListField(
        label=_("Domains this admin manages"),
        required=False,
        help_text=_("One per line; leave empty for a superadmin."),
    )


class AuditFilterForm(forms.Form):
    domain = forms.CharField(label=_("Domain"), max_length=254, required=False)
    actor = forms.CharField(label=_("Actor"), max_length=255, required=False)
    action = forms.CharField(
        label=_("Action"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"list": "audit-actions"}),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    without_calls = forms.BooleanField(
        label=_("Changes only"),
        required=False,
        help_text=_("Leave out the records of API calls that changed nothing."),
    )
