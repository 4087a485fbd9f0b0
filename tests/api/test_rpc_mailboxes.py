"""JSON-RPC mailbox methods: each success, each refusal, each denial."""

from __future__ import annotations

import json

import pytest

from mailwarden import passwords
from mailwarden.audit.models import AuditEvent
from mailwarden.core.actor import cli_actor
from mailwarden.mailboxes.models import Mailbox

SECRET = "Sup3r secret phrase"


def test_mailboxes_list_filters_sorts_and_pages(tokens, rpc):
    page = rpc.result(
        tokens.reader, "mailboxes.list", {"domain": "a.example", "order": "-email", "limit": 1}
    )
    assert [m["address"] for m in page["items"]] == ["bob@a.example"]
    assert page["total"] == 2
    page = rpc.result(tokens.reader, "mailboxes.list", {"search": "alice"})
    assert [m["address"] for m in page["items"]] == ["alice@a.example", "alice@b.example"]


def test_mailboxes_list_shows_a_domain_token_only_its_domains(tokens, rpc):
    page = rpc.result(tokens.a_only, "mailboxes.list")
    assert {m["domain"] for m in page["items"]} == {"a.example"}
    assert rpc.error(tokens.a_only, "mailboxes.list", {"domain": "b.example"})["code"] == -32001


def test_mailbox_get_never_shows_the_hash(tokens, rpc):
    mailbox = rpc.result(tokens.reader, "mailbox.get", {"address": "alice@a.example"})
    assert mailbox["password_scheme"] == "SSHA512"
    stored = Mailbox.objects.get(address__email="alice@a.example").password
    assert stored not in json.dumps(mailbox)
    assert "password" not in mailbox


@pytest.mark.parametrize(
    "method",
    ["mailbox.get", "mailbox.update", "mailbox.set_password", "mailbox.delete"],
)
def test_a_token_of_a_example_finds_no_mailbox_of_b_example(tokens, rpc, unchanged, method):
    params = {"address": "alice@b.example"}
    if method == "mailbox.set_password":
        params["password"] = SECRET
    for token in (tokens.admin_a, tokens.a_only):
        with unchanged():
            error = rpc.error(token, method, params)
        assert error["code"] == -32001
        assert error["message"] == "mailbox alice@b.example not found"


def test_mailbox_create_with_a_password_stores_only_its_hash(tokens, rpc):
    mailbox = rpc.result(
        tokens.writer,
        "mailbox.create",
        {"address": "carol@a.example", "password": SECRET, "name": "Carol", "quota_bytes": 1024},
    )
    assert mailbox["generated_password"] is None
    stored = Mailbox.objects.get(address__email="carol@a.example").password
    assert passwords.verify_password(SECRET, stored)
    event = AuditEvent.objects.get(action="mailbox.create", object_repr="carol@a.example")
    assert event.actor == "token:writer"
    assert SECRET not in json.dumps(event.to_dict())


def test_mailbox_create_can_generate_the_password_and_return_it_once(tokens, rpc):
    mailbox = rpc.result(
        tokens.root, "mailbox.create", {"address": "dave@a.example", "generate_password": True}
    )
    generated = mailbox["generated_password"]
    stored = Mailbox.objects.get(address__email="dave@a.example").password
    assert passwords.verify_password(generated, stored)
    again = rpc.result(tokens.root, "mailbox.get", {"address": "dave@a.example"})
    assert generated not in json.dumps(again)
    assert generated not in json.dumps([e.to_dict() for e in AuditEvent.objects.all()])


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"address": "eve@a.example"}, -32005, "password"),
        ({"address": "eve@a.example", "password": SECRET, "generate_password": True}, -32005,
         "password"),
        ({"address": "alice@a.example", "password": SECRET}, -32002, "address"),
        ({"address": "info@a.example", "password": SECRET}, -32002, "address"),
        ({"address": "../x@a.example", "password": SECRET}, -32005, "address"),
        ({"address": "eve@a.example", "password": "short"}, -32005, "password"),
        ({"address": "eve@nowhere.example", "password": SECRET}, -32001, None),
    ],
)  # fmt: skip
def test_mailbox_create_refusals_carry_the_service_error(
    tokens, rpc, unchanged, params, code, field
):
    with unchanged():
        error = rpc.error(tokens.root, "mailbox.create", params)
    assert error["code"] == code, error
    if field:
        assert field in error["data"]["fields"]


