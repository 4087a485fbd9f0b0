"""The queries in the generated files, run as the daemons run them, return the right rows.

Each query is read back from the file ``mailstack config`` wrote for the engine under test,
its placeholders are replaced the way Postfix or Dovecot replace them (SQL-quoted), and it
runs against data made through the services.
"""

from __future__ import annotations

import pytest
from django.db import connection

from mailwarden.mailstack.queries import expand_dovecot, expand_postfix
from mailwarden.passwords import verify_password
from tests.mailstack.generated import dovecot_queries, generate, postfix_query
from tests.mailstack.world import PASSWORD, QUOTA

A, B = "alice@example.test", "bob@example.test"

# (map, key, rows it must return; None = Postfix does not even run the query)
POSTFIX_CASES = [
    ("virtual-mailbox-domains", "example.test", {"example.test"}),
    ("virtual-mailbox-domains", "alias.test", {"alias.test"}),
    ("virtual-mailbox-domains", "off.test", set()),
    ("virtual-mailbox-domains", "relay.test", set()),
    ("virtual-mailbox-domains", "nowhere.test", set()),
    ("virtual-mailbox-maps", A, {"example.test/alice/"}),
    ("virtual-mailbox-maps", "carol@example.test", set()),
    ("virtual-mailbox-maps", "zed@off.test", set()),
    ("virtual-mailbox-maps", "sales@example.test", set()),
    ("virtual-mailbox-maps", "alice@alias.test", set()),
    ("virtual-alias-maps", A, {A}),
    ("virtual-alias-maps", "sales@example.test", {A}),
    ("virtual-alias-maps", "team@example.test", {A, B}),
    ("virtual-alias-maps", "old@example.test", set()),
    ("virtual-alias-maps", "@example.test", {B}),
    ("virtual-alias-maps", "dave@example.test", {B}),
    ("virtual-alias-maps", "erin@example.test", {B, "erin@example.test"}),
    ("virtual-alias-maps", "carol@example.test", set()),
    ("virtual-alias-maps", "zed@off.test", set()),
    ("virtual-alias-maps", "postmaster@example.test", {A}),
    ("virtual-alias-maps", "O'Brien@example.test", set()),
    ("virtual-alias-domain-maps", "alice@alias.test", {A}),
    ("virtual-alias-domain-maps", "sales@alias.test", {"sales@example.test"}),
    ("virtual-alias-domain-maps", "carol@alias.test", set()),
    ("virtual-alias-domain-maps", "nobody@alias.test", set()),
    ("virtual-alias-domain-maps", "alice@example.test", set()),
    ("virtual-alias-domain-maps", "@alias.test", None),
    ("virtual-alias-domain-catchall-maps", "@alias.test", {B}),
    ("virtual-alias-domain-catchall-maps", "alice@alias.test", set()),
    ("virtual-alias-domain-catchall-maps", "@example.test", set()),
    ("relay-domains", "relay.test", {"relay.test"}),
    ("relay-domains", "relay2.test", {"relay2.test"}),
    ("relay-domains", "example.test", set()),
    ("transport-maps", "relay.test", {"smtp:[127.0.0.1]:2526"}),
    ("transport-maps", "relay2.test", set()),
    ("transport-maps", "someone@relay.test", set()),
    ("relay-recipient-maps", "someone@relay.test", {"OK"}),
    ("relay-recipient-maps", "someone@example.test", set()),
    ("relay-recipient-maps", "relay.test", None),
    ("sender-login-maps", A, {A}),
    ("sender-login-maps", "sales@example.test", {A}),
    ("sender-login-maps", "team@example.test", {A, B}),
    ("sender-login-maps", "dave@example.test", {"dave@example.test"}),
    ("sender-login-maps", "carol@example.test", set()),
    ("sender-login-maps", "old@example.test", set()),
]


def run(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]


@pytest.fixture
def files(world, engine, tmp_path):
    return generate(tmp_path, engine=engine, dovecot="2.3", settings_dict=connection.settings_dict)


@pytest.mark.parametrize(("map_name", "key", "expected"), POSTFIX_CASES)
def test_it_answers_each_postfix_lookup_from_the_views(files, engine, map_name, key, expected):
    sql = expand_postfix(postfix_query(files, engine, map_name), key, engine=engine)
    if expected is None:
        assert sql is None
        return
    assert {row[0] for row in run(sql)} == expected


def test_it_suppresses_the_alias_domain_query_for_catchall_keys_like_postfix():
    assert expand_postfix("x = '%u' AND y = '%d'", "@alias.test", engine="sqlite") is None
    assert expand_postfix("x = '%d' AND '%s' LIKE '@%%'", "@a.test", engine="sqlite") == (
        "x = 'a.test' AND '@a.test' LIKE '@%'"
    )


@pytest.mark.parametrize("dovecot", ["2.3", "2.4"])
def test_it_gives_dovecot_the_password_of_active_mailboxes_only(world, engine, tmp_path, dovecot):
    files = generate(
        tmp_path, engine=engine, dovecot=dovecot, settings_dict=connection.settings_dict
    )
    query = dovecot_queries(files, dovecot)["password_query"]
    ((user, stored),) = run(expand_dovecot(query, A, engine=engine))
    assert user == A
    assert verify_password(PASSWORD, stored)
    for refused in ("carol@example.test", "zed@off.test", "sales@example.test", "x' OR '1'='1"):
        assert run(expand_dovecot(query, refused, engine=engine)) == []


@pytest.mark.parametrize("dovecot", ["2.3", "2.4"])
def test_it_gives_dovecot_home_ids_and_quota(world, engine, tmp_path, dovecot):
    files = generate(
        tmp_path, engine=engine, dovecot=dovecot, settings_dict=connection.settings_dict
    )
    query = dovecot_queries(files, dovecot)["user_query"]
    ((home, uid, gid, quota),) = run(expand_dovecot(query, A, engine=engine))
    assert (home, int(uid), int(gid)) == ("/var/vmail/example.test/alice/", 999, 995)
    assert str(quota) == (f"*:bytes={QUOTA}" if dovecot == "2.3" else str(QUOTA))
    ((_, _, _, no_quota),) = run(expand_dovecot(query, B, engine=engine))
    assert no_quota is None
    assert run(expand_dovecot(query, "carol@example.test", engine=engine)) == []


@pytest.mark.parametrize("dovecot", ["2.3", "2.4"])
def test_it_iterates_over_active_mailboxes(world, engine, tmp_path, dovecot):
    files = generate(
        tmp_path, engine=engine, dovecot=dovecot, settings_dict=connection.settings_dict
    )
    query = dovecot_queries(files, dovecot)["iterate_query"]
    assert {row[0] for row in run(query)} == {
        A,
        B,
        "dave@example.test",
        "erin@example.test",
    }
