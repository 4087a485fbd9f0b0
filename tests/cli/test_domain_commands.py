"""``mailwarden domain add|list|show|edit|delete``: output for people and scripts, and refusals."""

from __future__ import annotations

import pytest

from mailwarden.addresses.models import Address, Target
from mailwarden.audit.models import AuditEvent
from mailwarden.core.actor import cli_actor
from mailwarden.domains.models import Domain
from mailwarden.domains.services import aliasdomain_create
from mailwarden.mailboxes.models import Mailbox
from mailwarden.mailboxes.services import mailbox_update

GIB = 1024**3
MIB = 1024**2


# add


def test_it_adds_a_domain_with_a_postmaster_alias(mw, cast):
    run = mw("domain", "add", "Example.TEST", "--postmaster-to", "boss@ops.example")

    assert run.code == 0
    assert run.out == "created domain example.test\n"
    assert run.err == ""
    postmaster = Address.objects.get(email="postmaster@example.test")
    assert [t.target for t in postmaster.targets.all()] == ["boss@ops.example"]


def test_it_prints_the_new_domain_as_json(mw, cast):
    run = mw(
        "--json",
        "domain",
        "add",
        "example.test",
        "--description",
        "Example Ltd",
        "--max-mailboxes",
        "5",
        "--max-aliases",
        "10",
        "--max-quota",
        "2G",
        "--total-quota",
        "10G",
        "--default-quota",
        "500M",
        "--no-postmaster",
    )

    assert run.code == 0
    data = run.json()
    assert data["name"] == "example.test"
    assert data["kind"] == "virtual"
    assert data["description"] == "Example Ltd"
    assert data["active"] is True
    assert data["max_mailboxes"] == 5
    assert data["max_aliases"] == 10
    assert data["max_quota_bytes"] == 2 * GIB
    assert data["total_quota_bytes"] == 10 * GIB
    assert data["default_quota_bytes"] == 500 * MIB
    assert not Address.objects.filter(email="postmaster@example.test").exists()


def test_it_says_postmaster_waits_for_the_first_mailbox_when_no_target_is_given(mw, cast):
    run = mw("domain", "add", "example.test")

    assert run.code == 0
    assert run.out.splitlines() == [
        "created domain example.test",
        "postmaster@example.test will point at its first mailbox (see --postmaster-to)",
    ]


def test_it_adds_an_inactive_domain(mw, cast):
    run = mw("--json", "domain", "add", "example.test", "--inactive", "--no-postmaster")

    assert run.code == 0
    assert run.json()["active"] is False
    assert Domain.objects.get(name="example.test").active is False


def test_it_adds_a_relay_domain_with_its_next_hop(mw, cast):
    run = mw(
        "--json",
        "domain",
        "add",
        "relay.test",
        "--relay",
        "--transport",
        "smtp:[mx.example.net]:25",
    )

    assert run.code == 0
    data = run.json()
    assert data["kind"] == "relay"
    assert data["relay_transport"] == "smtp:[mx.example.net]:25"
    assert not Address.objects.filter(domain__name="relay.test").exists()


def test_it_stores_an_idn_domain_as_punycode_and_shows_it_in_unicode_in_json(mw, cast):
    run = mw("--json", "domain", "add", "Bücher.Example", "--no-postmaster")

    assert run.code == 0
    assert run.json()["name"] == "xn--bcher-kva.example"
    assert run.json()["display_name"] == "bücher.example"
    assert Domain.objects.filter(name="xn--bcher-kva.example").exists()


