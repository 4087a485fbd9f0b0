"""``mailwarden mailbox add|list|show|edit|delete``: output for people and scripts; bad input is
one line on stderr and changes nothing. Passwords: test_mailbox_password_commands.py."""

from __future__ import annotations

import pytest

from mailwarden.addresses.models import Address
from mailwarden.audit.models import AuditEvent
from mailwarden.core.actor import cli_actor
from mailwarden.domains.services import aliasdomain_create, domain_create
from mailwarden.mailboxes.models import Mailbox
from tests.cli.support import BAD_ADDRESSES, PASSWORD, mailbox_hash

GIB = 1024**3
MIB = 1024**2


# add


def test_it_prints_the_new_mailbox_as_json(mw, cast):
    run = mw(
        "--json",
        "mailbox",
        "add",
        "carol@a.example",
        "--name",
        "Carol Jones",
        "--quota",
        "2G",
        "--scheme",
        "SHA512-CRYPT",
        "--password-stdin",
        stdin=PASSWORD,
    )

    assert run.code == 0
    data = run.json()
    assert data["address"] == "carol@a.example"
    assert data["domain"] == "a.example"
    assert data["name"] == "Carol Jones"
    assert data["quota_bytes"] == 2 * GIB
    assert data["maildir"] == "a.example/carol/"
    assert data["password_scheme"] == "SHA512-CRYPT"
    assert data["active"] is True
    assert data["forward_to"] == []
    assert "password" not in data
    assert mailbox_hash("carol@a.example").startswith("{SHA512-CRYPT}")


def test_it_gives_a_new_mailbox_the_domains_default_quota(mw, cast):
    mw("domain", "edit", "a.example", "--default-quota", "500M")

    run = mw("--json", "mailbox", "add", "carol@a.example", "--password-stdin", stdin=PASSWORD)

    assert run.json()["quota_bytes"] == 500 * MIB


def test_it_adds_an_inactive_mailbox(mw, cast):
    run = mw(
        "--json",
        "mailbox",
        "add",
        "carol@a.example",
        "--inactive",
        "--password-stdin",
        stdin=PASSWORD,
    )

    assert run.json()["active"] is False
    assert Address.objects.get(email="carol@a.example").active is False


def test_it_gives_a_domain_without_postmaster_one_to_its_first_mailbox(mw, cast):
    domain_create(actor=cli_actor(), name="new.test")

    mw("mailbox", "add", "first@new.test", "--password-stdin", stdin=PASSWORD)

    postmaster = Address.objects.get(email="postmaster@new.test")
    assert [t.target for t in postmaster.targets.all()] == ["first@new.test"]


@pytest.mark.parametrize(("address", "words"), BAD_ADDRESSES)
def test_it_refuses_a_malformed_address_and_changes_nothing(
    mw, issue_domains, unchanged, address, words
):
    with unchanged():
        run = mw("mailbox", "add", address, "--password-stdin", stdin=PASSWORD)

    assert words in run.refused()


@pytest.mark.parametrize(
    ("address", "words"),
    [
        pytest.param("User@B.test", "user@b.test already exists as a mailbox", id="case-folded"),
        pytest.param("info@a.example", "info@a.example already exists as a", id="alias-taken"),
        pytest.param("nobody@nowhere.test", "domain nowhere.test not found", id="unknown-domain"),
    ],
)
def test_it_refuses_an_address_that_is_taken_or_has_no_domain(
    mw, issue_domains, unchanged, address, words
):
    with unchanged():
        run = mw("mailbox", "add", address, "--password-stdin", stdin=PASSWORD)

    assert words in run.refused()


def test_it_refuses_a_mailbox_in_an_alias_domain_or_relay_domain(mw, cast, unchanged):
    aliasdomain_create(actor=cli_actor(), name="alias.test", target="a.example")
    domain_create(actor=cli_actor(), name="relay.test", relay=True)

    with unchanged():
        in_alias = mw("mailbox", "add", "x@alias.test", "--password-stdin", stdin=PASSWORD)
        in_relay = mw("mailbox", "add", "x@relay.test", "--password-stdin", stdin=PASSWORD)

    assert "alias.test is an alias domain of a.example" in in_alias.refused()
    assert "relay.test is a relay domain" in in_relay.refused()


