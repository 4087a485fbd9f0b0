"""Deny by default: every route of the API doors refuses a caller without a token, except the
few that are public on purpose (the OpenAPI document and the docs page hold no data)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {"/api/v1/openapi.json", "/api/v1/docs", "/api/v1/docs/assets/<str:name>"}
CATCH_ALL = "/api/v1/^.*$"  # what no route takes: a 404 to everyone, with or without a token


def api_routes() -> list[str]:
    """Every route of ``mailwarden.api.urls``, as a path template."""
    from mailwarden.api import urls

    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append("/" + prefix + str(pattern.pattern))

    walk(urls.urlpatterns, "")
    return sorted(set(found))


def test_the_api_routes_are_mounted_at_the_site_root():
    resolver = get_resolver()
    assert resolver.resolve("/rpc").url_name == "api-rpc"
    assert resolver.resolve("/api/v1/mailboxes").route.endswith("mailboxes")
    assert CATCH_ALL in api_routes()


@pytest.mark.parametrize("route", [r for r in api_routes() if r not in PUBLIC | {CATCH_ALL}])
def test_every_route_refuses_a_caller_without_a_token(cast, route):
    path = route.replace("<name>", "a.example").replace("<address>", "alice@a.example")
    path = path.replace("{name}", "a.example").replace("{address}", "alice@a.example")
    client = Client()
    statuses = {
        client.get(path).status_code,
        client.delete(path).status_code,
        client.post(path, data="{}", content_type="application/json").status_code,
        client.patch(path, data="{}", content_type="application/json").status_code,
    }
    assert statuses <= {401, 404, 405}, (path, statuses)
    if route != "/api/v1/":  # ninja's bare prefix, which routes nothing
        assert 401 in statuses, path