def test_it_shows_idn_domains_in_unicode_in_the_human_table(mw, cast):
    """The issue: "IDN stored as punycode and shown in Unicode"; the table shows punycode."""
    mw("domain", "add", "bücher.example", "--no-postmaster")

    run = mw("domain", "list", "--search", "xn--")

    assert run.code == 0
    assert "bücher.example" in run.out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        pytest.param(["a.example"], "domain a.example already exists", id="taken"),
        pytest.param(["A.Example."], "domain a.example already exists", id="taken-other-case"),
        pytest.param(["localhost"], "needs at least two labels", id="one-label"),
        pytest.param(["exa mple.test"], "not a valid domain name", id="space"),
        pytest.param(["../x.test"], "not a valid domain name", id="dot-dot-slash"),
        pytest.param(["exa\nmple.test"], "name: control characters", id="newline"),
        pytest.param(["x" * 64 + ".test"], "not a valid domain name", id="64-char-label"),
        pytest.param(
            ["new.test", "--description", "two\nlines"],
            "description: control characters",
            id="description-control",
        ),
        pytest.param(
            ["new.test", "--transport", "smtp:[mx.example.net]"],
            "only a relay domain has a next hop",
            id="transport-without-relay",
        ),
        pytest.param(
            ["new.test", "--relay", "--max-mailboxes", "3"],
            "a relay domain holds no mailboxes, so it takes no limits",
            id="relay-with-limits",
        ),
        pytest.param(
            ["new.test", "--relay", "--transport", "smtp;rm -rf /"],
            "is not a Postfix next hop",
            id="bad-transport",
        ),
        pytest.param(
            ["new.test", "--max-quota", "1G", "--default-quota", "2G"],
            "default_quota_bytes: larger than the per-mailbox maximum",
            id="default-above-max",
        ),
        pytest.param(
            ["new.test", "--total-quota", "1G", "--default-quota", "2G"],
            "default_quota_bytes: larger than the domain's total quota",
            id="default-above-total",
        ),
        pytest.param(
            ["new.test", "--max-mailboxes", "-1"], "max_mailboxes: must be", id="negative-limit"
        ),
        pytest.param(
            ["new.test", "--postmaster-to", "a@@b.test"],
            "postmaster_to: 'a@@b.test' is not an address",
            id="bad-postmaster",
        ),
        pytest.param(
            ["new.test", "--postmaster-to", "postmaster@new.test"],
            "cannot point at itself",
            id="postmaster-loop",
        ),
    ],
)
def test_it_refuses_a_bad_new_domain_with_one_line_and_changes_nothing(
    mw, cast, unchanged, argv, words
):
    with unchanged():
        run = mw("domain", "add", *argv)

    assert words in run.refused()


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--max-quota", "5X"], id="unknown-unit"),
        pytest.param(["--total-quota", "1.5G"], id="fraction"),
        pytest.param(["--default-quota", "-1"], id="negative"),
        pytest.param(["--max-quota", "9999999999T"], id="too-large"),
        pytest.param(["--max-mailboxes", "many"], id="not-a-number"),
        pytest.param(["--relay", "--no-postmaster", "--postmaster-to", "x@y.test"], id="exclusive"),
    ],
)
def test_it_treats_malformed_options_as_bad_usage(mw, cast, unchanged, argv):
    with unchanged():
        run = mw("domain", "add", "new.test", *argv)

    assert "error:" in run.usage_error()


def test_it_refuses_a_limit_too_large_for_the_database_column(mw, cast, unchanged):
    """A count limit beyond its column (2**31-1 on PostgreSQL, 2**32-1 on MariaDB) must be a clear
    error on every engine, not a driver traceback on PostgreSQL/MariaDB and a success on SQLite."""
    with unchanged():
        run = mw("domain", "add", "new.test", "--max-mailboxes", "5000000000")

    assert "max_mailboxes" in run.refused()


def test_it_refuses_a_relay_next_hop_longer_than_its_column(mw, cast, unchanged):
    """relay_transport is varchar(255): a longer next hop must be a clear error, not a driver
    traceback on PostgreSQL/MariaDB and a silent over-long value on SQLite."""
    with unchanged():
        run = mw(
            "domain", "add", "relay.test", "--relay", "--transport", "smtp:[" + "m" * 300 + "]:25"
        )

    assert "relay_transport" in run.refused()


# list


def test_it_lists_domains_as_a_table(mw, cast):
    run = mw("domain", "list")

    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0].split() == ["NAME", "KIND", "ACTIVE", "DESCRIPTION"]
    assert [line.split()[:3] for line in lines[1:]] == [
        ["a.example", "virtual", "yes"],
        ["b.example", "virtual", "yes"],
    ]


def test_it_lists_domains_as_json_with_items_and_total(mw, cast):
    run = mw("--json", "domain", "list")

    assert run.code == 0
    data = run.json()
    assert data["total"] == 2
    assert [d["name"] for d in data["items"]] == ["a.example", "b.example"]
    assert data["items"][0]["kind"] == "virtual"


def test_it_pages_the_domain_list(mw, cast):
    page = mw("--json", "domain", "list", "--limit", "1", "--offset", "1").json()
    table = mw("domain", "list", "--limit", "1")

    assert [d["name"] for d in page["items"]] == ["b.example"]
    assert page["total"] == 2
    assert table.out.splitlines()[1].startswith("a.example")
    assert table.out.splitlines()[-1] == "(1 of 2 shown; use --limit/--offset)"