def test_it_refuses_a_mailbox_beyond_the_domains_mailbox_limit(mw, cast, unchanged):
    mw("domain", "edit", "a.example", "--max-mailboxes", "2")

    with unchanged():
        run = mw("mailbox", "add", "carol@a.example", "--password-stdin", stdin=PASSWORD)

    assert "domain a.example has reached its limit of 2 mailboxes" in run.refused()


def test_it_refuses_a_mailbox_beyond_the_domains_total_quota(mw, cast, unchanged):
    mw("domain", "add", "q.test", "--total-quota", "1G", "--no-postmaster")
    assert mw("mailbox", "add", "one@q.test", "--quota", "600M", "--random-password").code == 0

    with unchanged():
        run = mw(
            "mailbox", "add", "two@q.test", "--quota", "600M", "--password-stdin", stdin=PASSWORD
        )

    assert f"domain q.test has {424 * MIB} bytes of its total quota left" in run.refused()


@pytest.mark.parametrize(
    ("quota", "words"),
    [
        pytest.param("2G", "allows at most 1073741824 bytes per mailbox", id="above-max"),
        pytest.param("0", "an unlimited quota is not allowed", id="unlimited"),
    ],
)
def test_it_refuses_a_quota_above_the_domains_maximum(mw, cast, unchanged, quota, words):
    assert mw("domain", "add", "q1.test", "--max-quota", "1G", "--no-postmaster").code == 0

    with unchanged():
        run = mw(
            "mailbox",
            "add",
            "carol@q1.test",
            "--quota",
            quota,
            "--password-stdin",
            stdin=PASSWORD,
        )

    assert words in run.refused()


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--quota", "5X"], id="unknown-unit"),
        pytest.param(["--quota", "1.5G"], id="fraction"),
        pytest.param(["--quota", "-1"], id="negative"),
        pytest.param(["--quota", "99999999999T"], id="too-large"),
        pytest.param(["--scheme", "MD5-CRYPT"], id="scheme-not-written"),
        pytest.param(["--password-stdin", "--random-password"], id="two-password-sources"),
        pytest.param(["--password", PASSWORD], id="password-on-argv"),
    ],
)
def test_it_treats_malformed_options_as_bad_usage(mw, cast, unchanged, argv):
    with unchanged():
        run = mw("mailbox", "add", "carol@a.example", *argv, stdin=PASSWORD)

    assert "error:" in run.usage_error()


def test_it_keeps_the_maildir_of_the_longest_address_within_its_column(mw, cast):
    """An address of 254 characters whose local part needs escaping (here ``#``) gets a maildir
    of domain/ + local part with ``#`` replaced + an 8-hex hash suffix + / = 264 characters; in
    a varchar(255) PostgreSQL and MariaDB raised a driver error and SQLite stored it over-long."""
    domain = f"{'a' * 63}.{'b' * 63}.{'c' * 56}.test"
    local = "a#" + "x" * 62
    assert len(f"{local}@{domain}") == 254
    domain_create(actor=cli_actor(), name=domain, create_postmaster=False)

    run = mw("--json", "mailbox", "add", f"{local}@{domain}", "--password-stdin", stdin=PASSWORD)

    assert run.code == 0, run.err
    assert len(run.json()["maildir"]) <= Mailbox._meta.get_field("maildir").max_length
    assert Mailbox.objects.get(address__email=f"{local}@{domain}").maildir == run.json()["maildir"]


def test_it_derives_a_safe_maildir_from_an_unusual_local_part(mw, cast):
    run = mw("--json", "mailbox", "add", "o'neil&co@a.example", "--password-stdin", stdin=PASSWORD)

    maildir = run.json()["maildir"]
    assert maildir.startswith("a.example/o_neil_co-")
    assert maildir.endswith("/")
    assert ".." not in maildir
    assert "'" not in maildir


