"""Routes of the automation doors, included at the site root by ``mailwarden.urls``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from mailwarden.api import docs, views
from mailwarden.api.http import door_enabled
from mailwarden.api.rest import api


def _rest_patterns() -> list[URLPattern | URLResolver]:
    """ninja's routes, each behind the REST off switch."""
    patterns, _, _ = api.urls
    gate = door_enabled("MAILWARDEN_API_REST_ENABLED")
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = gate(pattern.callback)
    return patterns


urlpatterns = [
    path("rpc", views.rpc_endpoint, name="api-rpc"),
    path("mcp", views.mcp_endpoint, name="api-mcp"),
    path("api/v1/docs", docs.docs_page, name="api-docs"),
    path("api/v1/docs/assets/<str:name>", docs.docs_asset, name="api-docs-asset"),
    path("api/v1/", (_rest_patterns(), "api-v1", "api-v1")),
]
