"""Filters for showing stored values the way people read them."""

from __future__ import annotations

from django import template

from mailwarden.core.addressing import display_domain as _display_domain
from mailwarden.core.units import format_size

register = template.Library()


@register.filter
def size(value: int | None) -> str:
    """Bytes as ``500M``; 0 reads "unlimited"."""
    return format_size(int(value or 0))


@register.filter
def display_domain(value: str) -> str:
    """A punycode domain (or the domain part of an address) as people read it.

    Only names with an ``xn--`` label are decoded: IDNA decoding costs ~0.2 ms a name,
    which is most of a 50-row list page's time otherwise."""
    if "xn--" not in value:
        return value
    if "@" in value:
        local, _, domain = value.rpartition("@")
        return f"{local}@{_display_domain(domain)}"
    return _display_domain(value)


@register.filter
def percent(used: int, limit: int) -> int:
    """How full a limit is, for a <meter>; 0 when unlimited."""
    return min(100, round(100 * used / limit)) if limit else 0
