"""Every lookup in the generated files is an index seek on the engine under test.

Postfix runs these queries for every recipient and Dovecot for every login, so a full
scan of a base table would grow with the mailbox count. The plan is read with the engine's
EXPLAIN: SQLite must not ``SCAN`` a table or index; PostgreSQL (with sequential scans priced
out) must use neither a ``Seq Scan`` nor an index scan without an ``Index Cond``;
MySQL/MariaDB must not access a table with ``type=ALL`` or ``type=index``.
Dovecot's iterate_query lists every user by design and is not a lookup.
"""

from __future__ import annotations

import pytest
from django.db import connection

from mailwarden.mailstack.queries import expand_dovecot, expand_postfix, postfix_maps
from tests.mailstack.generated import dovecot_queries, generate, postfix_query
from tests.plans import full_scans

# A key that finds rows, for each lookup: MySQL reads unique-key matches while planning and
# shows "Impossible WHERE" instead of a plan when the key matches nothing.
PLAN_KEYS = {
    "virtual-mailbox-domains": "example.test",
    "virtual-alias-domain-maps": "alice@alias.test",
    "virtual-alias-domain-catchall-maps": "@alias.test",
    "relay-domains": "relay.test",
    "transport-maps": "relay.test",
    "relay-recipient-maps": "someone@relay.test",
    "sender-login-maps": "sales@example.test",
}


def lookups(files: dict, engine: str, dovecot: str) -> list[tuple[str, str]]:
    found = []
    for pmap in postfix_maps():
        key = PLAN_KEYS.get(pmap.name, "alice@example.test")
        sql = expand_postfix(postfix_query(files, engine, pmap.name), key, engine=engine)
        assert sql is not None
        found.append((pmap.name, sql))
    queries = dovecot_queries(files, dovecot)
    for name in ("password_query", "user_query"):
        found.append((name, expand_dovecot(queries[name], "alice@example.test", engine=engine)))
    return found


@pytest.mark.parametrize("dovecot", ["2.3", "2.4"])
def test_it_plans_every_lookup_as_an_index_seek(world, engine, tmp_path, dovecot):
    files = generate(
        tmp_path, engine=engine, dovecot=dovecot, settings_dict=connection.settings_dict
    )
    scans = {name: full_scans(sql) for name, sql in lookups(files, engine, dovecot)}
    assert {name: s for name, s in scans.items() if s} == {}


def test_it_notices_a_full_scan(world):
    """The plan check itself can fail: a lookup on an unindexed column is caught."""
    assert full_scans("SELECT name FROM mailstack_domains WHERE LOWER(name) = 'example.test'")
