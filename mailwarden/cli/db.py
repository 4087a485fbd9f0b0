"""``mailwarden db``: database administration the operator runs by hand (roles, grants)."""

from __future__ import annotations

import argparse

from mailwarden.cli.common import add_password_options, read_password
from mailwarden.cli.output import Output
from mailwarden.core.errors import Invalid
from mailwarden.mailstack.configs import DEFAULT_ROLE
from mailwarden.mailstack.grants import DEFAULT_CLIENT_HOSTS, GRANT_ENGINES


def register(groups: argparse._SubParsersAction) -> None:
    group = groups.add_parser("db", help="database roles and grants")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    grants = actions.add_parser(
        "grants", help="print SQL creating a read-only role for Postfix and Dovecot"
    )
    grants.add_argument("--db", choices=GRANT_ENGINES, required=True, help="database engine")
    grants.add_argument("--user", default=DEFAULT_ROLE, help=f"role name (default {DEFAULT_ROLE})")
    grants.add_argument("--database", help="database name (default: the configured one)")
    grants.add_argument(
        "--from",
        dest="client_hosts",
        action="append",
        metavar="HOST",
        help="MySQL: host the role connects from, repeatable "
        "(default: localhost and 127.0.0.1; '%%' for any)",
    )
    add_password_options(grants, generate=False)
    grants.set_defaults(handler=grants_handler)


def grants_handler(args: argparse.Namespace, out: Output) -> int:
    from django.db import connection

    from mailwarden.mailstack.grants import as_script, readonly_role_statements

    database = args.database or (
        connection.settings_dict.get("NAME") if connection.vendor == args.db else None
    )
    if not database:
        raise Invalid("database: the configured database is another engine; pass --database")
    statements = readonly_role_statements(
        args.db,
        user=args.user,
        password=read_password(args),
        database=str(database),
        client_hosts=args.client_hosts or DEFAULT_CLIENT_HOSTS,
    )
    if out.as_json:
        out.json({"statements": statements})
    else:
        out.stream.write(as_script(statements))
    return 0