def test_it_filters_and_sorts_domains(mw, cast):
    mw("domain", "add", "off.test", "--inactive", "--no-postmaster")

    searched = mw("--json", "domain", "list", "--search", "B.EX").json()
    inactive = mw("--json", "domain", "list", "--active", "no").json()
    reversed_ = mw("--json", "domain", "list", "--sort=-name").json()

    assert [d["name"] for d in searched["items"]] == ["b.example"]
    assert [d["name"] for d in inactive["items"]] == ["off.test"]
    assert [d["name"] for d in reversed_["items"]] == ["off.test", "b.example", "a.example"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        pytest.param(["--limit", "0"], "limit: must be between 1 and 1000", id="limit-0"),
        pytest.param(["--limit", "1001"], "limit: must be between 1 and 1000", id="limit-1001"),
        pytest.param(["--offset", "-1"], "offset: must not be negative", id="negative-offset"),
    ],
)
def test_it_refuses_a_page_out_of_range(mw, cast, argv, words):
    assert words in mw("domain", "list", *argv).refused()


@pytest.mark.parametrize(
    "argv",
    [["--active", "maybe"], ["--sort", "size"], ["--limit", "ten"]],
    ids=["active", "sort", "limit"],
)
def test_it_treats_malformed_list_options_as_bad_usage(mw, cast, argv):
    assert "error:" in mw("domain", "list", *argv).usage_error()


# show


def give_quotas(domain, quota):
    """A domain's limits must hold for what it has: unlimited mailboxes first get a quota."""
    for local in ("alice", "bob"):
        mailbox_update(actor=cli_actor(), address=f"{local}@{domain}", quota_bytes=quota)


def test_it_shows_a_domain_with_its_usage(mw, cast):
    give_quotas("a.example", GIB)
    assert mw("domain", "edit", "a.example", "--max-quota", "2G").code == 0

    run = mw("domain", "show", "A.EXAMPLE")

    assert run.code == 0
    fields = dict(line.split(None, 1) for line in run.out.splitlines() if len(line.split()) > 1)
    assert fields["name"] == "a.example"
    assert fields["mailboxes"] == "2"
    assert fields["aliases"] == "2"
    assert fields["alias_domains"] == "0"
    assert fields["max_quota_bytes"] == "2G"
    assert fields["total_quota_bytes"] == "unlimited"


def test_it_shows_a_domain_as_json(mw, cast):
    aliasdomain_create(actor=cli_actor(), name="alias.test", target="a.example")

    data = mw("--json", "domain", "show", "a.example").json()

    assert data["name"] == "a.example"
    assert data["mailboxes"] == 2
    assert data["aliases"] == 2
    assert data["alias_domains"] == 1
    assert data["quota_allocated_bytes"] == 0
    assert data["max_mailboxes"] == 0


# edit


def test_it_edits_a_domain(mw, cast):
    give_quotas("a.example", GIB)
    run = mw(
        "--json",
        "domain",
        "edit",
        "a.example",
        "--description",
        "Team A",
        "--max-mailboxes",
        "10",
        "--total-quota",
        "20G",
        "--active",
        "no",
    )

    assert run.code == 0
    data = run.json()
    assert data["description"] == "Team A"
    assert data["max_mailboxes"] == 10
    assert data["total_quota_bytes"] == 20 * GIB
    assert data["active"] is False
    assert mw("domain", "edit", "a.example", "--active", "yes").out == "updated domain a.example\n"
    event = AuditEvent.objects.filter(action="domain.update").first()
    assert event.before["max_mailboxes"] == 10
    assert event.after["active"] is True


def test_it_changes_a_relay_domains_next_hop(mw, cast):
    mw("domain", "add", "relay.test", "--relay")

    run = mw("--json", "domain", "edit", "relay.test", "--transport", "relay:[mx2.example.net]")

    assert run.code == 0
    assert run.json()["relay_transport"] == "relay:[mx2.example.net]"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        pytest.param(["nowhere.test"], "domain nowhere.test not found", id="unknown"),
        pytest.param(
            ["a.example", "--max-mailboxes", "1"],
            "max_mailboxes: the domain already has 2 mailboxes",
            id="mailboxes-below-usage",
        ),
        pytest.param(
            ["a.example", "--max-aliases", "1"],
            "max_aliases: the domain already has 2 aliases",
            id="aliases-below-usage",
        ),
        pytest.param(
            ["a.example", "--transport", "smtp:[mx.example.net]"],
            "only a relay domain has a next hop",
            id="transport-on-hosted",
        ),
        pytest.param(
            ["a.example", "--max-quota", "1G", "--default-quota", "2G"],
            "larger than the per-mailbox maximum",
            id="default-above-max",
        ),
        pytest.param(
            ["a.example", "--description", "x" * 256],
            "description: at most 255 characters",
            id="long-description",
        ),
    ],
)
def test_it_refuses_a_bad_domain_edit_and_changes_nothing(mw, cast, unchanged, argv, words):
    with unchanged():
        run = mw("domain", "edit", *argv)

    assert words in run.refused()


