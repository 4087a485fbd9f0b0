"""Form fields shared by the panel's forms. Forms only parse input; every rule (syntax of
addresses, limits, who may do what) is the service layer's, applied by the views."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.http import HttpRequest, QueryDict
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from mailwarden.core.errors import Invalid
from mailwarden.core.units import format_size, parse_size
from mailwarden.security.password_policy import policy_rules

if TYPE_CHECKING:  # the stubs' helper types exist only where the type checker runs
    from django_stubs_ext import StrOrPromise

_LIST_SEPARATORS = re.compile(r"[\s,;]+")


class PanelForm(forms.Form):
    """A form whose service errors land on the right field (``web.errors.submit``).

    ``service_fields`` renames a service's field name to this form's (``quota_bytes`` ->
    ``quota``).
    """

    service_fields: dict[str, str] = {}


class SizeField(forms.CharField):
    """A size such as ``500M`` or ``2G``, parsed by the same function the CLI uses."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Examples: 500M, 2G. 0 means unlimited."))
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = "32"

    def prepare_value(self, value: Any) -> Any:
        return format_size(value).replace("unlimited", "0") if isinstance(value, int) else value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 32:
            raise forms.ValidationError(_("A size is at most 32 characters."))
        try:
            return parse_size(text, field=str(self.label or "size"))
        except Invalid as exc:
            raise forms.ValidationError(exc.message) from None


class ListField(forms.CharField):
    """Several values typed one per line (or separated by commas): targets, domain names."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [item for item in _LIST_SEPARATORS.split(text) if item]


def password_widget(generator: bool = True) -> forms.PasswordInput:
    """A password input; with ``generator`` the page's script offers a generated password
    and a strength hint (the server's length rule still decides)."""
    # The script's words come from here, so they are translated with the page.
    attrs = {
        "autocomplete": "new-password",
        "data-strength": "1",
        "data-label-strength": _("Strength:"),
        "data-label-weak": _("weak"),
        "data-label-fair": _("fair"),
        "data-label-strong": _("strong"),
        "data-label-show": _("Show"),
        "data-label-hide": _("Hide"),
        "data-label-generate": _("Generate"),
    }
    if generator:
        attrs["data-generator"] = "1"
    return forms.PasswordInput(attrs=attrs, render_value=True)


def _policy_text() -> str:
    return "; ".join(policy_rules()).capitalize() + "."


def new_password_field(label: StrOrPromise, *, generator: bool = True) -> forms.CharField:
    """A field for a password being set: the widget above, and the policy's rules as help
    text, read from the settings when the page renders (the service still decides)."""
    return forms.CharField(
        label=label,
        max_length=1024,
        strip=False,
        widget=password_widget(generator),
        help_text=lazy(_policy_text, str)(),
    )


class ConfirmForm(PanelForm):
    """A delete button: the POST itself, with its CSRF token, is the confirmation."""


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data of a POST (even an empty one), None for a GET: the form is unbound."""
    return request.POST if request.method == "POST" else None
