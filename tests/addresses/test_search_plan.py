"""The parts of a search the trigram index looks up: those a sample of the table says are
cheapest; that no choice of parts changes the answer is ``test_search.py``'s part."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mailwarden.addresses import search_plan
from mailwarden.addresses.search_plan import (
    MAX_PHRASE_TRIGRAMS,
    TRIGRAM,
    Sample,
    address_sample,
    forget_samples,
    lookup_parts,
)
from mailwarden.mailboxes.services import mailbox_create
from tests.conftest import PASSWORD
from tests.plans import full_scans

# A numbered address book, like the bench's: 000, ser and @d0 occur in every mailbox.
NUMBERED = Sample.of([f"user{i:07}@d{i % 100:03}.example" for i in range(2000)])
# The same with as many aliases: list0000042 holds 0042 as user0000042 does.
WITH_LISTS = Sample.of(
    [f"{kind}{i:07}@d{i % 100:03}.example" for i in range(1000) for kind in ("user", "list")]
)


def test_its_phrase_holds_no_trigram_that_nearly_every_address_holds():
    phrase = lookup_parts("ser0000042", NUMBERED)[0]
    assert phrase in "ser0000042"
    assert "000" not in phrase
    assert "ser" not in phrase


def test_it_prefers_two_rare_trigrams_to_one_when_they_leave_fewer_candidates():
    """``0042`` walks two short lists but leaves half the candidates ``042`` leaves, and
    checking a candidate costs more than reading a list entry."""
    book = Sample.of([f"u{i:04}@x.example" for i in range(10_000)])
    assert lookup_parts("u0042", book) == ["0042"]


def test_it_also_requires_a_common_trigram_that_rules_out_half_the_candidates():
    """Every address holds ``ser`` or none does in NUMBERED, so there it rules nothing out;
    among the aliases of WITH_LISTS it rules out every list, half of 0042's candidates."""
    assert lookup_parts("ser0000042", NUMBERED) == ["0042"]
    parts = lookup_parts("ser0000042", WITH_LISTS)
    assert parts[0] == "0042"
    assert len(parts) == 2
    assert parts[1] in ("ser", "er0")  # either tells a user from a list


def test_knowing_nothing_it_looks_up_the_longest_phrase_it_may():
    """A sample without these trigrams (an empty table, a rare name): every phrase is cheap,
    and the longest leaves the fewest candidates."""
    longest = TRIGRAM + MAX_PHRASE_TRIGRAMS - 1
    assert lookup_parts("carol.jones@a.example", Sample.of([])) == ["carol.jones"[:longest]]
    assert lookup_parts("bob", Sample.of([])) == ["bob"]


@pytest.mark.parametrize("text", ["abc", "ser00042", "carol.jones@a.example", "aaaaaaaaa"])
def test_every_part_is_a_piece_of_the_search_three_characters_long_at_least(text):
    for sample in (NUMBERED, WITH_LISTS, Sample.of([]), Sample.of([text])):
        for part in lookup_parts(text, sample):
            assert part in text
            assert len(part) >= TRIGRAM


def sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the search plan serves the FTS5 trigram table, which exists only on SQLite")


def test_the_sample_is_drawn_from_the_address_table(cast):
    sqlite_only()
    forget_samples()
    sample = address_sample(connection)
    assert "alice@a.example" in sample.lines
    assert sample.trigrams["@a."] >= 1


def test_the_sample_is_kept_for_a_while_then_drawn_again(cast, monkeypatch):
    """Drawing costs a query and a few milliseconds, so searches share one sample; a new
    address shows in it once it is drawn again."""
    sqlite_only()
    forget_samples()
    first = address_sample(connection)
    mailbox_create(actor=cast.root, address="newcomer@a.example", password=PASSWORD)
    assert address_sample(connection) is first
    monkeypatch.setattr(search_plan, "SAMPLE_SECONDS", 0)
    assert "newcomer@a.example" in address_sample(connection).lines


def test_drawing_the_sample_reads_no_whole_table(cast):
    """Asking for MIN(id) and MAX(id) in one SELECT made SQLite read every address (190 ms
    at two million) where each alone is read off the end of the row-id tree."""
    sqlite_only()
    forget_samples()
    with CaptureQueriesContext(connection) as queries:
        address_sample(connection)
    assert len(queries) == 2
    scans = [scan for q in queries for scan in full_scans(q["sql"])]
    assert [s for s in scans if "SCAN json_each VIRTUAL TABLE" not in s] == []
