"""The REST door under /api/v1/, on django-ninja: the OpenAPI document is generated from the
same pydantic schemas the JSON-RPC and MCP doors validate with (``schemas``, ``outputs``).

Each route names its operation in the one table (``operations.OPERATIONS``); its bearer
check enforces that operation's scope before the body is even parsed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from pydantic import BaseModel, ValidationError

from mailwarden.api import outputs as o
from mailwarden.api.auth import bearer
from mailwarden.api.calls import ApiCall
from mailwarden.api.errors import http_status, retry_after
from mailwarden.api.gate import BadParams, check_scope, describe, fields_of, invoke
from mailwarden.api.http import body_within_limit, too_large_message
from mailwarden.api.operations import OPERATIONS, Operation
from mailwarden.core.errors import ServiceError
from mailwarden.security.client_ip import client_ip
from mailwarden.tokens.authentication import REJECTED, TokenActor, token_authenticate

logger = logging.getLogger(__name__)

DESCRIPTION = """Manage the mail domains, mailboxes, aliases and alias domains that Postfix and
Dovecot read. Every call needs an API token (`Authorization: Bearer mw_...`) with the scope
the operation names: `read`, `write`, or `delete` for destructive calls. Objects outside the
token's domains answer 404, exactly like missing ones. The same operations exist as JSON-RPC
methods at `/rpc` and MCP tools at `/mcp`."""

ERRORS: dict[int, type[BaseModel]] = {
    status: o.ErrorOut for status in (400, 401, 403, 404, 409, 413, 422, 429)
}


class PayloadTooLarge(HttpError):
    def __init__(self) -> None:
        super().__init__(413, too_large_message())


class TokenBearer(HttpBearer):
    """The token check of one operation: authenticate, bound the body, check the scope."""

    def __init__(self, operation: Operation) -> None:
        super().__init__()
        self.operation = operation

    def __call__(self, request: HttpRequest) -> TokenActor | None:
        raw = bearer(request)
        if raw is None:
            return None
        return self.authenticate(request, raw)

    def authenticate(self, request: HttpRequest, token: str) -> TokenActor:
        actor = token_authenticate(token, client_ip(request), door="api")
        # From here on the request is a call of this token's, whatever becomes of it:
        # ``rest_edges.edged`` records it once the response is known.
        request.api_call = ApiCall(actor, self.operation.name)  # type: ignore[attr-defined]
        if body_within_limit(request) is None:
            raise PayloadTooLarge
        check_scope(actor, self.operation)
        return actor


def needs(name: str) -> dict[str, Any]:
    """The route options of operation ``name``: its bearer check, id, summary, errors."""
    operation = OPERATIONS[name]
    return {
        "auth": TokenBearer(operation),
        "operation_id": name.replace(".", "_"),
        "summary": operation.name,
        "description": f"{operation.summary} Scope: `{operation.scope}`.",
    }


def params(model: type[BaseModel], **data: Any) -> BaseModel:
    """The operation's params from path parameters (and a body's fields): a misfit is the
    caller's 422, while a ``ValidationError`` anywhere else is our bug (a result that broke
    its declared schema) and answers 500."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise BadParams(describe(exc), fields_of(exc)) from None


def call(request: HttpRequest, name: str, params: BaseModel) -> dict:
    actor: TokenActor = request.auth  # type: ignore[attr-defined]
    request.api_call.params = params  # type: ignore[attr-defined]
    return invoke(actor, OPERATIONS[name], params)


api = NinjaAPI(
    title="mailwarden API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,  # served by views.docs from our own files: no CDN
)


def refuse_unknown_query(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse query parameters the route does not declare, as JSON-RPC refuses unknown
    params: ninja reads only the names it knows, so ``?domian=`` would silently do nothing.

    Applied by ninja to every route after authentication and validation ("operation" mode);
    ninja keeps the route's operation, with its parameter models, on the view function."""
    known = {
        name
        for model in view._ninja_operation.models  # type: ignore[attr-defined]
        if model.__ninja_param_source__ == "query"
        for name in model.__ninja_flatten_map__
    }

    @wraps(view)
    def checked(request: HttpRequest, **values: Any) -> Any:
        unknown = sorted(set(request.GET) - known)
        if unknown:
            raise BadParams(
                f"{unknown[0][:100]}: Extra inputs are not permitted",
                {name[:100]: "extra_forbidden" for name in unknown},
            )
        return view(request, **values)

    return checked


api.add_decorator(refuse_unknown_query, mode="operation")


def error_response(
    status: int, code: str, message: str, fields: dict | None = None
) -> HttpResponse:
    """The one REST error body, ``{"error": {"code", "message", "fields"}}``, never cached."""
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    response = api.create_response(None, body, status=status)  # type: ignore[arg-type]
    response["Cache-Control"] = "no-store"
    return response


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    response = error_response(http_status(exc), exc.code, exc.message, exc.fields)
    if (wait := retry_after(exc)) is not None:
        response["Retry-After"] = wait
    if response.status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="mailwarden"'
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = error_response(401, "unauthorized", REJECTED)
    response["WWW-Authenticate"] = 'Bearer realm="mailwarden"'
    return response


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    if any(tuple(item.get("loc", ()))[:1] == ("response",) for item in exc.errors):
        # Our own result broke its declared schema: a bug here, never the caller's fault.
        return _unexpected(request, exc)
    fields: dict[str, str] = {}
    for item in exc.errors:
        where = ".".join(str(p) for p in _field_path(item.get("loc", ()))) or "request"
        fields.setdefault(where, str(item.get("type", "invalid")))
    first = exc.errors[0] if exc.errors else {}
    where = next(iter(fields), "request")
    return error_response(422, "invalid", f"{where}: {first.get('msg', 'invalid')}", fields)


def _field_path(loc: Any) -> list:
    """``("body", "payload", "targets", 0)`` -> ``["targets", 0]``; ``("query", "limit")`` ->
    ``["limit"]``: the field as the caller named it."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:] or parts[1:]
    elif parts and parts[0] in ("query", "path"):
        parts = parts[1:]
    return parts


@api.exception_handler(BadParams)
def _bad_params(request: HttpRequest, exc: BadParams) -> HttpResponse:
    """A path parameter that does not fit its schema (say, a 2,000-character name), or a
    query parameter the route does not take."""
    return error_response(422, "invalid", exc.message, exc.fields)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = "too_large" if exc.status_code == 413 else "bad_request"
    return error_response(exc.status_code, code, str(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", "not found")


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("REST %s %s failed", request.method, request.path)
    return error_response(500, "internal", "internal error")


from mailwarden.api import rest_routes  # noqa: E402,F401 - registers the routes on ``api``