# list


def test_it_lists_mailboxes_as_a_table(mw, cast):
    run = mw("mailbox", "list", "--domain", "a.example")

    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0].split() == ["ADDRESS", "NAME", "ACTIVE", "QUOTA", "FORWARD_TO"]
    assert [line.split()[0] for line in lines[1:]] == ["alice@a.example", "bob@a.example"]
    assert lines[1].split()[1:] == ["yes", "unlimited", "-"]


def test_it_lists_mailboxes_as_json_with_items_and_total(mw, cast):
    data = mw("--json", "mailbox", "list").json()

    assert data["total"] == 4
    assert [m["address"] for m in data["items"]] == [
        "alice@a.example",
        "alice@b.example",
        "bob@a.example",
        "bob@b.example",
    ]
    assert data["items"][0]["quota_bytes"] == 0
    assert all("password" not in m for m in data["items"])


def test_it_pages_filters_and_sorts_mailboxes(mw, cast):
    page = mw("--json", "mailbox", "list", "--limit", "2", "--offset", "1").json()
    searched = mw("--json", "mailbox", "list", "--search", "BOB").json()
    backwards = mw("--json", "mailbox", "list", "--domain", "b.example", "--sort=-email").json()
    table = mw("mailbox", "list", "--limit", "3")

    assert [m["address"] for m in page["items"]] == ["alice@b.example", "bob@a.example"]
    assert page["total"] == 4
    assert [m["address"] for m in searched["items"]] == ["bob@a.example", "bob@b.example"]
    assert [m["address"] for m in backwards["items"]] == ["bob@b.example", "alice@b.example"]
    assert table.out.splitlines()[-1] == "(3 of 4 shown; use --limit/--offset)"


def test_it_refuses_to_list_the_mailboxes_of_an_unknown_domain(mw, cast):
    assert (
        "domain nowhere.test not found"
        in mw("mailbox", "list", "--domain", "nowhere.test").refused()
    )


# show


def test_it_shows_a_mailbox(mw, cast):
    mw("mailbox", "edit", "alice@a.example", "--quota", "2G", "--name", "Alice")

    run = mw("mailbox", "show", "Alice@A.Example")

    assert run.code == 0
    fields = dict(line.split(None, 1) for line in run.out.splitlines())
    assert fields["address"] == "alice@a.example"
    assert fields["name"] == "Alice"
    assert fields["quota_bytes"] == "2G"
    assert fields["maildir"] == "a.example/alice/"
    assert fields["password_scheme"] == "SSHA512"


def test_it_shows_a_mailbox_as_json(mw, cast):
    data = mw("--json", "mailbox", "show", "alice@a.example").json()

    assert data["address"] == "alice@a.example"
    assert data["quota_bytes"] == 0
    assert data["keep_copy"] is False
    assert "password" not in data


@pytest.mark.parametrize(
    ("address", "words"),
    [
        pytest.param("carol@a.example", "mailbox carol@a.example not found", id="unknown"),
        pytest.param("info@a.example", "mailbox info@a.example not found", id="an-alias"),
        pytest.param("a@@b.test", "not an address of the form name@domain", id="malformed"),
    ],
)
def test_it_refuses_to_show_edit_or_delete_an_unknown_mailbox(mw, cast, unchanged, address, words):
    with unchanged():
        runs = [
            mw("mailbox", "show", address),
            mw("mailbox", "edit", address, "--name", "X"),
            mw("mailbox", "passwd", address, "--password-stdin", stdin=PASSWORD),
            mw("mailbox", "delete", address),
        ]

    for run in runs:
        assert words in run.refused()


# edit


