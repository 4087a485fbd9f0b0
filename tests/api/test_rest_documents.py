"""The OpenAPI document and the interactive page, both served from here (no CDN)."""

from __future__ import annotations

import re

from django.test import Client


def test_the_openapi_document_describes_every_route_with_bearer_auth(db):
    document = Client().get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]
    create = document["paths"]["/api/v1/mailboxes"]["post"]
    assert create["operationId"] == "mailbox_create"
    assert {"201", "401", "403", "404", "409", "422", "429"} <= set(create["responses"])
    password = document["components"]["schemas"]["MailboxCreateParams"]["properties"]["password"]
    assert "writeOnly" in str(password)


def test_the_openapi_document_validates(db):
    from jsonschema.validators import Draft202012Validator

    document = Client().get("/api/v1/openapi.json").json()
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    assert all(path.startswith("/api/v1/") for path in document["paths"])


def test_the_docs_page_loads_only_our_own_files(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(s.startswith("/api/v1/docs/assets/") for s in sources), sources
    for tag in re.findall(r"<script[^>]*>", html):  # no inline script to run
        assert "src=" in tag or 'type="application/json"' in tag, tag
    for source in sources:
        asset = Client().get(source)
        assert asset.status_code == 200, source
        assert b"//cdn" not in asset.content[:2000]


def test_only_the_listed_assets_are_served(db):
    assert Client().get("/api/v1/docs/assets/redoc.standalone.js").status_code == 404
    assert Client().get("/api/v1/docs/assets/..%2F..%2Fmain.py").status_code == 404
