"""SQL creating the three least-privilege database roles a server deployment runs with.

- ``mailstack``: Postfix and Dovecot. SELECT on the ``mailstack_*`` views and nothing else:
  a leaked map file then exposes what the mail stack reads anyway (including password
  hashes), but never the audit log, admin accounts or anything writable.
- ``app``: what ``mailwarden serve`` and the CLI connect as. Reads and writes rows, never
  changes the schema, grants nothing: an SQL injection or a stolen app password cannot drop
  a table, plant a view or hand out access.
- ``migrate``: what ``mailwarden migrate`` connects as. It owns (PostgreSQL) or may change
  (MariaDB) the schema, and the views run with its rights.

``mailwarden db grants`` prints these statements; the tests run them on real servers.
"""

from __future__ import annotations

from mailwarden.core.errors import Invalid
from mailwarden.mailstack import validation as v
from mailwarden.mailstack.configs import DEFAULT_ROLE
from mailwarden.mailstack.schema import VIEW_COLUMNS

GRANT_ENGINES = ("mysql", "postgresql")
ROLES = ("mailstack", "app", "migrate")
DEFAULT_USERS = {
    "mailstack": DEFAULT_ROLE,
    "app": "mailwarden_app",
    "migrate": "mailwarden_migrate",
}

# Row access is all the app needs: SELECT ... FOR UPDATE (the limit checks' row lock) is
# covered by UPDATE on both engines, and mailwarden takes no LOCK TABLES and makes no
# temporary tables. Django's primary keys are identity columns on PostgreSQL, whose
# sequences an INSERT may use without a grant of its own.
_ROW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
# Django's schema editor on MariaDB/MySQL: tables, columns, indexes, foreign keys, the
# contract views, and the rows of django_migrations and the content types it writes.
_MYSQL_MIGRATE_PRIVILEGES = (
    f"{_ROW_PRIVILEGES}, CREATE, ALTER, DROP, INDEX, REFERENCES, CREATE VIEW"
)


def _literal(engine: str, value: str) -> str:
    """A quoted SQL string literal (values are validated too; this is the second fence)."""
    if engine == "mysql":
        value = value.replace("\\", "\\\\")
    return "'" + value.replace("'", "''") + "'"


# MySQL/MariaDB match an account by the client's host: 'localhost' is a unix-socket
# connection (also what the client libraries make of the host name localhost), 127.0.0.1
# a TCP one. A mail host uses one of the two, so both accounts are made by default.
DEFAULT_CLIENT_HOSTS = ("localhost", "127.0.0.1")


def _mysql_accounts(user: str, client_hosts: tuple[str, ...] | list[str]) -> list[str]:
    hosts = [h if h == "%" else v.validate_host(h, field="from") for h in client_hosts]
    return [f"{_literal('mysql', user)}@{_literal('mysql', host)}" for host in hosts]


def _mysql_database_pattern(database: str) -> str:
    """The database of a ``GRANT ... ON `db`.*``, where ``_`` is a one-character wildcard.

    Unescaped, a grant on ``mail_db`` would also cover a database ``mailXdb``.
    """
    return database.replace("_", "\\_")


def _check_engine(engine: str) -> None:
    if engine not in GRANT_ENGINES:
        raise Invalid(
            f"db: grants are for {' or '.join(GRANT_ENGINES)}; SQLite has no roles "
            "(make the database file readable by the postfix and dovecot users instead)",
            fields={"db": "invalid"},
        )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise Invalid(f"role: expected one of {', '.join(ROLES)}", fields={"role": "invalid"})


def role_statements(
    engine: str,
    role: str,
    *,
    user: str,
    password: str,
    database: str,
    client_hosts: tuple[str, ...] | list[str] = DEFAULT_CLIENT_HOSTS,
    migrate_user: str = DEFAULT_USERS["migrate"],
) -> list[str]:
    """Statements (without trailing semicolons) creating or updating one role.

    Safe to run again: an existing role gets the new password and the same grants (grants
    are only added; drop a role to narrow it). ``client_hosts`` are MySQL's host parts of
    the account ('localhost', '127.0.0.1', '%'). ``migrate_user`` is the migration role whose
    future tables the app role may use (PostgreSQL; MariaDB grants on the whole database).
    """
    _check_engine(engine)
    _check_role(role)
    user = v.validate_identifier(user, field="user")
    database = v.validate_identifier(database, field="database")
    migrate_user = v.validate_identifier(migrate_user, field="migrate-user")
    password = v.validate_password(password)
    if engine == "mysql":
        return _mysql_statements(role, user, password, database, client_hosts)
    return _postgresql_statements(role, user, password, database, migrate_user)


