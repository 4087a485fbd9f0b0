"""The API token form: what the token may do, where, from where and for how long."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mailwarden.web.forms import ListField, PanelForm
from mailwarden.web.templatetags.panel import display_domain

SCOPE_CHOICES = [
    ("read", _("read: lists and details")),
    ("write", _("write: create, change, set passwords")),
    ("delete", _("delete: remove domains, mailboxes, aliases (the destructive grant)")),
]


class TokenCreateForm(PanelForm):
    """A superadmin names the owner and types any domains; a domain admin (``own_domains``)
    always owns the token and ticks among their own domains. The service decides either way.
    """

    name = forms.CharField(
        label=_("Name"),
        max_length=64,
        help_text=_("What will use it, e.g. billing or ci. Letters, digits, dots, dashes."),
    )
    owner = forms.CharField(
        label=_("Acts for"),
        max_length=254,
        help_text=_("The admin whose rights the token carries; never more than theirs."),
        widget=forms.TextInput(attrs={"list": "admin-emails", "autocomplete": "off"}),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=SCOPE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    domains = ListField(
        label=_("Only these domains"),
        required=False,
        help_text=_("One per line. Empty: every domain its owner manages (all, for a superadmin)."),
    )
    networks = ListField(
        label=_("Only from these networks"),
        required=False,
        help_text=_("One IP address or CIDR network per line, e.g. 192.0.2.0/24. Empty: anywhere."),
    )
    expires_days = forms.IntegerField(
        label=_("Expires after (days)"),
        required=False,
        help_text=_("Empty: never."),
        widget=forms.NumberInput(attrs={"min": "1", "max": "3650"}),
    )
    service_fields = {"domain": "domains"}

    def __init__(self, *args: Any, own_domains: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if own_domains is None:
            return
        del self.fields["owner"]
        self.fields["domains"] = forms.MultipleChoiceField(
            label=_("Only these domains"),
            choices=[(name, display_domain(name)) for name in own_domains],
            required=False,
            help_text=_("None ticked: all of your domains, as they are at each use."),
            widget=forms.CheckboxSelectMultiple,
        )
