"""The MCP endpoint at the HTTP level: what the SDK test does not reach."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from mailwarden.api.mcp import PROTOCOL_VERSIONS
from tests.api.conftest import strict_json


def post(token, message, **extra):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().post(
        "/mcp",
        data=message if isinstance(message, str) else json.dumps(message),
        content_type="application/json",
        HTTP_ACCEPT="application/json, text/event-stream",
        **auth,
        **extra,
    )


def request(method, params=None, id_=1):
    message = {"jsonrpc": "2.0", "method": method, "id": id_}
    if params is not None:
        message["params"] = params
    return message


def test_it_negotiates_a_handshake_version_and_offers_tools(tokens):
    answer = post(tokens.reader, request("initialize", {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "t", "version": "1"},
    })).json()  # fmt: skip
    assert answer["result"]["protocolVersion"] == "2025-06-18"
    assert answer["result"]["capabilities"] == {"tools": {"listChanged": False}}
    answer = post(tokens.reader, request("initialize", {"protocolVersion": "1999-01-01"})).json()
    assert answer["result"]["protocolVersion"] == PROTOCOL_VERSIONS[0]


def test_the_2026_discovery_probe_is_method_not_found_so_clients_fall_back(tokens):
    answer = post(tokens.reader, request("server/discover", {})).json()
    assert answer["error"]["code"] == -32601


def test_notifications_are_accepted_without_a_body(tokens):
    response = post(tokens.reader, {"jsonrpc": "2.0", "method": "notifications/initialized"})
    assert response.status_code == 202
    assert response.content == b""


@pytest.mark.parametrize("params", ["null", "[]", "0", '""', "false"])
def test_params_that_are_not_an_object_are_an_invalid_request(tokens, params, unchanged):
    """Regression: a falsy ``params`` (null, [], 0) ran the method as if they were left out."""
    message = f'{{"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {params}}}'
    answer = post(tokens.writer, message).json()
    assert answer == {
        "jsonrpc": "2.0",
        "id": 3,
        "error": {"code": -32600, "message": "params must be an object"},
    }


def test_ping_answers_empty(tokens):
    assert post(tokens.reader, request("ping")).json()["result"] == {}


def test_an_unknown_tool_is_a_protocol_error(tokens):
    answer = post(tokens.reader, request("tools/call", {"name": "rm_rf", "arguments": {}})).json()
    assert answer["error"]["code"] == -32602


def test_bad_arguments_are_a_tool_error_naming_the_field(tokens, unchanged):
    with unchanged():
        answer = post(tokens.root, request("tools/call", {
            "name": "alias_create", "arguments": {"address": "x@a.example", "targets": "nope"},
        })).json()  # fmt: skip
    assert answer["result"]["isError"] is True
    assert answer["result"]["content"][0]["text"].startswith("invalid arguments: targets:")


def test_tools_carry_hints_for_agents(tokens):
    tools = {
        t["name"]: t for t in post(tokens.reader, request("tools/list")).json()["result"]["tools"]
    }
    assert tools["mailbox_delete"]["annotations"]["destructiveHint"] is True
    assert tools["mailboxes_list"]["annotations"]["readOnlyHint"] is True
    assert tools["mailbox_create"]["inputSchema"]["additionalProperties"] is False


@pytest.mark.parametrize(
    "id_", [{"a": 1}, [1], True, None, 1.5], ids=["object", "array", "bool", "null", "fraction"]
)
def test_an_id_that_is_not_a_string_or_an_integer_is_an_invalid_request(tokens, id_):
    """Regression: /mcp answered and echoed ids the MCP spec forbids (``{"id": {"a": 1},
    "result": {}}``); a request id is a string or an integer, never null."""
    answer = post(tokens.reader, request("ping", id_=id_)).json()
    assert answer == {
        "jsonrpc": "2.0",
        "error": {"code": -32600, "message": "invalid request: id must be a string or an integer"},
        "id": None,
    }


@pytest.mark.parametrize("id_", ["abc", 7, 2**70])
def test_string_and_integer_ids_are_echoed(tokens, id_):
    assert post(tokens.reader, request("ping", id_=id_)).json()["id"] == id_


def test_a_number_beyond_a_float_is_a_parse_error_never_infinity(tokens):
    """Regression: ``"id": 1e400`` came back as ``"id": Infinity``, which is not JSON."""
    response = post(tokens.reader, '{"jsonrpc": "2.0", "method": "ping", "id": 1e400}')
    assert strict_json(response.content)["error"]["code"] == -32700


def test_a_batch_is_refused(tokens):
    response = post(tokens.reader, [request("ping")])
    assert response.status_code == 400


def test_an_unsupported_protocol_version_header_is_refused(tokens):
    response = post(tokens.reader, request("ping"), HTTP_MCP_PROTOCOL_VERSION="1999-01-01")
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["get", "delete"])
def test_there_is_no_stream_and_no_session_to_end(tokens, method):
    response = getattr(Client(), method)("/mcp", HTTP_AUTHORIZATION=f"Bearer {tokens.reader}")
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_without_a_token_it_answers_401(cast):
    response = post(None, request("tools/list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_door_switched_off_does_not_exist(tokens, settings):
    settings.MAILWARDEN_API_MCP_ENABLED = False
    assert post(tokens.reader, request("tools/list")).status_code == 404
