"""What the JSON doors share over HTTP: the off switches, the body size limit, JSON parsing."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse


class BadJson(Exception):
    """The body is not JSON (or not UTF-8, or holds NaN/Infinity, which JSON does not have,
    or a number too large for a float, which would read as Infinity)."""


def door_enabled(
    setting: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A door switched off by ``setting`` answers 404 to everything, as if it did not exist."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not getattr(settings, setting):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def body_within_limit(request: HttpRequest) -> bytes | None:
    """The request body, or None when it is larger than MAILWARDEN_API_MAX_REQUEST_BYTES
    (decided from Content-Length before anything is read)."""
    limit = settings.MAILWARDEN_API_MAX_REQUEST_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    body = request.body
    return None if len(body) > limit else body


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    """``1e400`` reads as ``inf``, which would go back out as ``Infinity`` (not JSON) in an
    echoed id: refuse it here, as the literal ``Infinity`` is."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:40]} is out of range")
    return value


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(
            body.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite_float
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadJson from None


def too_large_message() -> str:
    return f"the request is larger than {settings.MAILWARDEN_API_MAX_REQUEST_BYTES} bytes"
