"""The interactive REST documentation (Swagger UI), served entirely from our own files.

django-ninja ships Swagger UI's files but its page loads them through Django's static files
(or a CDN); we serve the few files we need from an allow-list, so the page works under the
panel's Content-Security-Policy ('self' only) with no static-file server and no CDN.
"""

from __future__ import annotations

import mimetypes
from functools import cache
from pathlib import Path

import ninja
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from mailwarden.api.http import door_enabled

NINJA_STATIC = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.svg")


@cache
def _asset(name: str) -> tuple[bytes, str]:
    body = (NINJA_STATIC / name).read_bytes()
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type.endswith("javascript"):
        content_type += "; charset=utf-8"
    return body, content_type


@door_enabled("MAILWARDEN_API_REST_ENABLED")
@require_safe
def docs_page(request: HttpRequest) -> HttpResponse:
    """Public: the page holds no data; every call it makes needs a token the reader pastes."""
    settings = {
        "url": reverse("api-v1:openapi-json"),
        "layout": "BaseLayout",
        "deepLinking": True,
        "validatorUrl": None,
    }
    return render(request, "api/docs.html", {"swagger_settings": settings})


@door_enabled("MAILWARDEN_API_REST_ENABLED")
@require_safe
def docs_asset(request: HttpRequest, name: str) -> HttpResponse:
    if name not in ASSETS:
        raise Http404
    body, content_type = _asset(name)
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
