"""``db grants --role app|migrate``: the server changes rows only, the migration role the schema.

The server tests build a database of their own from the printed SQL, exactly as an
operator would: the migration and app roles, part of the migrations run as the migration
role, the mail-stack role, then ``mailwarden migrate`` with the app's and the migration's
credentials, then real commands as the app role.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mailwarden import config
from mailwarden.core.errors import Invalid
from mailwarden.mailstack.grants import drop_role_statements, role_statements
from mailwarden.mailstack.schema import VIEW_COLUMNS
from tests.conftest import PASSWORD, require

SCRIPT = Path(sys.executable).with_name("mailwarden")
ROLE_PASSWORD = "Role-pass-9876"
DENIED = re.compile(r"(?i)denied|must be owner")


ROWS = {"SELECT", "INSERT", "UPDATE", "DELETE"}


def _grants(engine: str, role: str, **names: str) -> str:
    statements = role_statements(
        engine,
        role,
        user=names.get("user", "mw_app"),
        password=ROLE_PASSWORD,
        database=names.get("database", "mail"),
        migrate_user=names.get("migrate_user", "mw_migrate"),
    )
    return "\n".join(statements)


def _privileges(engine: str, role: str) -> set[str]:
    """Every privilege the role's statements grant, default privileges included."""
    listed = re.findall(r"GRANT (.+?) ON ", _grants(engine, role))
    return {privilege.strip() for names in listed for privilege in names.split(",")}


@pytest.mark.parametrize(
    ("engine", "role", "privileges"),
    [
        ("mysql", "app", ROWS),
        ("postgresql", "app", ROWS | {"CONNECT", "USAGE"}),
        (
            "mysql",
            "migrate",
            ROWS | {"CREATE", "ALTER", "DROP", "INDEX", "REFERENCES", "CREATE VIEW"},
        ),
        ("postgresql", "migrate", {"CONNECT", "CREATE", "USAGE"}),
        ("mysql", "mailstack", {"SELECT"}),
        ("postgresql", "mailstack", {"SELECT", "CONNECT", "USAGE"}),
    ],
)
def test_it_grants_each_role_exactly_what_it_needs(engine, role, privileges):
    assert _privileges(engine, role) == privileges
    assert "GRANT OPTION" not in _grants(engine, role)


def test_it_lets_the_app_role_use_the_tables_later_migrations_create():
    assert (
        "ALTER DEFAULT PRIVILEGES FOR ROLE mw_migrate IN SCHEMA public"
        " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO mw_app"
    ) in _grants("postgresql", "app")


def test_it_lets_only_the_migration_role_create_in_the_public_schema():
    """Before PostgreSQL 15 every role could create tables in public."""
    for role in ("mailstack", "app", "migrate"):
        assert "REVOKE CREATE ON SCHEMA public FROM PUBLIC" in _grants("postgresql", role)
    migrate = _grants("postgresql", "migrate", user="mw_migrate")
    assert "GRANT USAGE, CREATE ON SCHEMA public TO mw_migrate" in migrate


def test_it_escapes_the_wildcard_in_a_mysql_database_grant():
    """A grant on `mail_db`.* would also open `mailXdb`: MySQL reads _ as any character."""
    grants = _grants("mysql", "app", database="mail_db")
    assert "ON `mail\\_db`.* TO" in grants
    assert "`mail_db`" not in grants


def test_it_keeps_the_tables_when_the_migration_role_goes():
    assert drop_role_statements("postgresql", user="mw_migrate", role="migrate") == [
        "REASSIGN OWNED BY mw_migrate TO CURRENT_USER",
        "DROP OWNED BY mw_migrate",
        "DROP ROLE IF EXISTS mw_migrate",
    ]