def test_mailbox_create_beyond_the_domain_limit_is_limit_reached(tokens, rpc, unchanged):
    rpc.result(tokens.root, "domain.update", {"name": "a.example", "max_mailboxes": 2})
    with unchanged():
        error = rpc.error(
            tokens.root, "mailbox.create", {"address": "eve@a.example", "password": SECRET}
        )
    assert error["code"] == -32003
    assert error["data"]["type"] == "limit_reached"


def test_mailbox_update_changes_quota_state_and_forwarding(tokens, rpc):
    mailbox = rpc.result(
        tokens.admin_a,
        "mailbox.update",
        {
            "address": "bob@a.example",
            "quota_bytes": 2048,
            "active": False,
            "forward_to": ["bob@elsewhere.example"],
            "keep_copy": True,
        },
    )
    assert (mailbox["quota_bytes"], mailbox["active"]) == (2048, False)
    assert (mailbox["forward_to"], mailbox["keep_copy"]) == (["bob@elsewhere.example"], True)


def test_mailbox_set_password_sets_or_generates(tokens, rpc):
    result = rpc.result(
        tokens.writer, "mailbox.set_password", {"address": "bob@a.example", "password": SECRET}
    )
    assert result["generated_password"] is None
    assert passwords.verify_password(
        SECRET, Mailbox.objects.get(address__email="bob@a.example").password
    )
    result = rpc.result(
        tokens.writer, "mailbox.set_password", ["bob@a.example", None, True, "SHA512-CRYPT"]
    )
    assert result["password_scheme"] == "SHA512-CRYPT"
    stored = Mailbox.objects.get(address__email="bob@a.example").password
    assert passwords.verify_password(result["generated_password"], stored)


def test_mailbox_set_password_needs_a_password(tokens, rpc, unchanged):
    with unchanged():
        error = rpc.error(tokens.writer, "mailbox.set_password", {"address": "bob@a.example"})
    assert error["data"] == {"type": "invalid", "fields": {"password": "required"}}


def test_a_domain_token_cannot_take_over_a_higher_admins_mailbox(tokens, rpc, unchanged):
    from mailwarden.admins.services import admin_create

    admin_create(actor=cli_actor(), email="bob@a.example", password=SECRET, is_superadmin=True)
    with unchanged():
        error = rpc.error(
            tokens.admin_a, "mailbox.set_password", {"address": "bob@a.example", "password": SECRET}
        )
    assert error["code"] == -32004


def test_mailbox_delete_needs_the_delete_scope_then_deletes(tokens, rpc, unchanged):
    with unchanged():
        error = rpc.error(tokens.writer, "mailbox.delete", {"address": "bob@a.example"})
    assert error["data"]["fields"] == {"scope": "delete"}
    assert rpc.result(tokens.root, "mailbox.delete", ["bob@a.example"]) == {
        "deleted": "bob@a.example"
    }
    assert not Mailbox.objects.filter(address__email="bob@a.example").exists()


def test_destructive_calls_have_their_own_limit_per_token(tokens, rpc, settings):
    settings.MAILWARDEN_API_DELETE_LIMIT = 2
    rpc.result(tokens.root, "alias.delete", {"address": "info@a.example"})
    rpc.error(tokens.root, "alias.delete", {"address": "nothing@a.example"})
    error = rpc.error(tokens.root, "mailbox.delete", {"address": "bob@a.example"})
    assert error["code"] == -32029
    assert 3500 < error["data"]["retry_after"] <= 3600
    assert Mailbox.objects.filter(address__email="bob@a.example").exists()
    rpc.result(tokens.admin_a, "mailbox.delete", {"address": "bob@a.example"})
    assert rpc.result(tokens.root, "mailboxes.list")["total"] == 3, "reads are not limited"
