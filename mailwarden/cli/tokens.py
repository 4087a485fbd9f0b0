"""``mailwarden token add|list|revoke``: API tokens, shown once, stored hashed."""

from __future__ import annotations

import argparse

from mailwarden.admins.models import Admin
from mailwarden.cli.common import action_parser, add_pagination, group_parser
from mailwarden.cli.output import Output
from mailwarden.core.actor import cli_actor
from mailwarden.core.errors import Invalid
from mailwarden.tokens import selectors, services
from mailwarden.tokens.models import SCOPES


def register(groups: argparse._SubParsersAction) -> None:
    actions = group_parser(groups, "token", "manage API tokens (JSON-RPC, REST, MCP)")

    add = action_parser(actions, "add", "create a token and print it once", add_command)
    add.add_argument("name")
    add.add_argument("--owner", metavar="EMAIL", help="the admin it acts for")
    add.add_argument(
        "--scope",
        action="append",
        choices=SCOPES,
        required=True,
        help="read, write or delete (repeatable; delete is the destructive grant)",
    )
    add.add_argument("--domain", action="append", default=[], help="only this domain (repeatable)")
    add.add_argument(
        "--ip", action="append", default=[], metavar="CIDR", help="only from here (repeatable)"
    )
    add.add_argument("--expires-days", type=int, metavar="N", help="expire after N days")
    _json_option(add)

    listing = action_parser(
        actions, "list", "list tokens (never the tokens themselves)", list_command
    )
    listing.add_argument("--owner", metavar="EMAIL")
    listing.add_argument("--revoked", action="store_true", help="include revoked tokens")
    add_pagination(listing)
    _json_option(listing)

    revoke = action_parser(actions, "revoke", "revoke a token at once", revoke_command)
    revoke.add_argument("name")
    revoke.add_argument("--owner", metavar="EMAIL", help="whose token (default: the superadmin)")
    _json_option(revoke)


def _json_option(parser: argparse.ArgumentParser) -> None:
    """``--json`` after the action too; SUPPRESS keeps it from overriding one given before."""
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")


def default_owner(given: str | None) -> str:
    """The owner named, or the only superadmin; with several, the operator must choose."""
    if given:
        return given
    emails = list(
        Admin.objects.filter(is_superadmin=True, is_active=True).values_list("email", flat=True)[:2]
    )
    if len(emails) == 1:
        return emails[0]
    if not emails:
        raise Invalid("there is no superadmin to own the token; give --owner EMAIL")
    raise Invalid("there are several superadmins; say whose token it is with --owner EMAIL")


def add_command(args: argparse.Namespace, out: Output) -> None:
    created = services.token_create(
        actor=cli_actor(),
        name=args.name,
        owner_email=default_owner(args.owner),
        scopes=args.scope,
        domains=args.domain,
        networks=args.ip,
        expires_days=args.expires_days,
    )
    if out.as_json:
        out.json(created.token.to_dict() | {"token": created.secret})
        return
    token = created.token
    out.line(f"created token {token.name} of {token.owner.email} ({token.prefix})")
    out.line(f"token: {created.secret}")
    out.line("(shown once; it is stored only as a hash)")


def list_command(args: argparse.Namespace, out: Output) -> None:
    page = selectors.token_list(
        actor=cli_actor(),
        owner_email=args.owner,
        include_revoked=args.revoked,
        offset=args.offset,
        limit=args.limit,
    )
    rows = [t.to_dict() for t in page.items]
    columns = ["name", "owner", "prefix", "scopes", "domains", "expires", "last_used"]
    out.table(rows, columns + (["revoked"] if args.revoked else []), total=page.total)


def revoke_command(args: argparse.Namespace, out: Output) -> None:
    token = services.token_revoke(
        actor=cli_actor(), name=args.name, owner_email=default_owner(args.owner)
    )
    if out.as_json:
        out.json(token.to_dict())
    else:
        out.line(f"revoked token {token.name} of {token.owner.email} ({token.prefix})")
