"""Alias forms: an address (or catch-all) and where its mail goes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mailwarden.web.forms import ListField, PanelForm


class AliasCreateForm(PanelForm):
    local_part = forms.CharField(label=_("Name before the @"), max_length=64, required=False)
    catch_all = forms.BooleanField(
        label=_("Catch-all: every address of the domain that does not exist"), required=False
    )
    domain = forms.CharField(
        label=_("Domain"), max_length=254, widget=forms.TextInput(attrs={"list": "domain-names"})
    )
    targets = ListField(label=_("Deliver to"), help_text=_("One address per line."))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    service_fields = {"address": "local_part"}

    def address(self) -> str:
        data = self.cleaned_data
        local = "" if data["catch_all"] else data["local_part"]
        return f"{local}@{data['domain']}"

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("catch_all") and not data.get("local_part"):
            self.add_error("local_part", _("Give a name, or tick catch-all."))
        return data


class AliasEditForm(PanelForm):
    targets = ListField(label=_("Deliver to"), help_text=_("One address per line."))
    active = forms.BooleanField(label=_("Active"), required=False)