def test_it_refuses_a_total_quota_below_what_mailboxes_hold(mw, cast, unchanged):
    mailbox_update(actor=cli_actor(), address="alice@a.example", quota_bytes=2 * GIB)

    with unchanged():
        run = mw("domain", "edit", "a.example", "--total-quota", "1G")

    assert "total_quota_bytes: mailboxes already hold 2147483648 bytes" in run.refused()


def test_it_refuses_a_max_quota_below_a_mailbox_it_already_holds(mw, cast, unchanged):
    """New limits may not be below what the domain holds (domain_update's rule): lowering
    max_quota under alice's 2G quota passes, leaving a mailbox above its domain's maximum."""
    mailbox_update(actor=cli_actor(), address="alice@a.example", quota_bytes=2 * GIB)

    with unchanged():
        run = mw("domain", "edit", "a.example", "--max-quota", "1G")

    assert "max_quota_bytes" in run.refused()


# delete


def test_it_deletes_a_domain_that_holds_only_its_postmaster(mw, cast):
    mw("domain", "add", "empty.test", "--postmaster-to", "boss@ops.example")

    run = mw("domain", "delete", "empty.test")

    assert run.code == 0
    assert run.out == "deleted domain empty.test; maildirs on the mail host were not touched\n"
    assert not Domain.objects.filter(name="empty.test").exists()
    assert not Address.objects.filter(email="postmaster@empty.test").exists()


def test_it_prints_the_deleted_domain_as_json(mw, cast):
    mw("domain", "add", "empty.test", "--no-postmaster")

    run = mw("--json", "domain", "delete", "empty.test")

    assert run.code == 0
    assert run.json() == {"deleted": "empty.test"}


def test_it_refuses_to_delete_a_domain_with_mailboxes_without_force(mw, cast, unchanged):
    with unchanged():
        run = mw("domain", "delete", "a.example")

    line = run.refused()
    assert "domain a.example still has 2 mailboxes, 2 aliases and 0 alias domains" in line
    assert "--force" in line


def test_it_deletes_a_domain_and_everything_in_it_with_force(mw, cast):
    aliasdomain_create(actor=cli_actor(), name="alias.test", target="a.example")
    b_rows = (
        Address.objects.filter(domain__name="b.example").count(),
        Mailbox.objects.filter(address__domain__name="b.example").count(),
    )

    run = mw("domain", "delete", "a.example", "--force")

    assert run.code == 0
    assert not Domain.objects.filter(name__in=["a.example", "alias.test"]).exists()
    assert not Address.objects.filter(email__endswith="@a.example").exists()
    assert not Mailbox.objects.filter(maildir__startswith="a.example/").exists()
    assert not Target.objects.filter(address__email__endswith="@a.example").exists()
    assert b_rows == (
        Address.objects.filter(domain__name="b.example").count(),
        Mailbox.objects.filter(address__domain__name="b.example").count(),
    )
    event = AuditEvent.objects.get(action="domain.delete")
    assert event.before["mailboxes"] == 2
    assert event.before["alias_domains"] == 1


def test_it_refuses_to_delete_the_domain_of_the_protected_superadmin(mw, cast, unchanged):
    mw("domain", "add", "ops.example", "--no-postmaster")

    with unchanged():
        run = mw("domain", "delete", "ops.example", "--force")

    assert "holds the address of the protected first superadmin" in run.refused()


def test_it_refuses_to_delete_by_force_the_target_of_the_protected_superadmins_domain(
    mw, cast, unchanged
):
    """The protected superadmin's address lives in ops.example, here an alias domain of
    a.example; deleting a.example with --force must not take ops.example with it."""
    aliasdomain_create(actor=cli_actor(), name="ops.example", target="a.example")

    with unchanged():
        run = mw("domain", "delete", "a.example", "--force")

    assert "protected first superadmin" in run.refused()


def test_it_keeps_stdout_empty_when_a_json_command_is_refused(mw, cast):
    run = mw("--json", "domain", "delete", "nowhere.test")

    assert "domain nowhere.test not found" in run.refused()


@pytest.mark.parametrize(
    ("name", "words"),
    [
        pytest.param("nowhere.test", "domain nowhere.test not found", id="unknown"),
        pytest.param("a@@b.test", "not a valid domain name", id="malformed"),
    ],
)
def test_it_refuses_to_delete_an_unknown_domain(mw, cast, unchanged, name, words):
    with unchanged():
        run = mw("domain", "delete", name, "--force")

    assert words in run.refused()


def test_it_refuses_to_show_or_delete_an_alias_domain_as_a_domain(mw, cast, unchanged):
    aliasdomain_create(actor=cli_actor(), name="alias.test", target="a.example")

    with unchanged():
        shown = mw("domain", "show", "alias.test")
        deleted = mw("domain", "delete", "alias.test")

    assert "domain alias.test not found" in shown.refused()
    assert "domain alias.test not found" in deleted.refused()
