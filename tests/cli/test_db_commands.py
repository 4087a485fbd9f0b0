"""``mailwarden db grants|drop-role``: the SQL for the mail-stack, app and migration roles.

What the printed SQL does on real servers is tested in tests/mailstack/test_app_roles.py.
"""

from __future__ import annotations

import pytest

ROLE_PASSWORD = "Role-pass-9876"


def grants(mw, *options: str):
    return mw("db", "grants", *options, "--password-stdin", stdin=ROLE_PASSWORD + "\n")


def test_it_prints_the_mail_stack_role_when_no_role_is_named(mw, db):
    run = grants(mw, "--db", "postgresql", "--database", "mail")

    assert run.code == 0
    assert "ALTER ROLE mailwarden_mailstack WITH LOGIN" in run.out
    assert run.out.rstrip().endswith("mailstack_relay_domains TO mailwarden_mailstack;")


def test_it_prints_the_grants_before_the_first_migration(mw):
    """The migration role must exist before `mailwarden migrate` can run as it."""
    run = grants(mw, "--db", "mysql", "--role", "migrate", "--database", "mail")

    assert (run.code, run.err) == (0, "")
    assert "CREATE USER IF NOT EXISTS 'mailwarden_migrate'@'localhost'" in run.out


def test_it_prints_the_app_role_with_the_tables_of_later_migrations(mw, db):
    run = grants(
        mw, "--db", "postgresql", "--role", "app", "--database", "mail", "--migrate-user", "mw_mig"
    )

    assert run.code == 0
    rows = "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO mailwarden_app;"
    assert rows in run.out
    assert (
        "ALTER DEFAULT PRIVILEGES FOR ROLE mw_mig IN SCHEMA public"
        " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO mailwarden_app;"
    ) in run.out


def test_it_prints_the_migration_role_for_mariadb_as_json(mw, db):
    run = mw(
        "--json", "db", "grants", "--db", "mysql", "--role", "migrate", "--database", "mail_db",
        "--from", "10.0.0.5", "--password-stdin", stdin=ROLE_PASSWORD + "\n",
    )  # fmt: skip

    assert run.code == 0
    assert run.json()["statements"][-1] == (
        "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES,"
        " CREATE VIEW ON `mail\\_db`.* TO 'mailwarden_migrate'@'10.0.0.5'"
    )


def test_it_prints_sql_that_drops_a_role_and_keeps_its_tables(mw, db):
    postgresql = mw("db", "drop-role", "--db", "postgresql", "--role", "migrate")
    mysql = mw("db", "drop-role", "--db", "mysql", "--role", "app")

    assert postgresql.out == (
        "REASSIGN OWNED BY mailwarden_migrate TO CURRENT_USER;\n"
        "DROP OWNED BY mailwarden_migrate;\n"
        "DROP ROLE IF EXISTS mailwarden_migrate;\n"
    )
    assert mysql.out == (
        "DROP USER IF EXISTS 'mailwarden_app'@'localhost';\n"
        "DROP USER IF EXISTS 'mailwarden_app'@'127.0.0.1';\n"
    )


HOSTILE = ["$(id).x", "app'; DROP TABLE mailwarden_admin; --", "a b", "x" * 64, "mail`db"]


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("option", ["--user", "--database", "--migrate-user"])
def test_it_refuses_a_name_that_would_need_quoting_as_bad_usage(mw, db, option, name):
    run = grants(mw, "--db", "postgresql", "--role", "app", option, name)

    line = run.usage_error()
    assert line.startswith(f"mailwarden db grants: error: argument {option}: ")
    assert "must be letters, digits and underscores" in line


@pytest.mark.parametrize("command", ["grants", "drop-role"])
def test_it_refuses_a_hostile_client_host_as_bad_usage(mw, db, command):
    run = mw("db", command, "--db", "mysql", "--from", "x' IDENTIFIED BY 'y")

    assert "argument --from: " in run.usage_error()


def test_it_refuses_a_hostile_role_name_to_drop_as_bad_usage(mw, db):
    run = mw("db", "drop-role", "--db", "postgresql", "--user", "x; DROP DATABASE mail")

    assert "argument --user: " in run.usage_error()


def test_it_knows_only_three_roles(mw, db):
    run = grants(mw, "--db", "mysql", "--role", "superuser")

    assert "invalid choice: 'superuser'" in run.usage_error()
