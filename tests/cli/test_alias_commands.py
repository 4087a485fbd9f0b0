"""``mailwarden alias add|list|show|edit|delete``: aliases and ``@domain`` catch-alls, which
never shadow a mailbox."""

from __future__ import annotations

import pytest

from mailwarden.addresses.models import Address
from mailwarden.audit.models import AuditEvent
from mailwarden.core.actor import cli_actor
from mailwarden.domains.services import aliasdomain_create, domain_create
from tests.cli.support import BAD_ADDRESSES


def targets_of(email: str) -> list[str]:
    return [t.target for t in Address.objects.get(email=email).targets.all()]


# add


def test_it_adds_an_alias(mw, cast):
    run = mw("alias", "add", "Sales@A.example", "--to", "alice@a.example")

    assert run.code == 0
    assert run.out == "created alias sales@a.example\n"
    assert run.err == ""
    assert targets_of("sales@a.example") == ["alice@a.example"]
    assert AuditEvent.objects.filter(action="alias.create", object_repr="sales@a.example").exists()


def test_it_prints_the_new_alias_as_json(mw, cast):
    run = mw(
        "--json",
        "alias",
        "add",
        "team@a.example",
        "--to",
        "alice@a.example",
        "--to",
        "Someone@Elsewhere.test",
        "--to",
        "alice@a.example",
    )

    assert run.code == 0
    data = run.json()
    assert data["address"] == "team@a.example"
    assert data["domain"] == "a.example"
    assert data["catch_all"] is False
    assert data["targets"] == ["alice@a.example", "someone@elsewhere.test"]
    assert data["active"] is True


def test_it_adds_a_catch_all_and_an_inactive_alias(mw, cast):
    catch_all = mw("--json", "alias", "add", "@a.example", "--to", "bob@a.example").json()
    inactive = mw("--json", "alias", "add", "old@a.example", "--to", "bob@a.example", "--inactive")

    assert catch_all["address"] == "@a.example"
    assert catch_all["catch_all"] is True
    assert inactive.json()["active"] is False


@pytest.mark.parametrize(("address", "words"), BAD_ADDRESSES)
def test_it_refuses_a_malformed_address_and_changes_nothing(
    mw, issue_domains, unchanged, address, words
):
    with unchanged():
        run = mw("alias", "add", address, "--to", "alice@a.example")

    assert words in run.refused()


@pytest.mark.parametrize(
    ("address", "targets", "words"),
    [
        pytest.param(
            "alice@a.example",
            ["bob@a.example"],
            "alice@a.example already exists as a mailbox",
            id="shadows-mailbox",
        ),
        pytest.param(
            "User@B.test",
            ["alice@a.example"],
            "user@b.test already exists as a mailbox",
            id="shadows-mailbox-other-case",
        ),
        pytest.param(
            "INFO@a.example",
            ["bob@a.example"],
            "info@a.example already exists",
            id="alias-taken",
        ),
        pytest.param(
            "x@nowhere.test",
            ["alice@a.example"],
            "domain nowhere.test not found",
            id="unknown-domain",
        ),
        pytest.param(
            "x@a.example",
            ["a@@b.test"],
            "targets: 'a@@b.test' is not an address",
            id="bad-target",
        ),
        pytest.param(
            "x@a.example",
            ["../x@d.test"],
            "targets: '../x' is not a valid local part",
            id="bad-target-local-part",
        ),
        pytest.param(
            "x@a.example",
            ["X@A.example"],
            "targets: x@a.example cannot point at itself",
            id="loop",
        ),
        pytest.param(
            "x@a.example",
            ["bob@a.example\r\nRCPT TO:<evil@x.test>"],
            "control characters",
            id="target-control",
        ),
    ],
)
def test_it_refuses_an_alias_that_collides_or_points_nowhere(
    mw, issue_domains, unchanged, address, targets, words
):
    argv = [arg for target in targets for arg in ("--to", target)]

    with unchanged():
        run = mw("alias", "add", address, *argv)

    assert words in run.refused()


def test_it_refuses_an_alias_in_an_alias_or_relay_domain(mw, cast, unchanged):
    aliasdomain_create(actor=cli_actor(), name="alias.test", target="a.example")
    domain_create(actor=cli_actor(), name="relay.test", relay=True)

    with unchanged():
        in_alias = mw("alias", "add", "x@alias.test", "--to", "bob@a.example")
        in_relay = mw("alias", "add", "x@relay.test", "--to", "bob@a.example")

    assert "create the address in a.example" in in_alias.refused()
    assert "relay.test is a relay domain" in in_relay.refused()


def test_it_refuses_an_alias_beyond_the_domains_alias_limit(mw, cast, unchanged):
    mw("domain", "edit", "a.example", "--max-aliases", "2")

    with unchanged():
        run = mw("alias", "add", "sales@a.example", "--to", "alice@a.example")

    assert "domain a.example has reached its limit of 2 aliases" in run.refused()


def test_it_needs_at_least_one_destination(mw, cast, unchanged):
    with unchanged():
        run = mw("alias", "add", "sales@a.example")

    assert "the following arguments are required: --to" in run.usage_error()


# list


