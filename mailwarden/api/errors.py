"""The service layer's errors, mapped once for the API doors: a JSON-RPC error code and an
HTTP status each. docs/api.md lists both tables."""

from __future__ import annotations

from mailwarden.core.errors import (
    Conflict,
    Forbidden,
    Invalid,
    LimitReached,
    NotFound,
    ServiceError,
    TooManyAttempts,
)
from mailwarden.tokens.authentication import Unauthenticated

# JSON-RPC 2.0's own codes.
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603

# Application codes (the -32000..-32099 range the spec leaves to servers).
_RPC_CODES: dict[type[ServiceError], int] = {
    Unauthenticated: -32000,
    NotFound: -32001,
    Conflict: -32002,
    LimitReached: -32003,
    Forbidden: -32004,
    Invalid: -32005,
    TooManyAttempts: -32029,
}
_HTTP_STATUS: dict[type[ServiceError], int] = {
    Unauthenticated: 401,
    NotFound: 404,
    Conflict: 409,
    LimitReached: 409,
    Forbidden: 403,
    Invalid: 422,
    TooManyAttempts: 429,
}


def _lookup(table: dict[type[ServiceError], int], exc: ServiceError, default: int) -> int:
    for kind in type(exc).__mro__:
        if kind in table:
            return table[kind]
    return default


def rpc_code(exc: ServiceError) -> int:
    return _lookup(_RPC_CODES, exc, INTERNAL_ERROR)


def http_status(exc: ServiceError) -> int:
    return _lookup(_HTTP_STATUS, exc, 400)


def error_data(exc: ServiceError) -> dict:
    """What a caller needs besides the message: the kind, the fields, when to retry."""
    data: dict = {"type": exc.code, "fields": exc.fields}
    if isinstance(exc, TooManyAttempts):
        data["retry_after"] = exc.retry_after
    return data


def retry_after(exc: ServiceError) -> str | None:
    return str(exc.retry_after) if isinstance(exc, TooManyAttempts) else None
