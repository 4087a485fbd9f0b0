"""Which part of a search the SQLite trigram index should look up: its cheapest phrase.

FTS5 answers a phrase by walking the posting list of every trigram in it, so a search is as
slow as its most common trigram: ``ser0000042`` reads the list of ``000``, which holds
nearly every address of a numbered address book (32 ms at two million addresses), where
its part ``0042`` reads two short lists (3 ms). Any part of the search is a sound lookup,
because the search's own ``LIKE`` then checks each candidate (about ten posting entries'
worth of work each). Choosing the part needs to know how common each trigram is; FTS5 does
not say without reading the list, so a few thousand addresses drawn at random stand in for
the table, as a query planner's statistics do (docs/performance.md). A stale or unlucky
sample can only make a search slower, never change its answer.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

TRIGRAM = 3
# Runs of neighbouring rows share the table's pages: 200 runs of 10 are drawn in about 15 ms
# (most of it counting their trigrams), where 2,000 scattered rows took 100 ms from a cold
# cache; longer runs made the sample lean on a few neighbourhoods (a block of numbered
# addresses), and the plan with it.
SAMPLE_RUNS, SAMPLE_RUN_LENGTH = 200, 10
SAMPLE_SECONDS = 300  # how long a sample stands for the table before it is drawn again
# Checking a candidate against the address table costs about as much as reading ten
# posting-list entries (0.3 µs against 34 ns, measured at one million mailboxes).
CHECK_COST = 10
# A phrase skips through each list as the rarest one leads: measured, walking a longer
# list costs about as much as reading four times the rarest list.
SKIP_FACTOR = 4
MAX_PHRASE_TRIGRAMS = 4  # longer parts only add lists to walk; the check does the rest


@dataclass(frozen=True)
class Sample:
    """Addresses drawn at random: their text, one per line, and how often each trigram
    occurs in it (overlapping, as the index's position lists hold them)."""

    emails: str
    trigrams: Counter[str]
    drawn: float  # time.monotonic() when drawn

    @classmethod
    def of(cls, emails: list[str], drawn: float = 0.0) -> Sample:
        trigrams = Counter(e[i : i + TRIGRAM] for e in emails for i in range(len(e) - 2))
        return cls(emails="\n".join(emails), trigrams=trigrams, drawn=drawn)


_samples: dict[str, Sample] = {}
_lock = threading.Lock()


def address_sample(connection: BaseDatabaseWrapper) -> Sample:
    """Runs of addresses drawn at random (all of a small table), kept per database for
    ``SAMPLE_SECONDS``."""
    now = time.monotonic()
    sample = _samples.get(connection.alias)
    if sample is not None and now - sample.drawn < SAMPLE_SECONDS:
        return sample
    with connection.cursor() as cursor:
        # Two subqueries: SQLite answers MIN or MAX alone from the index's end, both in one
        # SELECT by reading every row.
        cursor.execute(
            "SELECT (SELECT MIN(id) FROM mailwarden_address),"
            " (SELECT MAX(id) FROM mailwarden_address)"
        )
        lowest, highest = cursor.fetchone()
        span = range(lowest or 0, (highest or -1) + 1)
        if len(span) <= SAMPLE_RUNS * SAMPLE_RUN_LENGTH:
            ids = list(span)  # a small table is its own sample
        else:
            # Seeded by the table's extent: the same table gives the same sample, so a
            # slow search stays slow until the table changes, and can be looked into.
            starts = random.Random(highest).sample(span, SAMPLE_RUNS)  # noqa: S311 - not a secret
            ids = sorted({i for start in starts for i in range(start, start + SAMPLE_RUN_LENGTH)})
        cursor.execute(
            "SELECT email FROM mailwarden_address WHERE id IN (SELECT value FROM json_each(%s))",
            [json.dumps(ids)],
        )
        sample = Sample.of([row[0] for row in cursor.fetchall()], drawn=now)
    with _lock:
        _samples[connection.alias] = sample
    return sample


def forget_samples() -> None:
    """Draw every sample again at its next use (tests that need a fresh one)."""
    with _lock:
        _samples.clear()


def cheapest_phrase(text: str, sample: Sample) -> str:
    """The part of ``text`` (three characters at least) whose lookup and check should cost
    the least, judged by how often its trigrams and itself occur in ``sample``. Ties go to
    the longer part, which leaves fewer candidates to check when the sample knows nothing."""
    grams = [text[i : i + TRIGRAM] for i in range(len(text) - TRIGRAM + 1)]
    best, best_key = text[:TRIGRAM], (float("inf"), 0)
    for start in range(len(grams)):
        for end in range(start + 1, min(start + MAX_PHRASE_TRIGRAMS, len(grams)) + 1):
            seen = [sample.trigrams[gram] for gram in grams[start:end]]
            rarest = min(seen)
            walked = sum(min(count, SKIP_FACTOR * rarest) for count in seen)
            phrase = text[start : end + TRIGRAM - 1]
            candidates = sample.emails.count(phrase) if end - start > 1 else rarest
            key = (walked + CHECK_COST * candidates, -len(phrase))
            if key < best_key:
                best, best_key = phrase, key
    return best
