"""The status page: proves the service is up and says where the database is."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from mailwarden import __doc__ as summary


@require_safe
def status(request: HttpRequest) -> HttpResponse:
    """Public, read-only, reveals nothing about the data: a liveness check for load balancers."""
    body = f"mailwarden is running.\n{summary}\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
