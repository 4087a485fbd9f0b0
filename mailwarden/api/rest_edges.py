"""What ninja leaves to Django under /api/v1/, answered in the REST door's own terms: routes
that do not exist and methods a route does not take get the documented JSON error shape, and
HEAD is answered on every GET route (RFC 9110 9.1), so a probe like ``curl -I`` works.
Here, too, each authenticated call is audited once its response is known.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed

from mailwarden.api.calls import OK, record_call
from mailwarden.api.rest import error_response


def unknown_route(request: HttpRequest) -> HttpResponse:
    """The catch-all after ninja's routes: anything else under /api/v1/ is a JSON 404."""
    return error_response(404, "not_found", f"no such route: {request.path[:200]}")


def edged(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """One of ninja's route views, with HEAD run as GET and ninja's own plain-text 405 and
    404 (the bare prefix raises Http404) turned into the error shape."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        method = request.method
        if method == "HEAD":
            request.method = "GET"  # ninja routes only the methods a route declares
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return unknown_route(request)
        finally:
            request.method = method
        if isinstance(response, HttpResponseNotAllowed):
            return _not_allowed(method or "", response["Allow"])
        if (call := getattr(request, "api_call", None)) is not None:
            call.outcome = _outcome(response)
            record_call(call)
        if method == "HEAD":
            _drop_body(response)
        return response

    return wrapper


def _outcome(response: HttpResponse) -> str:
    """``ok``, or the error's code from the REST error body (``error_response``)."""
    if response.status_code < 400:
        return OK
    try:
        return str(json.loads(response.content)["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return str(response.status_code)


def _not_allowed(method: str, allow: str) -> HttpResponse:
    allowed = [m.strip() for m in allow.split(",") if m.strip()]
    if "GET" in allowed:
        allowed.append("HEAD")
    listed = ", ".join(sorted(allowed))
    response = error_response(
        405, "method_not_allowed", f"{method[:20]} is not allowed here; allowed: {listed}"
    )
    response["Allow"] = listed
    return response


def _drop_body(response: HttpResponse) -> None:
    """HEAD gets GET's headers, Content-Length included (RFC 9110 9.3.2), and no body
    whatever the server in front does."""
    length = len(response.content)
    response.content = b""
    response["Content-Length"] = str(length)
