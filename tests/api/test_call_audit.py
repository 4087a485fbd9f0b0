"""Every API call is audited with its token's name: a change by its own change event, every
other call (a read, a refusal, a failed change, an unknown method) by one ``api.call``."""

from __future__ import annotations

import pytest

from mailwarden.api.operations import OPERATIONS, READ
from mailwarden.audit.models import AuditEvent
from mailwarden.audit.selectors import audit_list
from tests.api.conftest import Rpc
from tests.api.test_mcp_protocol import post as mcp_post
from tests.api.test_mcp_protocol import request as mcp_request

SECRET = "Never-Logged-9f3k2"

# One call that succeeds for the superadmin's token, for every operation that changes
# something, run in this order on the cast.
CHANGES = [
    ("domain.create", {"name": "c.example"}),
    ("domain.update", {"name": "c.example", "description": "third"}),
    ("mailbox.create", {"address": "carol@c.example", "password": SECRET}),
    ("mailbox.update", {"address": "carol@c.example", "name": "Carol"}),
    ("mailbox.set_password", {"address": "carol@c.example", "generate_password": True}),
    ("alias.create", {"address": "sales@c.example", "targets": ["carol@c.example"]}),
    ("alias.update", {"address": "sales@c.example", "targets": ["x@z.example"]}),
    ("aliasdomain.create", {"name": "c-mirror.example", "target": "c.example"}),
    ("aliasdomain.delete", {"name": "c-mirror.example"}),
    ("alias.delete", {"address": "sales@c.example"}),
    ("mailbox.delete", {"address": "carol@c.example"}),
    ("domain.delete", {"name": "c.example", "force": True}),
]


def calls(**filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="api.call", **filters).order_by("id"))


def test_a_read_is_audited_with_the_token_the_door_the_address_and_what_it_asked(tokens, rpc):
    rpc.result(tokens.reader, "mailbox.get", {"address": "alice@a.example"})
    (event,) = calls()
    assert (event.actor, event.door, event.source_ip, event.admin.email) == (
        "token:reader",
        "rpc",
        "127.0.0.1",
        "boss@ops.example",
    )
    assert (event.object_repr, event.domain, event.call) == ("mailbox.get", "a.example", True)
    assert event.after == {"outcome": "ok", "params": {"address": "alice@a.example"}}


def test_every_change_that_goes_through_is_audited_by_its_change_event_alone(tokens, rpc):
    for method, params in CHANGES:
        before = AuditEvent.objects.filter(actor="token:root").count()
        rpc.result(tokens.root, method, params)
        assert AuditEvent.objects.filter(actor="token:root").count() > before, method
    assert calls() == []
    assert set(OPERATIONS) - {op for op, _ in CHANGES} == {
        name for name, op in OPERATIONS.items() if op.scope == READ
    }


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_every_operation_refused_is_audited_with_its_outcome(tokens, rpc, unchanged, name):
    """A token with no scope for it, or params that do not fit: the call leaves its record."""
    token = tokens.reader if OPERATIONS[name].scope != READ else None
    with unchanged():
        if token is not None:
            rpc.error(token, name, {})
        rpc.error(tokens.root, name, {"no_such_param": 1})
    outcomes = [(e.object_repr, e.after["outcome"]) for e in calls()]
    expected = [(name, "forbidden")] if token is not None else []
    assert outcomes == [*expected, (name, "invalid_params")]


def test_a_refused_change_keeps_what_it_asked_for_without_the_password(tokens, rpc, unchanged):
    with unchanged():
        rpc.error(tokens.admin_a, "mailbox.create", {"address": "x@b.example", "password": SECRET})
    (event,) = calls()
    assert event.after == {
        "outcome": "not_found",
        "params": {"address": "x@b.example", "password": "[redacted]"},
    }
    assert SECRET not in str(event.after)