def test_it_edits_name_quota_and_state(mw, cast):
    run = mw(
        "--json",
        "mailbox",
        "edit",
        "alice@a.example",
        "--name",
        "Alice A.",
        "--quota",
        "1G",
        "--active",
        "no",
    )

    assert run.code == 0
    data = run.json()
    assert data["name"] == "Alice A."
    assert data["quota_bytes"] == GIB
    assert data["active"] is False
    assert mw("mailbox", "edit", "alice@a.example", "--active", "yes").out == (
        "updated mailbox alice@a.example\n"
    )
    event = AuditEvent.objects.filter(action="mailbox.update").first()
    assert event.before["active"] is False
    assert event.after["active"] is True


def test_it_forwards_with_and_without_a_kept_copy_and_stops(mw, cast):
    kept = mw(
        "--json",
        "mailbox",
        "edit",
        "alice@a.example",
        "--forward-to",
        "x@ext.test",
        "--forward-to",
        "Y@ext.test",
        "--keep-copy",
        "yes",
    ).json()
    moved = mw("--json", "mailbox", "edit", "alice@a.example", "--forward-to", "x@ext.test").json()
    stopped = mw("--json", "mailbox", "edit", "alice@a.example", "--no-forward").json()

    assert kept["forward_to"] == ["x@ext.test", "y@ext.test"]
    assert kept["keep_copy"] is True
    assert moved["forward_to"] == ["x@ext.test"]
    assert moved["keep_copy"] is False
    assert stopped["forward_to"] == []
    targets = Address.objects.get(email="alice@a.example").targets.all()
    assert [t.target for t in targets] == ["alice@a.example"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        pytest.param(["--keep-copy", "yes"], "--keep-copy goes with --forward-to", id="keep-alone"),
        pytest.param(["--forward-to", "alice@a.example"], "cannot point at itself", id="loop"),
        pytest.param(["--forward-to", "a@@b.test"], "targets: 'a@@b.test'", id="bad-target"),
        pytest.param(["--name", "x" * 256], "name: at most 255 characters", id="long-name"),
    ],
)
def test_it_refuses_a_bad_edit_and_changes_nothing(mw, cast, unchanged, argv, words):
    with unchanged():
        run = mw("mailbox", "edit", "alice@a.example", *argv)

    assert words in run.refused()


def test_it_refuses_a_quota_change_beyond_the_domains_total(mw, cast, unchanged):
    mw("domain", "add", "q.test", "--total-quota", "1G", "--no-postmaster")
    mw("mailbox", "add", "one@q.test", "--quota", "600M", "--random-password")
    mw("mailbox", "add", "two@q.test", "--quota", "400M", "--random-password")

    with unchanged():
        run = mw("mailbox", "edit", "two@q.test", "--quota", "500M")

    assert f"domain q.test has {424 * MIB} bytes of its total quota left" in run.refused()


def test_it_treats_a_malformed_edit_as_bad_usage(mw, cast, unchanged):
    with unchanged():
        runs = [
            mw("mailbox", "edit", "alice@a.example", "--quota", "lots"),
            mw("mailbox", "edit", "alice@a.example", "--active", "maybe"),
            mw("mailbox", "edit", "alice@a.example", "--forward-to", "x@y.test", "--no-forward"),
        ]

    for run in runs:
        assert "error:" in run.usage_error()


# delete


def test_it_deletes_a_mailbox_and_says_its_maildir_stays(mw, cast):
    run = mw("mailbox", "delete", "Alice@A.example")

    assert run.code == 0
    assert run.out == (
        "deleted mailbox alice@a.example; its maildir a.example/alice/ stays on disk\n"
    )
    assert not Address.objects.filter(email="alice@a.example").exists()
    assert not Mailbox.objects.filter(maildir="a.example/alice/").exists()
    assert AuditEvent.objects.filter(action="mailbox.delete").count() == 1


def test_it_prints_the_deleted_mailbox_as_json(mw, cast):
    run = mw("--json", "mailbox", "delete", "bob@b.example")

    assert run.json() == {"deleted": "bob@b.example", "maildir": "b.example/bob/"}
