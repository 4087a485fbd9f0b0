"""``mailwarden alias add|list|show|edit|delete`` (``@domain`` is a catch-all)."""

from __future__ import annotations

import argparse

from mailwarden.addresses import selectors, services
from mailwarden.cli.common import action_parser, add_pagination, group_parser, yes_no
from mailwarden.cli.output import Output
from mailwarden.core.actor import cli_actor


def register(groups: argparse._SubParsersAction) -> None:
    actions = group_parser(groups, "alias", "manage aliases and catch-alls (@domain)")

    add = action_parser(actions, "add", "create an alias", add_command)
    add.add_argument("address", help="name@domain, or @domain for a catch-all")
    add.add_argument(
        "--to", action="append", required=True, metavar="ADDRESS", help="destination (repeatable)"
    )
    add.add_argument("--inactive", action="store_true")

    listing = action_parser(actions, "list", "list aliases", list_command)
    listing.add_argument("--domain")
    listing.add_argument("--search", help="substring of the address")
    listing.add_argument("--active", type=yes_no)
    add_pagination(listing)

    show = action_parser(actions, "show", "show an alias", show_command)
    show.add_argument("address")

    edit = action_parser(actions, "edit", "change an alias", edit_command)
    edit.add_argument("address")
    edit.add_argument(
        "--to", action="append", metavar="ADDRESS", help="replace the destinations (repeatable)"
    )
    edit.add_argument("--active", type=yes_no)

    delete = action_parser(actions, "delete", "delete an alias", delete_command)
    delete.add_argument("address")


def add_command(args: argparse.Namespace, out: Output) -> None:
    alias = services.alias_create(
        actor=cli_actor(), address=args.address, targets=args.to, active=not args.inactive
    )
    _report(out, f"created alias {alias.email}", alias)


def _report(out: Output, message: str, alias) -> None:
    if out.as_json:
        out.json(selectors.alias_to_dict(alias))
    else:
        out.line(message)


def list_command(args: argparse.Namespace, out: Output) -> None:
    page = selectors.alias_list(
        actor=cli_actor(),
        domain=args.domain,
        search=args.search,
        active=args.active,
        offset=args.offset,
        limit=args.limit,
    )
    rows = [selectors.alias_to_dict(a) for a in page.items]
    out.table(rows, ["address", "active", "targets"], total=page.total)


def show_command(args: argparse.Namespace, out: Output) -> None:
    out.record(
        selectors.alias_to_dict(selectors.alias_get(actor=cli_actor(), address=args.address))
    )


def edit_command(args: argparse.Namespace, out: Output) -> None:
    alias = services.alias_update(
        actor=cli_actor(), address=args.address, targets=args.to, active=args.active
    )
    _report(out, f"updated alias {alias.email}", alias)


def delete_command(args: argparse.Namespace, out: Output) -> None:
    alias = selectors.alias_get(actor=cli_actor(), address=args.address)
    services.alias_delete(actor=cli_actor(), address=alias.email)
    if out.as_json:
        out.json({"deleted": alias.email})
    else:
        out.line(f"deleted alias {alias.email}")
