"""REST under /api/v1/: every resource, its success and its status codes."""

from __future__ import annotations

import pytest

from mailwarden.addresses.models import Address
from mailwarden.api.operations import OPERATIONS
from mailwarden.audit.models import AuditEvent
from mailwarden.domains.models import Domain
from mailwarden.mailboxes.models import Mailbox

SECRET = "Sup3r secret phrase"


def ok(response, status=200, operation=None):
    assert response.status_code == status, response.content
    data = response.json()
    if operation:
        OPERATIONS[operation].result.model_validate(data, strict=True)
    return data


def test_ping(tokens, rest):
    assert ok(rest.get(tokens.reader, "/ping"))["actor"] == "token:reader"


def test_the_password_policy_tells_scripts_and_people_the_rules(tokens, rest, settings):
    settings.MAILWARDEN_MIN_PASSWORD_LENGTH = 14
    settings.MAILWARDEN_PASSWORD_CLASSES = 3
    policy = ok(rest.get(tokens.reader, "/password-policy"), operation="password_policy.get")
    assert (policy["min_length"], policy["character_classes"]) == (14, 3)
    assert policy["rules"][0] == "at least 14 characters"
    assert "at least 3 of" in policy["rules"][1]


def test_domains_list_get_create_update_delete(tokens, rest):
    page = ok(rest.get(tokens.root, "/domains?order=-name&limit=1"), operation="domains.list")
    assert [d["name"] for d in page["items"]] == ["b.example"]
    created = ok(rest.post(tokens.root, "/domains", {"name": "new.example"}), 201, "domain.create")
    assert created["name"] == "new.example"
    assert ok(rest.get(tokens.root, "/domains/new.example"), operation="domain.get")["usage"]
    changed = ok(rest.patch(tokens.root, "/domains/new.example", {"description": "x"}))
    assert changed["description"] == "x"
    assert ok(rest.delete(tokens.root, "/domains/new.example")) == {"deleted": "new.example"}
    assert not Domain.objects.filter(name="new.example").exists()


def test_domain_delete_with_force_query(tokens, rest):
    assert rest.delete(tokens.root, "/domains/b.example").status_code == 409
    assert ok(rest.delete(tokens.root, "/domains/b.example?force=true"))["deleted"] == "b.example"


def test_mailboxes_list_get_create_update_password_delete(tokens, rest):
    response = rest.get(tokens.reader, "/mailboxes?domain=a.example&search=bob")
    page = ok(response, operation="mailboxes.list")
    assert [m["address"] for m in page["items"]] == ["bob@a.example"]
    created = ok(
        rest.post(
            tokens.writer, "/mailboxes", {"address": "c@a.example", "generate_password": True}
        ),
        201,
        "mailbox.create",
    )
    assert len(created["generated_password"]) == 20
    assert ok(rest.get(tokens.reader, "/mailboxes/c@a.example"))["address"] == "c@a.example"
    changed = ok(rest.patch(tokens.writer, "/mailboxes/c@a.example", {"quota_bytes": 10}))
    assert changed["quota_bytes"] == 10
    result = ok(rest.post(tokens.writer, "/mailboxes/c@a.example/password", {"password": SECRET}))
    assert result["generated_password"] is None
    assert ok(rest.delete(tokens.root, "/mailboxes/c@a.example")) == {"deleted": "c@a.example"}
    assert not Mailbox.objects.filter(address__email="c@a.example").exists()


def test_aliases_list_get_create_update_delete(tokens, rest):
    body = {"address": "sales@a.example", "targets": ["bob@a.example"]}
    created = ok(rest.post(tokens.admin_a, "/aliases", body), 201)
    assert created["targets"] == ["bob@a.example"]
    page = ok(rest.get(tokens.admin_a, "/aliases?search=sales"), operation="aliases.list")
    assert [a["address"] for a in page["items"]] == ["sales@a.example"]
    assert ok(rest.get(tokens.admin_a, "/aliases/sales@a.example"))["active"] is True
    changed = ok(rest.patch(tokens.admin_a, "/aliases/sales@a.example", {"active": False}))
    assert changed["active"] is False
    assert ok(rest.delete(tokens.admin_a, "/aliases/sales@a.example"))["deleted"]
    assert not Address.objects.filter(email="sales@a.example").exists()


def test_alias_domains_list_get_create_delete(tokens, rest):
    body = {"name": "alias.example", "target": "a.example"}
    assert ok(rest.post(tokens.root, "/aliasdomains", body), 201)["kind"] == "alias"
    page = ok(rest.get(tokens.admin_a, "/aliasdomains"), operation="aliasdomains.list")
    assert [d["name"] for d in page["items"]] == ["alias.example"]
    assert ok(rest.get(tokens.admin_a, "/aliasdomains/alias.example"))["alias_target"] == (
        "a.example"
    )
    assert ok(rest.delete(tokens.root, "/aliasdomains/alias.example"))["deleted"]


def test_audit_events_name_the_token_and_the_rest_door(tokens, rest):
    rest.post(tokens.writer, "/aliases", {"address": "s@a.example", "targets": ["b@a.example"]})
    page = ok(rest.get(tokens.reader, "/audit?actor=token:writer"), operation="audit.list")
    assert [(e["action"], e["door"]) for e in page["items"]] == [
        ("alias.create", "api"),
    ]
    assert AuditEvent.objects.get(actor="token:writer", action="alias.create").source_ip == (
        "127.0.0.1"
    )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/domains/b.example", None),
        ("patch", "/domains/b.example", {"description": "mine now"}),
        ("get", "/mailboxes/alice@b.example", None),
        ("patch", "/mailboxes/alice@b.example", {"active": False}),
        ("post", "/mailboxes/alice@b.example/password", {"password": SECRET}),
        ("delete", "/mailboxes/alice@b.example", None),
        ("get", "/aliases/info@b.example", None),
        ("patch", "/aliases/info@b.example", {"active": False}),
        ("delete", "/aliases/info@b.example", None),
        ("post", "/mailboxes", {"address": "x@b.example", "password": SECRET}),
        ("post", "/aliases", {"address": "x@b.example", "targets": ["a@a.example"]}),
        ("get", "/mailboxes?domain=b.example", None),
    ],
)
def test_a_token_of_a_example_gets_404_for_everything_of_b_example(
    tokens, rest, unchanged, method, path, body
):
    for token in (tokens.admin_a, tokens.a_only):
        with unchanged():
            if body is None:
                response = getattr(rest, method)(token, path)
            else:
                response = getattr(rest, method)(token, path, body)
        assert response.status_code == 404, (path, response.content)
        assert response.json()["error"]["code"] == "not_found"
