"""Reads the list pages' query string (page, search, sort, active filter) into selector
arguments, and shapes a ``Page`` for the pagination controls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from mailwarden.core.errors import Invalid
from mailwarden.core.pagination import Page
from mailwarden.core.text import search_text

PAGE_SIZE = 50
MAX_PAGE = 100_000
ORDER_LABELS = {
    "name": _("Name A-Z"),
    "-name": _("Name Z-A"),
    "email": _("Address A-Z"),
    "-email": _("Address Z-A"),
    "created": _("Oldest first"),
    "-created": _("Newest first"),
}


@dataclass(frozen=True)
class ListQuery:
    search: str
    order: str
    active: bool | None
    page: int
    orderings: tuple[str, ...]

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(value, label) pairs for the sort menu."""
        return [(o, str(ORDER_LABELS.get(o, o))) for o in self.orderings]

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def selector_kwargs(self) -> dict[str, Any]:
        return {
            "search": self.search or None,
            "order": self.order,
            "active": self.active,
            "offset": self.offset,
            "limit": PAGE_SIZE,
        }


def _page_number(raw: str | None) -> int:
    try:
        return min(max(int(raw or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def list_query(request: HttpRequest, orderings: tuple[str, ...]) -> ListQuery:
    """Unknown values fall back to defaults: a hand-edited URL shows a list, not an error.
    A search no engine could compare (a NUL byte, say) is the one 400."""
    order = request.GET.get("order", orderings[0])
    active = {"1": True, "0": False}.get(request.GET.get("active", ""))
    try:
        search = search_text(request.GET.get("q", "")[:254], field="q")
    except Invalid as exc:
        raise BadRequest(exc.message) from None
    return ListQuery(
        search=search,
        order=order if order in orderings else orderings[0],
        active=active,
        page=_page_number(request.GET.get("page")),
        orderings=orderings,
    )


@dataclass(frozen=True)
class Pager:
    """What the template needs to draw "1-50 of 2,345" and previous/next links."""

    number: int
    count: int
    first: int
    last: int
    has_previous: bool
    has_next: bool

    @property
    def previous(self) -> int:
        return self.number - 1

    @property
    def next(self) -> int:
        return self.number + 1


def pager(page: Page[Any], number: int) -> Pager:
    return Pager(
        number=number,
        count=page.total,
        first=page.offset + 1 if page.items else 0,
        last=page.offset + len(page.items),
        has_previous=number > 1,
        has_next=page.offset + len(page.items) < page.total,
    )


def list_url(name: str, **params: str) -> str:
    """The URL of a list page with its filters, e.g. a domain's mailboxes after a delete."""
    return f"{reverse(name)}?{urlencode(params)}"