def test_an_unknown_method_and_each_call_of_a_batch_are_audited(tokens):
    rpc = Rpc()
    batch = [
        {"jsonrpc": "2.0", "method": "ping", "id": 1},
        {"jsonrpc": "2.0", "method": "domains.list"},  # a notification runs, so it is audited
        {"jsonrpc": "2.0", "method": "mailbox.steal", "id": 2},
    ]
    assert rpc.post(tokens.reader, batch).status_code == 200
    assert [(e.object_repr, e.after["outcome"]) for e in calls()] == [
        ("ping", "ok"),
        ("domains.list", "ok"),
        ("mailbox.steal", "method_not_found"),
    ]


def test_rest_calls_are_audited_with_the_outcome_of_their_response(tokens, rest, unchanged):
    assert rest.get(tokens.reader, "/mailboxes?domain=a.example&limit=5").status_code == 200
    with unchanged():
        assert rest.get(tokens.reader, "/mailboxes?limit=0").status_code == 422
        assert rest.post(tokens.reader, "/aliases", {"address": "s@a.example"}).status_code == 403
        assert rest.get(tokens.admin_a, "/mailboxes/alice@b.example").status_code == 404
        assert rest.request("head", tokens.reader, "/ping").status_code == 200
    alias = {"address": "s@a.example", "targets": ["b@a.example"]}
    assert rest.post(tokens.writer, "/aliases", alias).status_code == 201
    assert [(e.actor, e.object_repr, e.after["outcome"], e.door) for e in calls()] == [
        ("token:reader", "mailboxes.list", "ok", "api"),
        ("token:reader", "mailboxes.list", "invalid", "api"),
        ("token:reader", "alias.create", "forbidden", "api"),
        ("token:shop", "mailbox.get", "not_found", "api"),
        ("token:reader", "ping", "ok", "api"),
    ]
    assert calls()[0].after["params"] == {"domain": "a.example", "limit": 5}


def test_mcp_tool_calls_are_audited_and_the_handshake_is_not(tokens):
    assert mcp_post(tokens.reader, mcp_request("initialize", {})).status_code == 200
    assert mcp_post(tokens.reader, mcp_request("tools/list")).status_code == 200
    get = {"name": "mailbox_get", "arguments": {"address": "bob@a.example"}}
    create = {"name": "domain_create", "arguments": {"name": "m.example"}}
    assert mcp_post(tokens.reader, mcp_request("tools/call", get)).status_code == 200
    assert mcp_post(tokens.reader, mcp_request("tools/call", create)).status_code == 200
    assert mcp_post(tokens.reader, mcp_request("tools/call", {"name": "nope"})).status_code == 200
    assert [(e.object_repr, e.after["outcome"], e.door) for e in calls()] == [
        ("mailbox.get", "ok", "rpc"),
        ("domain.create", "forbidden", "rpc"),
        ("nope", "unknown_tool", "rpc"),
    ]


def test_a_domain_admin_sees_their_tokens_calls_on_their_domain_but_not_probes_of_others(
    cast, tokens, rpc
):
    rpc.result(tokens.admin_a, "mailbox.get", {"address": "alice@a.example"})
    rpc.error(tokens.admin_a, "mailbox.get", {"address": "alice@b.example"})
    assert [e.domain for e in calls()] == ["a.example", ""]
    seen_by_a = audit_list(actor=cast.admin_a, action="api.call").items
    assert [e.object_repr for e in seen_by_a] == ["mailbox.get"]
    assert audit_list(actor=cast.admin_b, action="api.call").total == 0
    assert audit_list(actor=cast.superadmin, action="api.call").total == 2


def test_lists_of_changes_leave_the_calls_out(tokens, rpc):
    rpc.result(
        tokens.writer, "alias.create", {"address": "s@a.example", "targets": ["x@z.example"]}
    )
    for _ in range(3):
        rpc.result(tokens.reader, "aliases.list", {"domain": "a.example"})
    page = rpc.result(tokens.reader, "audit.list", {"without_calls": True, "limit": 1})
    assert [e["action"] for e in page["items"]] == ["alias.create"]
    everything = rpc.result(tokens.reader, "audit.list", {"limit": 4})
    assert [e["action"] for e in everything["items"]] == ["api.call"] * 4
