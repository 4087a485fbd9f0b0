"""Routes of the automation doors, included at the site root by ``mailwarden.urls``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from mailwarden.api import docs, views
from mailwarden.api.http import door_enabled
from mailwarden.api.rest import api
from mailwarden.api.rest_edges import edged, unknown_route


def _rest_patterns() -> list[URLPattern | URLResolver]:
    """ninja's routes, then the catch-all for the rest of /api/v1/, all behind the REST off
    switch; ninja's routes also answer HEAD and wrong methods in the REST door's terms."""
    patterns, _, _ = api.urls
    gate = door_enabled("MAILWARDEN_API_REST_ENABLED")
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = gate(edged(pattern.callback))
    return [*patterns, re_path(r"^.*$", gate(unknown_route), name="unknown")]


urlpatterns = [
    path("rpc", views.rpc_endpoint, name="api-rpc"),
    path("mcp", views.mcp_endpoint, name="api-mcp"),
    path("api/v1/docs", docs.docs_page, name="api-docs"),
    path("api/v1/docs/assets/<str:name>", docs.docs_asset, name="api-docs-asset"),
    path("api/v1/", (_rest_patterns(), "api-v1", "api-v1")),
]
