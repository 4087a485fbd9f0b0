"""Domain and alias-domain forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mailwarden.web.forms import PanelForm, SizeField

LIMIT_FIELDS = ("max_mailboxes", "max_aliases", "max_quota", "total_quota", "default_quota")
# The service's names for the byte limits.
SERVICE_LIMITS = {
    "max_quota": "max_quota_bytes",
    "total_quota": "total_quota_bytes",
    "default_quota": "default_quota_bytes",
}


class LimitsMixin(forms.Form):
    max_mailboxes = forms.IntegerField(
        label=_("Max mailboxes"), min_value=0, initial=0, required=False
    )
    max_aliases = forms.IntegerField(label=_("Max aliases"), min_value=0, initial=0, required=False)
    max_quota = SizeField(label=_("Max quota per mailbox"), initial="0", required=False)
    total_quota = SizeField(label=_("Total quota"), initial="0", required=False)
    default_quota = SizeField(
        label=_("Default quota of a new mailbox"), initial="0", required=False
    )

    def limits(self) -> dict[str, int]:
        """The limits under the service's argument names; a blank size means 0 (unlimited)."""
        data = self.cleaned_data
        return {
            SERVICE_LIMITS.get(name, name): data.get(name) or 0
            for name in LIMIT_FIELDS
            if name in self.fields
        }


class DomainCreateForm(LimitsMixin, PanelForm):
    name = forms.CharField(label=_("Domain name"), max_length=254)
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    relay = forms.BooleanField(
        label=_("Backup MX / relay domain (mail is passed on, not stored here)"), required=False
    )
    relay_transport = forms.CharField(
        label=_("Next hop (relay only)"),
        max_length=255,
        required=False,
        help_text=_("Example: smtp:[mx.example.net]:25"),
    )
    create_postmaster = forms.BooleanField(
        label=_("Create postmaster@ (RFC 5321 requires it)"), required=False, initial=True
    )
    postmaster_to = forms.CharField(
        label=_("postmaster@ goes to"),
        max_length=254,
        required=False,
        help_text=_("Empty: your own address, or the domain's first mailbox."),
    )
    service_fields = {v: k for k, v in SERVICE_LIMITS.items()}


class DomainEditForm(LimitsMixin, PanelForm):
    """A superadmin edits everything; a domain admin only the description."""

    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    active = forms.BooleanField(label=_("Active"), required=False)
    relay_transport = forms.CharField(label=_("Next hop"), max_length=255, required=False)
    service_fields = {v: k for k, v in SERVICE_LIMITS.items()}

    def __init__(self, *args: Any, superadmin: bool, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = {"description"}
        if superadmin:
            keep.add("active")
            keep.update(LIMIT_FIELDS if kind == "virtual" else ("relay_transport",))
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def changes(self) -> dict[str, Any]:
        """Only the fields this admin was shown, as service arguments."""
        data = self.cleaned_data
        changes: dict[str, Any] = {"description": data["description"]}
        if "active" in self.fields:
            changes["active"] = data["active"]
        if "relay_transport" in self.fields:
            changes["relay_transport"] = data["relay_transport"]
        if "max_mailboxes" in self.fields:
            changes.update(self.limits())
        return changes


class DomainDeleteForm(PanelForm):
    confirm = forms.CharField(
        label=_("Type the domain name to confirm"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, names: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = names

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"].strip().lower().rstrip(".")
        if typed not in self.names:
            raise forms.ValidationError(_("That is not the domain's name."))
        return typed


class AliasDomainForm(PanelForm):
    name = forms.CharField(
        label=_("Alias domain"),
        max_length=254,
        help_text=_("Every address at this domain is delivered as the same address at the target."),
    )
    target = forms.CharField(
        label=_("Target domain"),
        max_length=254,
        widget=forms.TextInput(attrs={"list": "domain-names"}),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
