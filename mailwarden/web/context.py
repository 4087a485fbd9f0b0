"""Template context every panel page gets: asset versions and the navigation's state."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mailwarden.web.assets import versions


def panel(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "asset_versions": versions(),
        "is_superadmin": bool(user and user.is_authenticated and user.is_superadmin),
    }
