"""Substring search over addresses, answered by a trigram index where the engine has one.

``email LIKE '%text%'`` cannot use a B-tree index, so on a million addresses every search
would read the whole table. The database keeps a trigram index instead:

- SQLite: an FTS5 table with the ``trigram`` tokenizer over ``mailwarden_address.email``
  (external content, so it stores only the index), kept in step by triggers, so bulk loads
  and every door are covered without the services doing anything; a search looks up only
  its cheapest parts there (``search_plan``);
- PostgreSQL: a ``pg_trgm`` GIN index, which the planner uses for ``LIKE '%text%'`` as is;
- MariaDB/MySQL have no trigram index: the search scans (docs/performance.md).

Trigrams need three characters; shorter searches scan, which costs little because they
match many rows. SQLite drops a table's triggers when a migration rebuilds the table, so
any later migration that alters ``mailwarden_address`` must call ``create_search_index``
again (``tests/addresses/test_search.py`` fails if the triggers are missing).
"""

from __future__ import annotations

import json

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from mailwarden.addresses.search_plan import TRIGRAM, address_sample, lookup_parts

FTS_TABLE = "mailwarden_address_search"  # the SQLite trigram table, named in the SQL below
# Row ids a search hands on as a list: counting and paging through a JSON list costs about
# a microsecond per id, against a second trigram lookup saved (docs/performance.md).
CANDIDATE_CAP = 20_000

# Spelled out rather than formatted, so every statement reads (and lints) as the SQL it is.
_SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS mailwarden_address_search USING fts5(
        email, content='mailwarden_address', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER IF NOT EXISTS mailwarden_address_search_insert
        AFTER INSERT ON mailwarden_address
        BEGIN INSERT INTO mailwarden_address_search(rowid, email) VALUES (new.id, new.email);
        END""",
    """CREATE TRIGGER IF NOT EXISTS mailwarden_address_search_delete
        AFTER DELETE ON mailwarden_address
        BEGIN INSERT INTO mailwarden_address_search(mailwarden_address_search, rowid, email)
              VALUES ('delete', old.id, old.email);
        END""",
    """CREATE TRIGGER IF NOT EXISTS mailwarden_address_search_update
        AFTER UPDATE OF email ON mailwarden_address
        BEGIN INSERT INTO mailwarden_address_search(mailwarden_address_search, rowid, email)
              VALUES ('delete', old.id, old.email);
              INSERT INTO mailwarden_address_search(rowid, email) VALUES (new.id, new.email);
        END""",
    "INSERT INTO mailwarden_address_search(mailwarden_address_search) VALUES ('rebuild')",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS mailwarden_address_search_insert",
    "DROP TRIGGER IF EXISTS mailwarden_address_search_delete",
    "DROP TRIGGER IF EXISTS mailwarden_address_search_update",
    "DROP TABLE IF EXISTS mailwarden_address_search",
]
# pg_trgm is a trusted extension (PostgreSQL 13+): a role with CREATE on the database may
# install it, so the migration role needs no superuser.
_POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS address_email_trigram ON mailwarden_address "
    "USING gin (email gin_trgm_ops)",
]
_POSTGRESQL_DROP = ["DROP INDEX IF EXISTS address_email_trigram"]


def _run(connection: BaseDatabaseWrapper, statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for statement in statements.get(connection.vendor, []):
            cursor.execute(statement)


def create_search_index(connection: BaseDatabaseWrapper) -> None:
    _run(connection, {"sqlite": _SQLITE_CREATE, "postgresql": _POSTGRESQL_CREATE})


def drop_search_index(connection: BaseDatabaseWrapper) -> None:
    _run(connection, {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRESQL_DROP})


def filter_email_contains(queryset: QuerySet, text: str) -> QuerySet:
    """Addresses whose email contains ``text`` (already lower-cased).

    On SQLite the trigram table narrows the rows first; the ``contains`` filter stays as the
    exact rule, so the index can only make the search faster, never change its answer.
    The lookup lists the parts of ``text`` cheapest to look up (``search_plan``) and checks
    its candidates against the query so far (the rule, the kind, the actor's domains), once,
    here, up to ``CANDIDATE_CAP`` row ids: a list runs two statements over the search (its
    COUNT and its page), which then both read those ids as one JSON parameter. More matches
    than that (a search that matches most addresses) are cheaper left to each statement's
    subquery.
    """
    matching = queryset.filter(email__contains=text)
    connection = connections[queryset.db]
    if len(text) < TRIGRAM or connection.vendor != "sqlite":
        return matching
    parts = lookup_parts(text, address_sample(connection))
    # Bound parameters; double quotes make FTS5 read each part as one literal phrase.
    candidates = RawSQL(
        "SELECT rowid FROM mailwarden_address_search WHERE mailwarden_address_search MATCH %s",
        [" AND ".join('"' + part.replace('"', '""') + '"' for part in parts)],
    )
    found = matching.filter(id__in=candidates).order_by().values_list("id", flat=True)
    ids = list(found[: CANDIDATE_CAP + 1])
    if len(ids) <= CANDIDATE_CAP:
        return matching.filter(id__in=RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)]))
    return matching.filter(id__in=candidates)
