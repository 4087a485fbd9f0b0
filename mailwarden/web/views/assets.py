"""The panel's static files, from an allow-list, cached for a year under their hash."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from mailwarden.web.access import public
from mailwarden.web.assets import asset


@public
@require_safe
def static_file(request: HttpRequest, name: str) -> HttpResponse:
    found = asset(name)
    if found is None:
        raise Http404
    response = HttpResponse(found.body, content_type=found.content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
