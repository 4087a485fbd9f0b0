"""The JSON-RPC (/rpc) and MCP (/mcp) endpoints: authenticate, bound the body, parse, hand
the payload to the protocol module, render.

Both are bearer-only: cookies are ignored, so there is nothing for CSRF to ride on and
``csrf_exempt`` is right here (and nowhere in the cookie-authenticated panel).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mailwarden.api import mcp, rpc
from mailwarden.api.auth import authenticate
from mailwarden.api.errors import INVALID_REQUEST, PARSE_ERROR, http_status, retry_after
from mailwarden.api.http import (
    BadJson,
    body_within_limit,
    door_enabled,
    parse_json,
    too_large_message,
)
from mailwarden.core.errors import ServiceError
from mailwarden.tokens.authentication import TokenActor


def _json(payload: Any, status: int = 200, exc: ServiceError | None = None) -> JsonResponse:
    # allow_nan=False: a non-finite float fails here, loudly, rather than going out as
    # ``Infinity``, which no strict JSON parser reads (parse_json keeps them out already).
    response = JsonResponse(
        payload, status=status, safe=False, json_dumps_params={"allow_nan": False}
    )
    response["Cache-Control"] = "no-store"
    if exc is not None:
        if (wait := retry_after(exc)) is not None:
            response["Retry-After"] = wait
        if http_status(exc) == 401:
            response["WWW-Authenticate"] = 'Bearer realm="mailwarden"'
    return response


def _payload(request: HttpRequest, door: str) -> tuple[TokenActor | None, Any, JsonResponse | None]:
    """The actor and parsed body, or the JSON-RPC error response that ends the request."""
    try:
        actor = authenticate(request, door=door)
    except ServiceError as exc:
        return None, None, _json(rpc.service_error(None, exc), http_status(exc), exc)
    body = body_within_limit(request)
    if body is None:
        return None, None, _json(rpc.error(None, INVALID_REQUEST, too_large_message()), 413)
    try:
        return actor, parse_json(body), None
    except BadJson:
        return None, None, _json(rpc.error(None, PARSE_ERROR, "parse error: the body is not JSON"))


@door_enabled("MAILWARDEN_API_RPC_ENABLED")
@csrf_exempt
@require_POST
def rpc_endpoint(request: HttpRequest) -> HttpResponse:
    """JSON-RPC 2.0. Protocol-level errors are HTTP 200 with an error object, as the spec
    has them; 401, 413 and 429 are about the HTTP request itself."""
    actor, payload, refusal = _payload(request, "rpc")
    if refusal is not None:
        return refusal
    assert actor is not None
    answer = rpc.handle_payload(actor, payload)
    if answer is None:
        return HttpResponse(status=204)
    return _json(answer)


@door_enabled("MAILWARDEN_API_MCP_ENABLED")
@csrf_exempt
def mcp_endpoint(request: HttpRequest) -> HttpResponse:
    """MCP Streamable HTTP, JSON responses, no sessions: POST only (no server-sent stream)."""
    if request.method != "POST":
        response = HttpResponse(status=405)
        response["Allow"] = "POST"
        return response
    version = request.META.get("HTTP_MCP_PROTOCOL_VERSION")
    if version is not None and version not in mcp.PROTOCOL_VERSIONS:
        message = f"unsupported MCP-Protocol-Version {version[:40]!r}"
        return _json(rpc.error(None, INVALID_REQUEST, message), 400)
    actor, message, refusal = _payload(request, "rpc")
    if refusal is not None:
        return refusal
    assert actor is not None
    if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
        return _json(rpc.error(None, INVALID_REQUEST, "expected one JSON-RPC 2.0 message"), 400)
    if "method" not in message or "id" not in message:
        return HttpResponse(status=202)  # a notification or a response: accepted, no body
    return _json(mcp.handle_request(actor, message))
