"""Pages of query results, counted and sliced in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet

from mailwarden.core.errors import Invalid

T = TypeVar("T", bound=Model)
MAX_LIMIT = 1000
# Beyond 64-bit integers every engine fails on OFFSET with an SQL error, not an empty page;
# the API schemas' bound, far beyond the rows any mail host holds, keeps every door clear.
MAX_OFFSET = 2**31 - 1


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


def paginate(
    queryset: QuerySet[T], *, offset: int = 0, limit: int = 50, total: int | None = None
) -> Page[T]:
    """One page: a COUNT and a LIMIT/OFFSET query, never the whole table in Python.
    ``total`` is the count when the caller knows a cheaper way to it than the COUNT."""
    if offset < 0:
        raise Invalid("offset: must not be negative", fields={"offset": "invalid"})
    if offset > MAX_OFFSET:
        raise Invalid(f"offset: at most {MAX_OFFSET}", fields={"offset": "invalid"})
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid(f"limit: must be between 1 and {MAX_LIMIT}", fields={"limit": "invalid"})
    if total is None:
        total = queryset.count()
    items = list(queryset[offset : offset + limit])
    return Page(items=items, total=total, offset=offset, limit=limit)