@pytest.mark.parametrize("role", ["mailstack", "app", "migrate"])
@pytest.mark.parametrize(
    "names",
    [
        {"user": "$(id).x"},
        {"user": "app; DROP TABLE mailwarden_admin"},
        {"database": "mail`; DROP DATABASE mail; --"},
        {"migrate_user": "x' OR '1'='1"},
        {"user": "a" * 64},
    ],
)
def test_it_refuses_names_that_would_need_quoting(role, names):
    with pytest.raises(Invalid, match="must be letters, digits and underscores"):
        _grants("postgresql", role, **names)


def test_it_refuses_a_hostile_client_host():
    with pytest.raises(Invalid, match="is not a host name"):
        role_statements(
            "mysql",
            "app",
            user="mw_app",
            password=ROLE_PASSWORD,
            database="mail",
            client_hosts=["x' IDENTIFIED BY 'y"],
        )


# The real servers: a database of the tests' own, three roles, migrations, commands.


@dataclass
class Server:
    """The engine under test, reached with the test suite's administrative account."""

    engine: str
    host: str
    port: int
    admin: str
    admin_password: str
    database: str
    base: Path
    refused_upgrade: subprocess.CompletedProcess | None = None

    def user(self, role: str) -> str:
        return f"{self.database}_{role}"

    def connect(self, user: str | None = None, database: str | None = None):
        """An autocommit DB-API connection as ``user`` (default: the admin)."""
        password = ROLE_PASSWORD if user else self.admin_password
        if self.engine == "mysql":
            import pymysql

            return pymysql.connect(
                host=self.host,
                port=self.port,
                user=user or self.admin,
                password=password,
                database=database,
                autocommit=True,
            )
        import psycopg

        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=user or self.admin,
            password=password,
            dbname=database or "postgres",
            autocommit=True,
        )

    def execute(
        self, statements: list[str], *, user: str | None = None, database: str | None = None
    ) -> list[tuple]:
        """Run statements in the tests' database (or ``database``); the last one's rows."""
        db = self.connect(user, database=database or self.database)
        try:
            cursor = db.cursor()
            for statement in statements:
                cursor.execute(statement)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
        finally:
            db.close()

    def on_server(self, statements: list[str]) -> None:
        """Run statements outside any one database (create and drop databases and roles)."""
        db = self.connect()
        try:
            for statement in statements:
                db.cursor().execute(statement)
        finally:
            db.close()

    def create_database(self, name: str) -> None:
        self.on_server([f"CREATE DATABASE {name}"])

    def drop_database(self, name: str) -> None:
        force = " WITH (FORCE)" if self.engine == "postgresql" else ""
        self.on_server([f"DROP DATABASE IF EXISTS {name}{force}"])

    def forget_roles(self) -> None:
        """Remove whatever roles a failed run left behind (their database is gone by now)."""
        for role in ("mailstack", "app", "migrate"):
            if self.engine == "mysql":
                self.on_server([f"DROP USER IF EXISTS '{self.user(role)}'@'%'"])
            else:
                self.on_server([f"DROP ROLE IF EXISTS {self.user(role)}"])

    def grants(self, role: str) -> list[str]:
        """What ``db grants --role ROLE`` prints for the tests' database."""
        return role_statements(
            self.engine,
            role,
            user=self.user(role),
            password=ROLE_PASSWORD,
            database=self.database,
            client_hosts=["%"],
            migrate_user=self.user("migrate"),
        )

    def drops(self, role: str) -> list[str]:
        return drop_role_statements(
            self.engine, user=self.user(role), client_hosts=["%"], role=role
        )

    def url(self, role: str) -> str:
        scheme = "mysql" if self.engine == "mysql" else "postgresql"
        user = self.user(role)
        return f"{scheme}://{user}:{ROLE_PASSWORD}@{self.host}:{self.port}/{self.database}"

    def run(
        self, *argv: str, role: str, migrate_role: str | None = None, stdin: str = ""
    ) -> subprocess.CompletedProcess:
        """``argv`` (the console script, or python -m ...) connected as ``role``."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("MAILWARDEN_")} | {
            "DJANGO_SETTINGS_MODULE": "mailwarden.settings",
            "MAILWARDEN_DATABASE_URL": self.url(role),
            "MAILWARDEN_DATA_DIR": str(self.base),
            "MAILWARDEN_SECRET_KEY": "test-only-secret-key",
            "MAILWARDEN_PASSWORD_SCHEME": "SSHA512",
        }
        if migrate_role:
            env["MAILWARDEN_MIGRATE_DATABASE_URL"] = self.url(migrate_role)
        return subprocess.run(
            list(argv), input=stdin, env=env, capture_output=True, text=True, timeout=180
        )

    def mailwarden(self, *argv: str, role: str = "app", **options) -> subprocess.CompletedProcess:
        return self.run(str(SCRIPT), *argv, role=role, **options)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """A database of the tests' own, dropped at the end with every role made for it."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no roles; file permissions guard it")
    require(SCRIPT.exists(), f"the console script {SCRIPT}")
    settings = connection.settings_dict
    server = Server(
        engine=connection.vendor,
        host=settings.get("HOST") or "127.0.0.1",
        port=int(settings.get("PORT") or (3306 if connection.vendor == "mysql" else 5432)),
        admin=settings["USER"],
        admin_password=settings.get("PASSWORD") or "",
        database=f"test_{urlsplit(config.database_url()).path.lstrip('/')}_roles",
        base=tmp_path_factory.mktemp("roles"),
    )
    server.drop_database(server.database)
    server.forget_roles()
    server.create_database(server.database)
    try:
        yield server
    finally:
        server.drop_database(server.database)
        server.forget_roles()


