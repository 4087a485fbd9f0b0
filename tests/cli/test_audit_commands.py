"""``mailwarden audit list``: every CLI change is recorded, newest first, without its secrets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mailwarden.admins.models import Admin
from mailwarden.audit.models import AuditEvent
from mailwarden.core.actor import cli_actor
from mailwarden.mailboxes.models import Mailbox
from tests.cli.support import PASSWORD


def test_it_lists_events_newest_first_as_a_table(mw, cast):
    mw("alias", "add", "sales@a.example", "--to", "alice@a.example")

    run = mw("audit", "list", "--limit", "2")

    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0].split() == ["AT", "ACTOR", "DOOR", "ACTION", "OBJECT"]
    assert lines[1].split()[1:] == [cli_actor().label, "cli", "alias.create", "sales@a.example"]
    assert lines[2].split()[3:] == ["admin.create", "admin@b.example"]
    assert lines[-1] == f"(2 of {AuditEvent.objects.count()} shown; use --limit/--offset)"


def test_it_lists_events_as_json_with_items_and_total(mw, cast):
    mw("domain", "edit", "a.example", "--description", "Team A")

    data = mw("--json", "audit", "list", "--limit", "1").json()

    assert data["total"] == AuditEvent.objects.count()
    [event] = data["items"]
    assert event["action"] == "domain.update"
    assert event["actor"] == cli_actor().label
    assert event["door"] == "cli"
    assert event["object"] == "a.example"
    assert event["domain"] == "a.example"
    assert event["before"]["description"] == ""
    assert event["after"]["description"] == "Team A"


def test_it_pages_through_events(mw, cast):
    first = mw("--json", "audit", "list", "--limit", "3").json()
    second = mw("--json", "audit", "list", "--limit", "3", "--offset", "3").json()

    ids = [e["id"] for e in first["items"] + second["items"]]
    assert len(set(ids)) == 6
    assert ids == sorted(ids, reverse=True)


def test_it_filters_events_by_action_domain_and_actor(mw, cast):
    mw("alias", "add", "sales@b.example", "--to", "bob@b.example")

    by_action = mw("--json", "audit", "list", "--action", "mailbox.create").json()
    by_domain = mw("--json", "audit", "list", "--domain", "B.Example").json()
    by_actor = mw("--json", "audit", "list", "--actor", cli_actor().label).json()
    by_nobody = mw("--json", "audit", "list", "--actor", "admin@a.example").json()

    assert by_action["total"] == 4
    assert {e["object"] for e in by_action["items"]} == {
        "alice@a.example",
        "bob@a.example",
        "alice@b.example",
        "bob@b.example",
    }
    assert by_domain["items"][0]["object"] == "sales@b.example"
    assert {e["domain"] for e in by_domain["items"]} == {"b.example"}
    assert by_actor["total"] == AuditEvent.objects.count()
    assert by_nobody == {"items": [], "total": 0}


def test_it_filters_events_by_time(mw, cast):
    now = datetime.now(UTC)
    AuditEvent.objects.filter(action="domain.create").update(at=now - timedelta(days=10))

    since = mw("--json", "audit", "list", "--since", (now - timedelta(days=1)).date().isoformat())
    until = mw("--json", "audit", "list", "--until", (now - timedelta(days=5)).isoformat())

    assert "domain.create" not in {e["action"] for e in since.json()["items"]}
    assert {e["action"] for e in until.json()["items"]} == {"domain.create"}
    assert until.json()["total"] == 2


@pytest.mark.parametrize(
    "argv",
    [["--since", "yesterday"], ["--until", "2026-13-01"], ["--limit", "all"]],
    ids=["since", "until", "limit"],
)
def test_it_treats_a_malformed_filter_as_bad_usage(mw, cast, argv):
    assert "error:" in mw("audit", "list", *argv).usage_error()


def test_it_refuses_a_malformed_domain_filter(mw, cast):
    assert "not a valid domain name" in mw("audit", "list", "--domain", "a@@b").refused()


def test_it_records_no_password_of_any_command(mw, cast):
    """Every command that takes a password, run once; no event may hold it or its hash."""
    secrets = [f"{PASSWORD} {n}" for n in range(4)]
    runs = [
        mw("mailbox", "add", "carol@a.example", "--password-stdin", stdin=secrets[0]),
        mw("mailbox", "passwd", "carol@a.example", "--password-stdin", stdin=secrets[1]),
        mw(
            "admin",
            "add",
            "carol@a.example",
            "--domain",
            "a.example",
            "--password-stdin",
            stdin=secrets[2],
        ),
        mw("admin", "passwd", "carol@a.example", "--password-stdin", stdin=secrets[3]),
        mw("mailbox", "add", "dave@a.example", "--random-password"),
        mw("admin", "passwd", "admin@a.example", "--random-password"),
    ]
    generated = [run.out.splitlines()[1].removeprefix("password: ") for run in runs[4:]]
    hashes = [m.password for m in Mailbox.objects.all()] + [a.password for a in Admin.objects.all()]

    listing = mw("--json", "audit", "list", "--limit", "1000")

    assert all(run.code == 0 for run in runs)
    for secret in secrets + generated + hashes:
        assert secret not in listing.out
    for run in runs[:4]:
        assert not any(secret in run.out + run.err for secret in secrets)
