"""REST, JSON-RPC and MCP answer the same object for the same operation, key for key."""

from __future__ import annotations

import json

import pytest

from tests.api.test_mcp_protocol import post as mcp_post
from tests.api.test_mcp_protocol import request as mcp_request

READS = [
    ("ping", {}, "/ping"),
    ("domains.list", {}, "/domains"),
    ("domain.get", {"name": "a.example"}, "/domains/a.example"),
    ("mailboxes.list", {"domain": "a.example"}, "/mailboxes?domain=a.example"),
    ("mailbox.get", {"address": "alice@a.example"}, "/mailboxes/alice@a.example"),
    ("aliases.list", {"domain": "a.example"}, "/aliases?domain=a.example"),
    ("alias.get", {"address": "info@a.example"}, "/aliases/info@a.example"),
    ("aliasdomains.list", {}, "/aliasdomains"),
    ("audit.list", {"without_calls": True}, "/audit?without_calls=true"),
]


@pytest.mark.parametrize(("method", "params", "path"), READS, ids=[r[0] for r in READS])
def test_every_door_answers_the_same_keys_and_values(tokens, rpc, rest, method, params, path):
    """Regression: JSON-RPC and MCP left out the fields that did not apply (a virtual
    domain's ``alias_target``) where REST, rendering through the output model, said null."""
    over_rest = rest.get(tokens.root, path).json()
    over_rpc = rpc.result(tokens.root, method, params)
    tool = {"name": method.replace(".", "_"), "arguments": params}
    over_mcp = mcp_post(tokens.root, mcp_request("tools/call", tool)).json()["result"]
    assert over_rpc == over_rest
    assert over_mcp["structuredContent"] == over_rest
    assert json.loads(over_mcp["content"][0]["text"]) == over_rest


def test_a_create_answers_its_nulls_over_json_rpc_too(tokens, rpc):
    created = rpc.result(tokens.root, "domain.create", {"name": "new.example"})
    assert created["alias_target"] is None
    assert created["relay_transport"] is None