def test_it_lists_aliases_as_a_table(mw, cast):
    mw("alias", "add", "team@a.example", "--to", "alice@a.example", "--to", "bob@a.example")

    run = mw("alias", "list", "--domain", "a.example")

    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0].split() == ["ADDRESS", "ACTIVE", "TARGETS"]
    assert lines[1:] == [
        "info@a.example        yes     alice@a.example",
        "postmaster@a.example  yes     boss@ops.example",
        "team@a.example        yes     alice@a.example, bob@a.example",
    ]


def test_it_lists_aliases_as_json_with_items_and_total(mw, cast):
    data = mw("--json", "alias", "list").json()

    assert data["total"] == 4
    assert [a["address"] for a in data["items"]] == [
        "info@a.example",
        "info@b.example",
        "postmaster@a.example",
        "postmaster@b.example",
    ]
    assert data["items"][0]["targets"] == ["alice@a.example"]


def test_it_pages_and_filters_aliases(mw, cast):
    mw("alias", "add", "off@b.example", "--to", "bob@b.example", "--inactive")

    page = mw("--json", "alias", "list", "--limit", "2", "--offset", "2").json()
    searched = mw("--json", "alias", "list", "--search", "POSTMASTER@B").json()
    inactive = mw("--json", "alias", "list", "--active", "no").json()
    table = mw("alias", "list", "--limit", "1")

    assert [a["address"] for a in page["items"]] == ["off@b.example", "postmaster@a.example"]
    assert page["total"] == 5
    assert [a["address"] for a in searched["items"]] == ["postmaster@b.example"]
    assert [a["address"] for a in inactive["items"]] == ["off@b.example"]
    assert table.out.splitlines()[-1] == "(1 of 5 shown; use --limit/--offset)"


def test_it_lists_no_mailboxes_among_aliases(mw, cast):
    data = mw("--json", "alias", "list", "--search", "alice").json()

    assert data == {"items": [], "total": 0}


# show


def test_it_shows_an_alias(mw, cast):
    run = mw("alias", "show", "Info@A.example")

    assert run.code == 0
    fields = dict(line.split(None, 1) for line in run.out.splitlines())
    assert fields["address"] == "info@a.example"
    assert fields["targets"] == "alice@a.example"
    assert fields["catch_all"] == "no"


def test_it_shows_an_alias_as_json(mw, cast):
    data = mw("--json", "alias", "show", "info@b.example").json()

    assert data["address"] == "info@b.example"
    assert data["targets"] == ["alice@b.example"]


@pytest.mark.parametrize(
    ("address", "words"),
    [
        pytest.param("nobody@a.example", "alias nobody@a.example not found", id="unknown"),
        pytest.param("alice@a.example", "alias alice@a.example not found", id="a-mailbox"),
        pytest.param("a@@b.test", "not an address of the form name@domain", id="malformed"),
    ],
)
def test_it_refuses_to_show_edit_or_delete_an_unknown_alias(mw, cast, unchanged, address, words):
    with unchanged():
        runs = [
            mw("alias", "show", address),
            mw("alias", "edit", address, "--to", "bob@a.example"),
            mw("alias", "delete", address),
        ]

    for run in runs:
        assert words in run.refused()


# edit


def test_it_replaces_the_destinations_and_the_state(mw, cast):
    run = mw(
        "--json",
        "alias",
        "edit",
        "info@a.example",
        "--to",
        "bob@a.example",
        "--to",
        "x@ext.test",
        "--active",
        "no",
    )

    assert run.code == 0
    assert run.json()["targets"] == ["bob@a.example", "x@ext.test"]
    assert run.json()["active"] is False
    assert targets_of("info@a.example") == ["bob@a.example", "x@ext.test"]
    event = AuditEvent.objects.filter(action="alias.update").first()
    assert event.before["targets"] == ["alice@a.example"]
    assert event.after["targets"] == ["bob@a.example", "x@ext.test"]


def test_it_says_which_alias_it_updated(mw, cast):
    run = mw("alias", "edit", "info@a.example", "--active", "no")

    assert run.out == "updated alias info@a.example\n"
    assert targets_of("info@a.example") == ["alice@a.example"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        pytest.param(["--to", "info@a.example"], "cannot point at itself", id="loop"),
        pytest.param(["--to", "a@@b.test"], "targets: 'a@@b.test'", id="bad-target"),
    ],
)
def test_it_refuses_a_bad_edit_and_changes_nothing(mw, cast, unchanged, argv, words):
    with unchanged():
        run = mw("alias", "edit", "info@a.example", *argv)

    assert words in run.refused()


def test_it_treats_a_malformed_state_as_bad_usage(mw, cast, unchanged):
    with unchanged():
        run = mw("alias", "edit", "info@a.example", "--active", "sometimes")

    assert "expected yes or no" in run.usage_error()


# delete


def test_it_deletes_an_alias(mw, cast):
    run = mw("alias", "delete", "INFO@a.example")

    assert run.code == 0
    assert run.out == "deleted alias info@a.example\n"
    assert not Address.objects.filter(email="info@a.example").exists()
    assert AuditEvent.objects.get(action="alias.delete").before["targets"] == ["alice@a.example"]


def test_it_deletes_a_catch_all_and_prints_json(mw, cast):
    mw("alias", "add", "@a.example", "--to", "bob@a.example")

    run = mw("--json", "alias", "delete", "@a.example")

    assert run.json() == {"deleted": "@a.example"}
    assert not Address.objects.filter(email="@a.example").exists()
