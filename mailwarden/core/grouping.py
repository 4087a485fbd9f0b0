"""Totals per key in one grouped query: how the selectors count several things at once
instead of one query per row shown."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, QuerySet


def totals_by(queryset: QuerySet, key: str, total: Aggregate) -> dict[Any, Any]:
    """``{key: total}`` over ``queryset``; keys without rows are absent (callers default)."""
    return dict(queryset.values(key).annotate(total=total).order_by().values_list(key, "total"))