@pytest.fixture(scope="module")
def deployed(server: Server) -> Server:
    """The operator's steps: two roles, an older schema, the mail-stack role, an upgrade.

    The upgrade creates tables the app's grants did not name yet and rebuilds the contract
    views (mailboxes 0002), as real upgrades do.
    """
    server.execute(server.grants("migrate"))
    server.execute(server.grants("app"))
    older = server.run(
        sys.executable, "-m", "django", "migrate", "mailstack", "0001", "-v", "0", role="migrate"
    )
    assert older.returncode == 0, older.stderr
    server.execute(server.grants("mailstack"))
    server.refused_upgrade = server.mailwarden("migrate")
    upgrade = server.mailwarden("migrate", migrate_role="migrate")
    assert (upgrade.returncode, upgrade.stderr) == (0, ""), upgrade.stderr
    assert upgrade.stdout == "database is up to date\n"
    return server


@pytest.mark.engines
def test_the_app_role_alone_can_not_upgrade_the_schema(deployed):
    """So `mailwarden migrate` succeeded as the role MAILWARDEN_MIGRATE_DATABASE_URL names."""
    assert deployed.refused_upgrade is not None
    assert deployed.refused_upgrade.returncode != 0
    assert DENIED.search(deployed.refused_upgrade.stderr)


@pytest.mark.engines
def test_the_app_role_runs_the_services(deployed):
    runs = [
        deployed.mailwarden("domain", "add", "roles.example"),
        deployed.mailwarden(
            "mailbox", "add", "alice@roles.example", "--password-stdin", stdin=PASSWORD + "\n"
        ),
        deployed.mailwarden("alias", "add", "info@roles.example", "--to", "alice@roles.example"),
        deployed.mailwarden("mailbox", "edit", "alice@roles.example", "--quota", "1G"),
    ]
    for run in runs:
        assert (run.returncode, run.stderr) == (0, "")

    mailstack = deployed.user("mailstack")
    assert deployed.execute(["SELECT email, quota_bytes FROM mailstack_users"], user=mailstack) == [
        ("alice@roles.example", 2**30)
    ]
    assert ("info@roles.example", "alice@roles.example") in deployed.execute(
        ["SELECT email, target FROM mailstack_aliases"], user=mailstack
    )

    runs = [
        deployed.mailwarden("alias", "delete", "info@roles.example"),
        deployed.mailwarden("mailbox", "delete", "alice@roles.example"),
        deployed.mailwarden("domain", "delete", "roles.example", "--force"),
    ]
    for run in runs:
        assert (run.returncode, run.stderr) == (0, "")
    assert deployed.execute(["SELECT email FROM mailstack_users"], user=mailstack) == []


