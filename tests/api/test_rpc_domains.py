"""JSON-RPC domain methods: each success, each refusal, each denial."""

from __future__ import annotations

from mailwarden.audit.models import AuditEvent
from mailwarden.domains.models import Domain


def test_domains_list_pages_filters_and_sorts(tokens, rpc):
    page = rpc.result(tokens.root, "domains.list", {"order": "-name", "limit": 1})
    assert [d["name"] for d in page["items"]] == ["b.example"]
    assert page["total"] == 2
    page = rpc.result(tokens.root, "domains.list", {"search": "a.ex", "active": True})
    assert [d["name"] for d in page["items"]] == ["a.example"]


def test_domains_list_shows_a_domain_token_only_its_domains(tokens, rpc):
    for token in (tokens.admin_a, tokens.a_only):
        page = rpc.result(token, "domains.list")
        assert [d["name"] for d in page["items"]] == ["a.example"]


def test_domain_get_shows_limits_and_usage(tokens, rpc):
    domain = rpc.result(tokens.reader, "domain.get", {"name": "A.Example"})
    assert domain["name"] == "a.example"
    assert domain["usage"] == {
        "mailboxes": 2, "aliases": 2, "alias_domains": 0, "quota_allocated_bytes": 0,
    }  # fmt: skip


def test_domain_get_of_another_customers_domain_is_not_found(tokens, rpc):
    for token in (tokens.admin_a, tokens.a_only):
        error = rpc.error(token, "domain.get", {"name": "b.example"})
        assert error["code"] == -32001
        assert error["message"] == "domain b.example not found"
        assert error["data"] == {"type": "not_found", "fields": {}}


def test_domain_create_by_a_superadmin_token_is_audited_with_the_token_name(tokens, rpc):
    domain = rpc.result(
        tokens.root,
        "domain.create",
        {"name": "Bücher.example", "max_mailboxes": 10, "postmaster_to": "boss@ops.example"},
    )
    assert domain["name"] == "xn--bcher-kva.example"
    assert domain["display_name"] == "bücher.example"
    event = AuditEvent.objects.get(action="domain.create", actor="token:root")
    assert (event.actor, event.door, event.admin.email) == ("token:root", "rpc", "boss@ops.example")
    assert event.source_ip == "127.0.0.1"


def test_domain_create_of_an_existing_name_is_a_conflict(tokens, rpc, unchanged):
    with unchanged():
        error = rpc.error(tokens.root, "domain.create", {"name": "a.example"})
    assert error["code"] == -32002
    assert error["data"]["type"] == "conflict"


def test_domain_create_with_a_bad_name_is_invalid_naming_the_field(tokens, rpc, unchanged):
    with unchanged():
        error = rpc.error(tokens.root, "domain.create", {"name": "$(id).x"})
    assert error["code"] == -32005
    assert error["data"] == {"type": "invalid", "fields": {"name": "invalid"}}


def test_domain_create_is_forbidden_to_a_domain_admins_token(tokens, rpc, unchanged):
    for token in (tokens.admin_a, tokens.a_only):
        with unchanged():
            error = rpc.error(token, "domain.create", {"name": "new.example"})
        assert error["code"] == -32004


def test_domain_create_needs_the_write_scope(tokens, rpc, unchanged):
    with unchanged():
        error = rpc.error(tokens.reader, "domain.create", {"name": "new.example"})
    assert error["code"] == -32004
    assert error["data"] == {"type": "forbidden", "fields": {"scope": "write"}}


def test_domain_update_changes_what_the_token_may_change(tokens, rpc):
    domain = rpc.result(tokens.root, "domain.update", {"name": "a.example", "max_mailboxes": 5})
    assert domain["max_mailboxes"] == 5
    domain = rpc.result(tokens.admin_a, "domain.update", ["a.example", "our shop"])
    assert domain["description"] == "our shop"


def test_a_domain_admins_token_cannot_raise_its_own_limits(tokens, rpc, unchanged):
    with unchanged():
        error = rpc.error(tokens.admin_a, "domain.update", {"name": "a.example", "max_aliases": 9})
    assert error["code"] == -32004


def test_domain_update_below_usage_is_a_conflict(tokens, rpc, unchanged):
    with unchanged():
        error = rpc.error(tokens.root, "domain.update", {"name": "a.example", "max_mailboxes": 1})
    assert error["code"] == -32002
    assert error["data"]["fields"] == {"max_mailboxes": "below_usage"}


def test_domain_delete_needs_force_for_a_domain_in_use(tokens, rpc, unchanged):
    with unchanged():
        assert rpc.error(tokens.root, "domain.delete", {"name": "a.example"})["code"] == -32002
    assert rpc.result(tokens.root, "domain.delete", {"name": "a.example", "force": True}) == {
        "deleted": "a.example"
    }
    assert not Domain.objects.filter(name="a.example").exists()


def test_domain_delete_needs_the_delete_scope(tokens, rpc, unchanged):
    with unchanged():
        error = rpc.error(tokens.writer, "domain.delete", {"name": "a.example", "force": True})
    assert error["data"] == {"type": "forbidden", "fields": {"scope": "delete"}}


def test_the_password_policy_is_one_call_away(tokens, rpc, settings):
    settings.MAILWARDEN_MIN_PASSWORD_LENGTH = 12
    policy = rpc.result(tokens.reader, "password_policy.get", {})
    assert policy["min_length"] == 12
    assert policy["rules"] == ["at least 12 characters"]
