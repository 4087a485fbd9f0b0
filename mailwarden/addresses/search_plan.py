"""Which parts of a search the SQLite trigram index should look up: its cheapest phrase,
and any further trigram of it worth requiring too.

FTS5 answers a phrase by walking the posting list of every trigram in it, so a search is as
slow as its most common trigram: ``ser0000042`` reads the list of ``000``, which holds
nearly every address of a numbered address book (32 ms at two million addresses), where
its part ``0042`` reads two short lists (3 ms). Any parts of the search are a sound lookup,
because the search's own ``LIKE`` then checks each candidate (about ten posting entries'
worth of work each), and requiring ``ser`` as well halves the candidates of ``0042`` there
for the price of a quick walk. Choosing the parts needs to know how common each trigram
is; FTS5 does not say without reading the list, so a couple of thousand addresses drawn at
random stand in for the table, as a query planner's statistics do (docs/performance.md).
A poor sample can only make a search slower, never change its answer."""

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
# The cost model, in posting-list entries read, measured at one million mailboxes: checking
# a candidate against the address table (a row-id seek, 0.3 µs) costs about ten entries
# (34 ns each); a phrase walks each of its longer lists as far as its rarest list leads or
# a sixth of its own length, whichever is longer (positions must line up); a further part
# that must also occur walks its list as far as the candidates lead or a 24th of its length.
CHECK_COST = 10
PHRASE_WALK_SHARE = 6
EXTRA_WALK_SHARE = 24
MAX_PHRASE_TRIGRAMS = 4  # longer phrases only add lists to walk; the check does the rest


@dataclass(frozen=True)
class Sample:
    """Addresses drawn at random, and how often each trigram occurs in them (overlapping,
    as the index's position lists hold them)."""

    lines: tuple[str, ...]
    emails: str  # the lines joined, for counting a phrase in one pass
    trigrams: Counter[str]
    drawn: float  # time.monotonic() when drawn

    @classmethod
    def of(cls, emails: list[str], drawn: float = 0.0) -> Sample:
        trigrams = Counter(e[i : i + TRIGRAM] for e in emails for i in range(len(e) - TRIGRAM + 1))
        return cls(tuple(emails), "\n".join(emails), trigrams, drawn)


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


def lookup_parts(text: str, sample: Sample) -> list[str]:
    """The parts of ``text`` the trigram index should look up, all of which must occur: the
    phrase cheapest to walk and check, then each further trigram of the search that saves
    more checking than its list costs to walk (``ser`` halves the candidates of ``0042`` in
    a book of ``user…`` and ``list…`` addresses), judged on ``sample``."""
    grams = [text[i : i + TRIGRAM] for i in range(len(text) - TRIGRAM + 1)]
    parts = [_cheapest_phrase(text, grams, sample)]
    left = [line for line in sample.lines if parts[0] in line]
    others = sorted({gram for gram in grams if gram not in parts[0]})
    while left and others:
        savings = {gram: _saving(gram, left, sample) for gram in others}
        best = max(others, key=savings.__getitem__)
        if savings[best] <= 0:
            break
        parts.append(best)
        others.remove(best)
        left = [line for line in left if best in line]
    return parts


def _saving(gram: str, left: list[str], sample: Sample) -> float:
    """What also requiring ``gram`` saves: the checks of the sampled candidates it rules
    out, less the walk through its list."""
    ruled_out = sum(gram not in line for line in left)
    return CHECK_COST * ruled_out - max(len(left), sample.trigrams[gram] / EXTRA_WALK_SHARE)


def _cheapest_phrase(text: str, grams: list[str], sample: Sample) -> str:
    """The phrase of ``text`` (three characters at least) whose lookup and check should
    cost the least. Ties go to the longer phrase, which leaves fewer candidates to check
    when the sample knows nothing of it."""
    best, best_key = text[:TRIGRAM], (float("inf"), 0)
    for start in range(len(grams)):
        for end in range(start + 1, min(start + MAX_PHRASE_TRIGRAMS, len(grams)) + 1):
            seen = sorted(sample.trigrams[gram] for gram in grams[start:end])
            rarest = seen[0]
            walked = rarest + sum(max(rarest, n / PHRASE_WALK_SHARE) for n in seen[1:])
            if walked > best_key[0]:
                continue  # its candidates are not worth counting
            phrase = text[start : end + TRIGRAM - 1]
            found = sample.emails.count(phrase) if rarest else 0
            key = (walked + CHECK_COST * found, -len(phrase))
            if key < best_key:
                best, best_key = phrase, key
    return best