@pytest.mark.engines
@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE mw_probe (id INTEGER)",
        "ALTER TABLE mailwarden_domain ADD COLUMN mw_probe INTEGER",
        "CREATE INDEX mw_probe ON mailwarden_domain (description)",
        "DROP TABLE mailwarden_audit_event",
        "CREATE VIEW mw_probe AS SELECT email FROM mailwarden_address",
        "DROP VIEW mailstack_users",
    ],
)
def test_the_app_role_can_not_change_the_schema(deployed, statement):
    with pytest.raises(Exception, match=DENIED):
        deployed.execute([statement], user=deployed.user("app"))


@pytest.mark.engines
def test_the_app_role_can_not_grant(deployed):
    """MariaDB refuses the GRANT; PostgreSQL only warns that nothing was granted."""
    mailstack = deployed.user("mailstack")
    grantee = f"'{mailstack}'@'%'" if deployed.engine == "mysql" else mailstack
    grant = f"GRANT SELECT ON mailwarden_admin TO {grantee}"
    if deployed.engine == "mysql":
        with pytest.raises(Exception, match=DENIED):
            deployed.execute([grant], user=deployed.user("app"))
    else:
        deployed.execute([grant], user=deployed.user("app"))
    with pytest.raises(Exception, match=DENIED):
        deployed.execute(["SELECT password FROM mailwarden_admin"], user=mailstack)


@pytest.mark.engines
@pytest.mark.parametrize(
    "statement",
    [
        "SELECT password FROM mailwarden_admin",
        "SELECT password FROM mailwarden_mailbox",
        "SELECT * FROM mailwarden_audit_event",
        "INSERT INTO mailwarden_domain (name) VALUES ('x.example')",
        "UPDATE mailstack_relay_domains SET transport = 'smtp:[evil.example]'",
        "DELETE FROM mailstack_relay_domains",
    ],
)
def test_the_mailstack_role_reads_the_views_and_nothing_else(deployed, statement):
    mailstack = deployed.user("mailstack")
    # Granted before the upgrade dropped and created them again.
    deployed.execute([f"SELECT * FROM {view}" for view in VIEW_COLUMNS], user=mailstack)
    with pytest.raises(Exception, match=DENIED):
        deployed.execute([statement], user=mailstack)


@pytest.mark.engines
def test_the_app_role_can_not_read_a_database_whose_name_differs_in_an_underscore(deployed):
    """A MySQL grant on `a_b`.* also covers `axb` unless the underscore is escaped."""
    look_alike = deployed.database.replace("_", "x", 1)
    deployed.drop_database(look_alike)
    deployed.create_database(look_alike)
    try:
        deployed.execute(["CREATE TABLE secret (id INTEGER)"], database=look_alike)
        with pytest.raises(Exception, match=r"(?i)denied"):
            deployed.execute(
                ["SELECT * FROM secret"], user=deployed.user("app"), database=look_alike
            )
    finally:
        deployed.drop_database(look_alike)


@pytest.mark.engines
def test_the_drop_statements_remove_the_roles_and_keep_the_rows(deployed):
    assert deployed.mailwarden("domain", "add", "kept.example").returncode == 0
    for role in ("mailstack", "app", "migrate"):
        deployed.execute(deployed.drops(role))

    with pytest.raises(Exception, match=r"(?i)denied|does not exist"):
        deployed.connect(deployed.user("app"), database=deployed.database)
    assert deployed.execute(["SELECT name FROM mailwarden_domain"]) == [("kept.example",)]
