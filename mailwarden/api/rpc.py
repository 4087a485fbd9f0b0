"""JSON-RPC 2.0 over the operation table: single calls, batches and notifications.

Pure protocol: it takes an authenticated actor and a parsed JSON payload and returns what to
send back (None when there is nothing: only notifications). Each call runs in its own
transaction (the services'); a batch is not atomic. https://www.jsonrpc.org/specification
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from mailwarden.api.calls import ApiCall, record_call
from mailwarden.api.errors import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    error_data,
    rpc_code,
)
from mailwarden.api.gate import BadParams, run_call
from mailwarden.api.operations import OPERATIONS
from mailwarden.core.errors import ServiceError
from mailwarden.tokens.authentication import TokenActor

logger = logging.getLogger(__name__)


def error(id_: Any, code: int, message: str, data: Any = None) -> dict:
    body: dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        body["data"] = data
    return {"jsonrpc": "2.0", "error": body, "id": id_}


def service_error(id_: Any, exc: ServiceError) -> dict:
    return error(id_, rpc_code(exc), exc.message, error_data(exc))


def valid_id(value: Any) -> bool:
    """A JSON-RPC 2.0 id: a string, a number or null (a boolean is not a number here)."""
    return (
        value is None
        or isinstance(value, str)
        or (isinstance(value, int | float) and not isinstance(value, bool))
    )


def handle_payload(actor: TokenActor, payload: Any) -> dict | list | None:
    """The response to a request object or a batch; None when no response is due."""
    if isinstance(payload, list):
        if not payload:
            return error(None, INVALID_REQUEST, "invalid request: empty batch")
        if len(payload) > settings.MAILWARDEN_API_MAX_BATCH:
            return error(
                None,
                INVALID_REQUEST,
                f"invalid request: at most {settings.MAILWARDEN_API_MAX_BATCH} calls per batch",
            )
        responses = [r for r in (handle_one(actor, item) for item in payload) if r is not None]
        return responses or None
    return handle_one(actor, payload)


def handle_one(actor: TokenActor, message: Any) -> dict | None:
    """One request object. A notification (no ``id``) is run but gets no response."""
    if not isinstance(message, dict):
        return error(None, INVALID_REQUEST, "invalid request: expected an object")
    id_ = message.get("id")
    if not valid_id(id_):
        return error(None, INVALID_REQUEST, "invalid request: id must be a string or a number")
    method, params = message.get("method"), message.get("params")
    if message.get("jsonrpc") != "2.0" or not isinstance(method, str):
        return error(id_, INVALID_REQUEST, 'invalid request: needs "jsonrpc": "2.0" and a method')
    # Spec 4.2: params may be left out, but when present it is an object or array (not null).
    if "params" in message and not isinstance(params, list | dict):
        return error(id_, INVALID_REQUEST, "invalid request: params must be an object or array")
    response = _call(actor, id_, method, params)
    return response if "id" in message else None


def _call(actor: TokenActor, id_: Any, method: str, params: Any) -> dict:
    call = ApiCall(actor, method)
    response = _answer(call, id_, params)
    record_call(call)
    return response


def _answer(call: ApiCall, id_: Any, params: Any) -> dict:
    """The response to one call, with ``call`` filled in for its audit record."""
    operation = OPERATIONS.get(call.name)
    if operation is None:
        call.outcome = "method_not_found"
        return error(id_, METHOD_NOT_FOUND, f"method not found: {call.name[:100]}")
    try:
        result = run_call(call, operation, params)
    except BadParams as exc:
        return error(
            id_,
            INVALID_PARAMS,
            f"invalid params: {exc.message}",
            {"type": "invalid_params", "fields": exc.fields},
        )
    except ServiceError as exc:
        return service_error(id_, exc)
    except Exception:
        logger.exception("JSON-RPC method %s failed", call.name)
        return error(id_, INTERNAL_ERROR, "internal error")
    return {"jsonrpc": "2.0", "result": result, "id": id_}
