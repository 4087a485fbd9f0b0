"""``mailwarden db``: database administration the operator runs by hand (roles, grants)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from mailwarden.cli.common import add_password_options, read_password
from mailwarden.cli.output import Output
from mailwarden.core.errors import Invalid
from mailwarden.mailstack import validation as v
from mailwarden.mailstack.grants import DEFAULT_CLIENT_HOSTS, DEFAULT_USERS, GRANT_ENGINES, ROLES

ROLE_HELP = (
    "mailstack: SELECT on the views Postfix and Dovecot read (the default); "
    "app: read and write mailwarden's rows, no schema changes; "
    "migrate: create and change the schema (run `mailwarden migrate` as it)"
)


def _argument(validate: Callable[..., str]) -> Callable[[str], str]:
    """An argparse type from a validator: a refused name is bad usage (exit 2), one line."""

    def parse(value: str) -> str:
        try:
            return validate(value, field="value")
        except Invalid as exc:
            raise argparse.ArgumentTypeError(exc.message.removeprefix("value: ")) from None

    return parse


def _client_host(value: str, *, field: str) -> str:
    return value if value == "%" else v.validate_host(value, field=field)


def _role_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", choices=GRANT_ENGINES, required=True, help="database engine")
    parser.add_argument("--role", choices=ROLES, default="mailstack", help=ROLE_HELP)
    parser.add_argument(
        "--user",
        type=_argument(v.validate_identifier),
        metavar="NAME",
        help="role name (default: " + ", ".join(DEFAULT_USERS.values()) + " by --role)",
    )
    parser.add_argument(
        "--from",
        dest="client_hosts",
        type=_argument(_client_host),
        action="append",
        metavar="HOST",
        help="MySQL: host the role connects from, repeatable "
        "(default: localhost and 127.0.0.1; '%%' for any)",
    )


def register(groups: argparse._SubParsersAction) -> None:
    """The commands only print SQL: they run before the first migration, which needs them."""
    group = groups.add_parser("db", help="database roles and grants")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    grants = actions.add_parser(
        "grants",
        help="print SQL creating a least-privilege role: mail stack, app or migrations",
    )
    _role_options(grants)
    grants.add_argument(
        "--database",
        type=_argument(v.validate_identifier),
        metavar="NAME",
        help="database name (default: the configured one)",
    )
    grants.add_argument(
        "--migrate-user",
        type=_argument(v.validate_identifier),
        metavar="NAME",
        default=DEFAULT_USERS["migrate"],
        help="PostgreSQL, --role app: the migration role, whose future tables the app may use "
        f"(default {DEFAULT_USERS['migrate']})",
    )
    add_password_options(grants, generate=False)
    grants.set_defaults(handler=grants_handler, needs_init=False)
    drop = actions.add_parser(
        "drop-role", help="print SQL removing a role made by `db grants` (tables and rows stay)"
    )
    _role_options(drop)
    drop.set_defaults(handler=drop_role_handler, needs_init=False)


def grants_handler(args: argparse.Namespace, out: Output) -> int:
    from django.db import connection

    from mailwarden.mailstack.grants import role_statements

    database = args.database or (
        connection.settings_dict.get("NAME") if connection.vendor == args.db else None
    )
    if not database:
        raise Invalid("database: the configured database is another engine; pass --database")
    statements = role_statements(
        args.db,
        args.role,
        user=args.user or DEFAULT_USERS[args.role],
        password=read_password(args),
        database=str(database),
        client_hosts=args.client_hosts or DEFAULT_CLIENT_HOSTS,
        migrate_user=args.migrate_user,
    )
    return _print(out, statements)


def drop_role_handler(args: argparse.Namespace, out: Output) -> int:
    from mailwarden.mailstack.grants import drop_role_statements

    statements = drop_role_statements(
        args.db,
        user=args.user or DEFAULT_USERS[args.role],
        client_hosts=args.client_hosts or DEFAULT_CLIENT_HOSTS,
        role=args.role,
    )
    return _print(out, statements)


def _print(out: Output, statements: list[str]) -> int:
    from mailwarden.mailstack.grants import as_script

    if out.as_json:
        out.json({"statements": statements})
    else:
        out.stream.write(as_script(statements))
    return 0
