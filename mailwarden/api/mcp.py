"""The Model Context Protocol over the operation table: each operation is an MCP tool.

Implemented here, inside Django, as the Streamable HTTP transport's JSON-response variant
without sessions (docs/api.md says why): the client POSTs one JSON-RPC message and gets one
JSON answer. Handshake-era protocol versions; the 2026 ``server/discover`` probe is answered
"method not found", on which clients fall back to ``initialize``.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from mailwarden.api.calls import ApiCall, record_call
from mailwarden.api.errors import INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND
from mailwarden.api.gate import BadParams, run_call
from mailwarden.api.operations import DELETE, OPERATIONS, READ, Operation
from mailwarden.api.rpc import error, valid_id
from mailwarden.core.errors import ServiceError
from mailwarden.tokens.authentication import TokenActor

logger = logging.getLogger(__name__)

PROTOCOL_VERSIONS = ("2025-11-25", "2025-06-18", "2025-03-26")
INSTRUCTIONS = (
    "mailwarden manages the mail domains, mailboxes and aliases that Postfix and Dovecot "
    "read. Each tool needs a scope of your token (read, write or delete); objects outside "
    "the token's domains look exactly like missing ones. Passwords are never returned, "
    "except a generated one, once."
)


def tool_name(operation: Operation) -> str:
    """``mailbox.create`` -> ``mailbox_create``: the service's own name, and a tool name
    every MCP client accepts (some refuse dots)."""
    return operation.name.replace(".", "_")


TOOLS: dict[str, Operation] = {tool_name(op): op for op in OPERATIONS.values()}


@cache
def tool_list() -> list[dict[str, Any]]:
    return [_tool(name, op) for name, op in TOOLS.items()]


def _tool(name: str, op: Operation) -> dict[str, Any]:
    return {
        "name": name,
        "title": op.name,
        "description": f"{op.summary} Needs the token scope '{op.scope}'.",
        "inputSchema": op.params.model_json_schema(),
        "outputSchema": op.result.model_json_schema(),
        "annotations": {
            "readOnlyHint": op.scope == READ,
            "destructiveHint": op.scope == DELETE,
            "openWorldHint": False,
        },
    }


def valid_request_id(value: Any) -> bool:
    """MCP narrows JSON-RPC's ids to a string or an integer: never null, never a fraction."""
    return valid_id(value) and value is not None and not isinstance(value, float)


def handle_request(actor: TokenActor, message: dict) -> dict:
    """The response to one MCP request (a JSON-RPC request object with an id)."""
    id_, method = message.get("id"), message.get("method")
    if not valid_request_id(id_):
        return error(None, INVALID_REQUEST, "invalid request: id must be a string or an integer")
    params = message.get("params", {})
    if not isinstance(params, dict):  # null, a list, a number: MCP's params are an object
        return error(id_, INVALID_REQUEST, "params must be an object")
    if method == "initialize":
        return _result(id_, _initialize(params))
    if method == "ping":
        return _result(id_, {})
    if method == "tools/list":
        return _result(id_, {"tools": tool_list()})
    if method == "tools/call":
        return _call_tool(actor, id_, params)
    return error(id_, METHOD_NOT_FOUND, f"method not found: {str(method)[:100]}")


def _result(id_: Any, result: dict) -> dict:
    return {"jsonrpc": "2.0", "id": id_, "result": result}


def _initialize(params: dict) -> dict:
    wanted = params.get("protocolVersion")
    return {
        "protocolVersion": wanted if wanted in PROTOCOL_VERSIONS else PROTOCOL_VERSIONS[0],
        "capabilities": {"tools": {"listChanged": False}},
        "serverInfo": {"name": "mailwarden", "version": _version()},
        "instructions": INSTRUCTIONS,
    }


def _version() -> str:
    try:
        return version("mailwarden")
    except PackageNotFoundError:
        return "0"


def _call_tool(actor: TokenActor, id_: Any, params: dict) -> dict:
    """Refusals and bad arguments are tool results with ``isError`` (the agent reads them and
    can correct itself); only an unknown tool is a protocol error."""
    name = params.get("name")
    operation = TOOLS.get(name) if isinstance(name, str) else None
    call = ApiCall(actor, operation.name if operation else str(name))
    response = _tool_answer(call, operation, id_, params.get("arguments"))
    record_call(call)
    return response


def _tool_answer(call: ApiCall, operation: Operation | None, id_: Any, arguments: Any) -> dict:
    """The response to one tool call, with ``call`` filled in for its audit record."""
    if operation is None:
        call.outcome = "unknown_tool"
        return error(id_, INVALID_PARAMS, f"unknown tool: {call.name[:100]}")
    try:
        result = run_call(call, operation, arguments)
    except BadParams as exc:
        return _result(id_, _tool_error(f"invalid arguments: {exc.message}"))
    except ServiceError as exc:
        return _result(id_, _tool_error(f"{exc.code}: {exc.message}"))
    except Exception:
        logger.exception("MCP tool %s failed", operation.name)
        return error(id_, INTERNAL_ERROR, "internal error")
    text = json.dumps(result, ensure_ascii=False)
    return _result(
        id_,
        {
            "content": [{"type": "text", "text": text}],
            "structuredContent": result,
            "isError": False,
        },
    )


def _tool_error(message: str) -> dict:
    return {"content": [{"type": "text", "text": message}], "isError": True}
