"""SQL that creates the read-only role Postfix and Dovecot connect as.

The role may SELECT the ``mailstack_*`` views and nothing else: a leaked map file then
exposes what the mail stack reads anyway (including password hashes), but never the audit
log, admin accounts or anything writable. ``mailwarden db grants`` prints these statements;
the e2e tests run them to create the role the daemons use.
"""

from __future__ import annotations

from mailwarden.core.errors import Invalid
from mailwarden.mailstack import validation as v
from mailwarden.mailstack.schema import VIEW_COLUMNS

GRANT_ENGINES = ("mysql", "postgresql")


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


def readonly_role_statements(
    engine: str,
    *,
    user: str,
    password: str,
    database: str,
    client_hosts: tuple[str, ...] | list[str] = DEFAULT_CLIENT_HOSTS,
) -> list[str]:
    """Statements (without trailing semicolons) creating or updating the read-only role.

    Safe to run again: an existing role gets the new password and the same grants.
    ``client_hosts`` are MySQL's host parts of the account ('localhost', '127.0.0.1', '%').
    """
    if engine not in GRANT_ENGINES:
        raise Invalid(
            f"db: grants are for {' or '.join(GRANT_ENGINES)}; SQLite has no roles "
            "(make the database file readable by the postfix and dovecot users instead)",
            fields={"db": "invalid"},
        )
    user = v.validate_identifier(user, field="user")
    database = v.validate_identifier(database, field="database")
    password = v.validate_password(password)
    views = list(VIEW_COLUMNS)
    if engine == "mysql":
        statements = []
        for account in _mysql_accounts(user, client_hosts):
            secret = _literal(engine, password)
            statements += [
                f"CREATE USER IF NOT EXISTS {account} IDENTIFIED BY {secret}",
                f"ALTER USER {account} IDENTIFIED BY {secret}",
            ]
            statements += [f"GRANT SELECT ON `{database}`.`{view}` TO {account}" for view in views]
        return statements
    return [
        "DO $mailwarden$ BEGIN"
        f" IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_literal(engine, user)})"
        f" THEN CREATE ROLE {user} LOGIN; END IF; END $mailwarden$",
        f"ALTER ROLE {user} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
        f" PASSWORD {_literal(engine, password)}",
        f"GRANT CONNECT ON DATABASE {database} TO {user}",
        f"GRANT USAGE ON SCHEMA public TO {user}",
        f"GRANT SELECT ON {', '.join(views)} TO {user}",
    ]


def drop_role_statements(
    engine: str, *, user: str, client_hosts: tuple[str, ...] | list[str] = DEFAULT_CLIENT_HOSTS
) -> list[str]:
    """Statements removing the role again (used by the e2e tests' teardown)."""
    user = v.validate_identifier(user, field="user")
    if engine == "mysql":
        return [f"DROP USER IF EXISTS {account}" for account in _mysql_accounts(user, client_hosts)]
    return [f"DROP OWNED BY {user}", f"DROP ROLE IF EXISTS {user}"]


def as_script(statements: list[str]) -> str:
    return "".join(f"{statement};\n" for statement in statements)
