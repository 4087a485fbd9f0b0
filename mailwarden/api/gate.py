"""Where every API call passes: params checked against the operation's schema, the token's
scope checked, destructive calls counted against the token's own limit, then the handler;
and, for the doors that take their params as JSON (RPC, MCP), the call's outcome noted for
its audit record."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from mailwarden.api.calls import ApiCall
from mailwarden.api.operations import DELETE, Operation
from mailwarden.core.errors import Forbidden, ServiceError
from mailwarden.tokens.authentication import TokenActor
from mailwarden.tokens.ratelimit import token_spend_destructive


class BadParams(Exception):
    """Params that do not fit the operation's schema; ``fields`` maps each to its problem."""

    def __init__(self, message: str, fields: dict[str, str]) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields


def fields_of(error: ValidationError) -> dict[str, str]:
    """``{"targets.0": "string_type", ...}``: where each problem is and what kind it is."""
    found: dict[str, str] = {}
    for item in error.errors(include_url=False, include_input=False):
        where = ".".join(str(part) for part in item["loc"]) or "params"
        found.setdefault(where, item["type"])
    return found


def describe(error: ValidationError) -> str:
    """One line naming the first problem, without echoing the input (it may be a secret)."""
    first = error.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "params"
    return f"{where}: {first['msg']}"


def parse_params(operation: Operation, raw: Any) -> BaseModel:
    """Validate JSON-RPC/MCP params given by name (object), by position (array) or not at all."""
    if raw is None:
        raw = {}
    if isinstance(raw, list):
        names = operation.positional
        if len(raw) > len(names):
            raise BadParams(
                f"{operation.name} takes at most {len(names)} positional params "
                f"({', '.join(names) or 'none'})",
                {"params": "too_many"},
            )
        raw = dict(zip(names, raw, strict=False))
    if not isinstance(raw, dict):
        raise BadParams("params: must be an object or an array", {"params": "invalid"})
    try:
        return operation.params.model_validate(raw)
    except ValidationError as exc:
        raise BadParams(describe(exc), fields_of(exc)) from None


def check_scope(actor: TokenActor, operation: Operation) -> None:
    """Refuse what the token's scopes do not grant (before its params are even looked at)."""
    if not actor.may(operation.scope):
        raise Forbidden(
            f"this token lacks the {operation.scope!r} scope needed for {operation.name}",
            fields={"scope": operation.scope},
        )


def invoke(actor: TokenActor, operation: Operation, params: BaseModel) -> dict:
    """Run ``operation`` for ``actor`` within its token's scopes and destructive-call limit."""
    check_scope(actor, operation)
    if operation.scope == DELETE:
        token_spend_destructive(token_id=actor.token_id)
    return operation.run(actor, params)


def rendered(operation: Operation, result: dict) -> dict:
    """``result`` as REST answers it, through the operation's output model: every field the
    model declares is there (null when it does not apply) at every door, and a result that
    breaks its own schema is our bug, never sent."""
    return operation.result.model_validate(result).model_dump(mode="json")


def run_call(call: ApiCall, operation: Operation, raw: Any) -> dict:
    """Check the scope, then the params, then ``invoke``: the result, or the refusal
    raised again once ``call`` notes it (``invalid_params``, the error's code, ``internal``)."""
    try:
        check_scope(call.actor, operation)
        call.params = parse_params(operation, raw)
        return rendered(operation, invoke(call.actor, operation, call.params))
    except BadParams:
        call.outcome = "invalid_params"
        raise
    except ServiceError as exc:
        call.outcome = exc.code
        raise
    except Exception:
        call.outcome = "internal"
        raise
