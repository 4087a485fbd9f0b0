"""``mailwarden aliasdomain add|list|delete``: every address of the target is valid at the alias."""

from __future__ import annotations

import pytest

from mailwarden.audit.models import AuditEvent
from mailwarden.core.actor import cli_actor
from mailwarden.domains.models import Domain
from mailwarden.domains.services import aliasdomain_create


def test_it_adds_an_alias_domain(mw, cast):
    run = mw("aliasdomain", "add", "Alias.TEST", "--to", "A.example")

    assert run.code == 0
    assert run.out == "created alias domain alias.test -> a.example\n"
    assert run.err == ""
    domain = Domain.objects.get(name="alias.test")
    assert domain.kind == "alias"
    assert domain.alias_target.name == "a.example"
    assert AuditEvent.objects.get(action="aliasdomain.create").domain == "a.example"


def test_it_prints_the_new_alias_domain_as_json(mw, cast):
    run = mw("--json", "aliasdomain", "add", "bücher.test", "--to", "a.example")

    assert run.code == 0
    data = run.json()
    assert data["name"] == "xn--bcher-kva.test"
    assert data["display_name"] == "bücher.test"
    assert data["kind"] == "alias"
    assert data["alias_target"] == "a.example"
    assert data["active"] is True


@pytest.mark.parametrize(
    ("name", "target", "words"),
    [
        pytest.param("alias.test", "nowhere.test", "domain nowhere.test not found", id="no-target"),
        pytest.param("b.example", "a.example", "domain b.example already exists", id="taken"),
        pytest.param("a.example", "a.example", "cannot point at itself", id="itself"),
        pytest.param("alias.test", "a@@b.test", "not a valid domain name", id="bad-target"),
        pytest.param("../x.test", "a.example", "not a valid domain name", id="bad-name"),
        pytest.param("al\x00ias.test", "a.example", "control characters", id="control"),
    ],
)
def test_it_refuses_a_bad_alias_domain_and_changes_nothing(
    mw, cast, unchanged, name, target, words
):
    with unchanged():
        run = mw("aliasdomain", "add", name, "--to", target)

    assert words in run.refused()


def test_it_refuses_an_alias_domain_of_an_alias_domain_or_a_relay_domain(mw, cast, unchanged):
    aliasdomain_create(actor=cli_actor(), name="alias.test", target="a.example")
    mw("domain", "add", "relay.test", "--relay")

    with unchanged():
        chained = mw("aliasdomain", "add", "chain.test", "--to", "alias.test")
        to_relay = mw("aliasdomain", "add", "chain.test", "--to", "relay.test")
        taken = mw("aliasdomain", "add", "ALIAS.test", "--to", "b.example")

    assert "domain alias.test not found" in chained.refused()
    assert "domain relay.test not found" in to_relay.refused()
    assert "domain alias.test already exists" in taken.refused()


def test_it_needs_a_target(mw, cast, unchanged):
    with unchanged():
        run = mw("aliasdomain", "add", "alias.test")

    assert "the following arguments are required: --to" in run.usage_error()


def test_it_lists_alias_domains_as_a_table(mw, cast):
    aliasdomain_create(actor=cli_actor(), name="alias.test", target="a.example")

    run = mw("aliasdomain", "list")

    assert run.code == 0
    assert run.out.splitlines() == [
        "NAME        ALIAS_TARGET  ACTIVE",
        "alias.test  a.example     yes",
    ]


def test_it_lists_alias_domains_as_json_pages_filtered_by_target(mw, cast):
    for name, target in (
        ("one.test", "a.example"),
        ("two.test", "b.example"),
        ("three.test", "a.example"),
    ):
        aliasdomain_create(actor=cli_actor(), name=name, target=target)

    everything = mw("--json", "aliasdomain", "list").json()
    of_a = mw("--json", "aliasdomain", "list", "--to", "A.example").json()
    page = mw("--json", "aliasdomain", "list", "--limit", "1", "--offset", "2").json()

    assert everything["total"] == 3
    assert [d["name"] for d in everything["items"]] == ["one.test", "three.test", "two.test"]
    assert [d["name"] for d in of_a["items"]] == ["one.test", "three.test"]
    assert of_a["total"] == 2
    assert [d["name"] for d in page["items"]] == ["two.test"]
    assert page["total"] == 3


def test_it_does_not_list_alias_domains_among_domains(mw, cast):
    aliasdomain_create(actor=cli_actor(), name="alias.test", target="a.example")

    data = mw("--json", "domain", "list").json()

    assert [d["name"] for d in data["items"]] == ["a.example", "b.example"]


def test_it_deletes_an_alias_domain(mw, cast):
    aliasdomain_create(actor=cli_actor(), name="alias.test", target="a.example")

    run = mw("aliasdomain", "delete", "Alias.test")

    assert run.code == 0
    assert run.out == "deleted alias domain alias.test\n"
    assert not Domain.objects.filter(name="alias.test").exists()
    assert Domain.objects.filter(name="a.example").exists()
    assert AuditEvent.objects.get(action="aliasdomain.delete").before["alias_target"] == "a.example"


def test_it_prints_the_deleted_alias_domain_as_json(mw, cast):
    aliasdomain_create(actor=cli_actor(), name="alias.test", target="a.example")

    assert mw("--json", "aliasdomain", "delete", "alias.test").json() == {"deleted": "alias.test"}


@pytest.mark.parametrize(
    ("name", "words"),
    [
        pytest.param("nowhere.test", "alias domain nowhere.test not found", id="unknown"),
        pytest.param("a.example", "alias domain a.example not found", id="a-hosted-domain"),
        pytest.param("a@@b.test", "not a valid domain name", id="malformed"),
    ],
)
def test_it_refuses_to_delete_what_is_not_an_alias_domain(mw, cast, unchanged, name, words):
    with unchanged():
        run = mw("aliasdomain", "delete", name)

    assert words in run.refused()


def test_it_refuses_to_delete_the_alias_domain_of_the_protected_superadmin(mw, cast, unchanged):
    """The issue: nobody may "delete the domain [the first superadmin's] address lives in";
    domain delete refuses, but an alias domain carrying that address is deleted."""
    aliasdomain_create(actor=cli_actor(), name="ops.example", target="a.example")

    with unchanged():
        run = mw("aliasdomain", "delete", "ops.example")

    assert "protected first superadmin" in run.refused()