def readonly_role_statements(
    engine: str,
    *,
    user: str,
    password: str,
    database: str,
    client_hosts: tuple[str, ...] | list[str] = DEFAULT_CLIENT_HOSTS,
) -> list[str]:
    """The mail-stack role's statements (what the e2e tests' daemons connect as)."""
    return role_statements(
        engine,
        "mailstack",
        user=user,
        password=password,
        database=database,
        client_hosts=client_hosts,
    )


def _mysql_statements(
    role: str,
    user: str,
    password: str,
    database: str,
    client_hosts: tuple[str, ...] | list[str],
) -> list[str]:
    statements = []
    secret = _literal("mysql", password)
    for account in _mysql_accounts(user, client_hosts):
        statements += [
            f"CREATE USER IF NOT EXISTS {account} IDENTIFIED BY {secret}",
            f"ALTER USER {account} IDENTIFIED BY {secret}",
        ]
        if role == "mailstack":
            statements += [
                f"GRANT SELECT ON `{database}`.`{view}` TO {account}" for view in VIEW_COLUMNS
            ]
        else:
            privileges = _ROW_PRIVILEGES if role == "app" else _MYSQL_MIGRATE_PRIVILEGES
            pattern = _mysql_database_pattern(database)
            statements.append(f"GRANT {privileges} ON `{pattern}`.* TO {account}")
    return statements


def _postgresql_statements(
    role: str, user: str, password: str, database: str, migrate_user: str
) -> list[str]:
    # The migration role creates the schema's objects and so owns them; CREATE on the
    # database lets it install trusted extensions (pg_trgm for the address search).
    creates = ", CREATE" if role == "migrate" else ""
    statements = [
        "DO $mailwarden$ BEGIN"
        f" IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_literal('postgresql', user)})"
        f" THEN CREATE ROLE {user} LOGIN; END IF; END $mailwarden$",
        f"ALTER ROLE {user} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
        f" NOREPLICATION NOBYPASSRLS PASSWORD {_literal('postgresql', password)}",
        f"GRANT CONNECT{creates} ON DATABASE {database} TO {user}",
        # Before PostgreSQL 15 every role could create tables in public; only the
        # migration role may.
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE{creates} ON SCHEMA public TO {user}",
    ]
    if role == "mailstack":
        # The views' grants are kept when a migration rebuilds them (schema.drop_views).
        statements.append(f"GRANT SELECT ON {', '.join(VIEW_COLUMNS)} TO {user}")
    elif role == "app":
        statements += [
            f"GRANT {_ROW_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {user}",
            # Tables that later migrations create: the migration role owns them.
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {migrate_user} IN SCHEMA public"
            f" GRANT {_ROW_PRIVILEGES} ON TABLES TO {user}",
        ]
    return statements


def drop_role_statements(
    engine: str,
    *,
    user: str,
    client_hosts: tuple[str, ...] | list[str] = DEFAULT_CLIENT_HOSTS,
    role: str = "mailstack",
) -> list[str]:
    """Statements removing a role again, keeping every table and row.

    On PostgreSQL they run in mailwarden's database; the migration role's tables and views
    pass to the user running them (``REASSIGN OWNED``) before its grants go.
    """
    _check_engine(engine)
    _check_role(role)
    user = v.validate_identifier(user, field="user")
    if engine == "mysql":
        return [f"DROP USER IF EXISTS {account}" for account in _mysql_accounts(user, client_hosts)]
    keep = [f"REASSIGN OWNED BY {user} TO CURRENT_USER"] if role == "migrate" else []
    return [*keep, f"DROP OWNED BY {user}", f"DROP ROLE IF EXISTS {user}"]


def as_script(statements: list[str]) -> str:
    return "".join(f"{statement};\n" for statement in statements)
