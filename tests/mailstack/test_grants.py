"""``db grants`` makes a role that can read the mail-stack views and nothing else."""

from __future__ import annotations

import io
import sys

import pytest
from django.db import connection

from mailwarden.cli.main import main
from mailwarden.core.errors import Invalid
from mailwarden.mailstack.grants import drop_role_statements, readonly_role_statements
from mailwarden.mailstack.schema import VIEW_COLUMNS
from tests.mailstack.world import make_world

ROLE_PASSWORD = "ro-pass-9876"


@pytest.mark.parametrize("engine", ["mysql", "postgresql"])
def test_it_grants_select_on_the_views_only(engine):
    statements = readonly_role_statements(
        engine, user="mail_ro", password=ROLE_PASSWORD, database="mail"
    )
    grants = [s for s in statements if s.startswith("GRANT")]
    text = " ".join(grants)
    assert all(view in text for view in VIEW_COLUMNS)
    assert "mailwarden_" not in text.replace("$mailwarden$", "")
    for privilege in ("ALL", "INSERT", "UPDATE", "DELETE"):
        assert privilege not in text


def test_it_names_the_mysql_account_with_its_client_host():
    statements = readonly_role_statements(
        "mysql",
        user="mail_ro",
        password=ROLE_PASSWORD,
        database="mail",
        client_hosts=["127.0.0.1"],
    )
    assert statements[0] == (
        "CREATE USER IF NOT EXISTS 'mail_ro'@'127.0.0.1' IDENTIFIED BY 'ro-pass-9876'"
    )
    assert "GRANT SELECT ON `mail`.`mailstack_users` TO 'mail_ro'@'127.0.0.1'" in statements


def test_it_makes_socket_and_tcp_mysql_accounts_by_default():
    statements = readonly_role_statements(
        "mysql", user="mail_ro", password=ROLE_PASSWORD, database="mail"
    )
    assert [s.split(" IDENTIFIED")[0] for s in statements if s.startswith("CREATE")] == [
        "CREATE USER IF NOT EXISTS 'mail_ro'@'localhost'",
        "CREATE USER IF NOT EXISTS 'mail_ro'@'127.0.0.1'",
    ]


@pytest.mark.parametrize(
    ("user", "database", "password"),
    [
        ("$(id).x", "mail", ROLE_PASSWORD),
        ("mail_ro", "$(id).x", ROLE_PASSWORD),
        ("mail_ro", "mail", "it's-a-secret"),
        ("mail_ro", "mail", "short"),
    ],
)
def test_it_refuses_names_and_passwords_that_need_quoting(user, database, password):
    with pytest.raises(Invalid):
        readonly_role_statements("postgresql", user=user, password=password, database=database)


def test_it_refuses_sqlite_which_has_no_roles():
    with pytest.raises(Invalid, match="SQLite has no roles"):
        readonly_role_statements("sqlite", user="a", password=ROLE_PASSWORD, database="b")


@pytest.mark.django_db
def test_it_prints_the_grants_with_the_password_from_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{ROLE_PASSWORD}\n"))
    code = main(
        [
            "db",
            "grants",
            "--db",
            "postgresql",
            "--user",
            "mail_ro",
            "--database",
            "mail",
            "--password-stdin",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "ALTER ROLE mail_ro WITH LOGIN" in out
    assert f"PASSWORD '{ROLE_PASSWORD}';" in out
    assert out.rstrip().endswith("TO mail_ro;")


@pytest.mark.django_db
def test_it_never_takes_the_password_from_argv(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["db", "grants", "--db", "mysql", "--password", ROLE_PASSWORD])
    assert exited.value.code == 2


@pytest.mark.django_db(transaction=True)
def test_it_creates_a_role_that_reads_views_but_no_table():
    """Run the printed SQL on the live server, then connect as the role."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no roles; file permissions guard it")
    make_world()
    name = connection.settings_dict["NAME"]
    statements = readonly_role_statements(
        connection.vendor,
        user="mw_test_ro",
        password=ROLE_PASSWORD,
        database=name,
        client_hosts=["%"],
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    try:
        role = _connect_as("mw_test_ro", ROLE_PASSWORD, name)
        try:
            cur = role.cursor()
            cur.execute(
                "SELECT maildir FROM mailstack_mailboxes WHERE email = 'alice@example.test'"
            )
            assert cur.fetchall()[0][0] == "example.test/alice/"
            with pytest.raises(Exception, match=r"(?i)denied"):
                cur.execute("SELECT password FROM mailwarden_mailbox")
        finally:
            role.close()
    finally:
        with connection.cursor() as cursor:
            for statement in drop_role_statements(
                connection.vendor, user="mw_test_ro", client_hosts=["%"]
            ):
                cursor.execute(statement)


def _connect_as(user: str, password: str, database: str):
    settings = connection.settings_dict
    host = settings.get("HOST") or "127.0.0.1"
    if connection.vendor == "mysql":
        import pymysql

        return pymysql.connect(
            host=host,
            port=int(settings.get("PORT") or 3306),
            user=user,
            password=password,
            database=database,
        )
    import psycopg

    return psycopg.connect(
        host=host,
        port=int(settings.get("PORT") or 5432),
        user=user,
        password=password,
        dbname=database,
        autocommit=True,
    )
