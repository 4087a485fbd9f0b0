"""Substring search over addresses: the same answers as a plain scan, served by a trigram
index on SQLite and PostgreSQL (docs/performance.md), kept in step by the database.

Every test runs three times: on SQLite, once with the trigram matches handed on as a list of
row ids (the usual case), once as a subquery (a search with more candidates than the list
holds), and once looking up only the search's first and last three characters, loose parts
a plan could choose, each quoted as FTS5 must read it (``search_plan``); the runs are alike
on the other engines."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mailwarden.addresses import search
from mailwarden.addresses.models import Address
from mailwarden.addresses.search import FTS_TABLE, filter_email_contains
from mailwarden.addresses.selectors import alias_list
from mailwarden.addresses.services import alias_create, alias_delete
from mailwarden.mailboxes.selectors import mailbox_list
from mailwarden.mailboxes.services import mailbox_create, mailbox_delete
from tests.conftest import PASSWORD
from tests.plans import full_scans


@pytest.fixture(autouse=True, params=["candidate list", "candidate subquery", "loose parts"])
def candidates(request, monkeypatch) -> str:
    if request.param == "candidate subquery":
        monkeypatch.setattr(search, "CANDIDATE_CAP", 0)  # any match is one too many
    if request.param == "loose parts":
        monkeypatch.setattr(search, "lookup_parts", lambda text, sample: [text[:3], text[-3:]])
    return request.param


def emails(page) -> list[str]:
    return [a.email for a in page.items]


def test_it_finds_a_substring_anywhere_in_the_address(cast):
    mailbox_create(actor=cast.root, address="carol.jones@a.example", password=PASSWORD)
    assert emails(mailbox_list(actor=cast.root, search="l.jo")) == ["carol.jones@a.example"]
    assert emails(mailbox_list(actor=cast.root, search="ONES@A.EX")) == ["carol.jones@a.example"]
    assert emails(mailbox_list(actor=cast.root, search="b.example")) == [
        "alice@b.example",
        "bob@b.example",
    ]


def test_the_total_counts_every_match_beyond_the_page(cast):
    for name in ("needle1", "needle2", "needle3"):
        mailbox_create(actor=cast.root, address=f"{name}@a.example", password=PASSWORD)
    page = mailbox_list(actor=cast.root, search="needle", limit=2)
    assert (emails(page), page.total) == (["needle1@a.example", "needle2@a.example"], 3)
    page = mailbox_list(actor=cast.root, search="needle", offset=2, limit=2)
    assert (emails(page), page.total) == (["needle3@a.example"], 3)


def test_short_searches_work_without_the_index(cast):
    assert emails(mailbox_list(actor=cast.root, search="bo")) == ["bob@a.example", "bob@b.example"]
    assert emails(mailbox_list(actor=cast.root, search="z")) == []


@pytest.mark.parametrize(
    "text", ["%", "_", '"', 'a"b', '"" OR x', "a%e", "o_b", "\\", "' OR 1=1 --", "NEAR(a b)"]
)
def test_search_syntax_is_taken_literally(cast, text):
    """Neither LIKE wildcards nor FTS5 query syntax leak through: only literal matches."""
    assert emails(mailbox_list(actor=cast.root, search=text)) == []
    assert emails(alias_list(actor=cast.root, search=text)) == []


def test_a_domain_admin_searches_only_their_domains(cast):
    assert emails(mailbox_list(actor=cast.admin_a, search="alice")) == ["alice@a.example"]


def test_the_search_answers_follow_creates_and_deletes(cast):
    alias_create(actor=cast.root, address="needle-one@a.example", targets=["x@elsewhere.test"])
    mailbox_create(actor=cast.root, address="needle-two@b.example", password=PASSWORD)
    assert emails(alias_list(actor=cast.root, search="needle")) == ["needle-one@a.example"]
    assert emails(mailbox_list(actor=cast.root, search="needle")) == ["needle-two@b.example"]
    alias_delete(actor=cast.root, address="needle-one@a.example")
    mailbox_delete(actor=cast.root, address="needle-two@b.example")
    assert emails(alias_list(actor=cast.root, search="needle")) == []
    assert emails(mailbox_list(actor=cast.root, search="needle")) == []


def sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 trigram table exists only on SQLite")


def test_sqlite_keeps_the_trigram_table_in_step_with_the_addresses(cast):
    """Triggers maintain the index; FTS5's own integrity check compares it with the table.
    A later migration that rebuilds mailwarden_address on SQLite drops the triggers: this
    fails then, until the migration creates them again."""
    sqlite_only()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["mailwarden_address"],
        )
        assert {row[0] for row in cursor.fetchall()} == {
            f"{FTS_TABLE}_insert",
            f"{FTS_TABLE}_delete",
            f"{FTS_TABLE}_update",
        }
        alias_create(actor=cast.root, address="new@a.example", targets=["x@elsewhere.test"])
        Address.objects.filter(email="new@a.example").update(email="renamed@a.example")
        alias_delete(actor=cast.root, address="renamed@a.example")
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
        cursor.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", ['"named@"'])
        assert cursor.fetchall() == []


def search_sql(text: str) -> str:
    """The search query with its (plain string) parameters written in, for EXPLAIN."""
    queryset = filter_email_contains(Address.objects.filter(kind="mailbox"), text)
    sql, params = queryset.only("id").query.sql_with_params()
    return sql % tuple("'" + str(p).replace("'", "''") + "'" for p in params)


def test_a_substring_search_does_not_read_the_whole_address_table(cast):
    """MariaDB has no trigram index; there the search scans (docs/performance.md)."""
    if connection.vendor == "mysql":
        pytest.skip("MariaDB/MySQL have no trigram index: the search scans by design")
    mailbox_create(actor=cast.root, address="user0004@a.example", password=PASSWORD)
    scans = full_scans(search_sql("ser0004"))
    # SQLite lists the FTS5 MATCH, and the list of row ids it found, as a "SCAN ... VIRTUAL
    # TABLE": those read the index's answer, not the address table.
    lookups = ("VIRTUAL TABLE INDEX 0:M", "SCAN json_each VIRTUAL TABLE")
    assert [s for s in scans if not any(lookup in s for lookup in lookups)] == []


def test_a_list_looks_its_search_up_in_the_trigram_table_once(cast, candidates):
    """Its COUNT and its page share the lookup, unless there are too many candidates."""
    sqlite_only()
    with CaptureQueriesContext(connection) as queries:
        page = mailbox_list(actor=cast.root, search="alice")
    assert page.total == 2
    lookups = [q["sql"] for q in queries if f"{FTS_TABLE} MATCH" in q["sql"]]
    assert len(lookups) == (3 if candidates == "candidate subquery" else 1)
