"""Totals per key in one grouped query: how the selectors count several things at once
instead of one query per row shown."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, QuerySet


def totals_by(queryset: QuerySet, *keys: str, total: Aggregate) -> dict[Any, Any]:
    """``{key: total}`` over ``queryset``, the key a tuple when grouped by several fields;
    keys without rows are absent (callers default)."""
    rows = queryset.values(*keys).annotate(total=total).order_by().values_list(*keys, "total")
    return {row[0] if len(keys) == 1 else row[:-1]: row[-1] for row in rows}
