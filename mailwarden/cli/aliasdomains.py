"""``mailwarden aliasdomain add|list|delete``."""

from __future__ import annotations

import argparse

from mailwarden.cli.common import action_parser, add_pagination, group_parser
from mailwarden.cli.output import Output
from mailwarden.core.actor import cli_actor
from mailwarden.domains import selectors, services


def register(groups: argparse._SubParsersAction) -> None:
    actions = group_parser(groups, "aliasdomain", "manage alias domains")

    add = action_parser(actions, "add", "make every address of --to valid at NAME too", add_command)
    add.add_argument("name")
    add.add_argument("--to", required=True, metavar="DOMAIN", help="the hosted target domain")

    listing = action_parser(actions, "list", "list alias domains", list_command)
    listing.add_argument("--to", dest="target", metavar="DOMAIN", help="only those of this domain")
    add_pagination(listing)

    delete = action_parser(actions, "delete", "delete an alias domain", delete_command)
    delete.add_argument("name")


def add_command(args: argparse.Namespace, out: Output) -> None:
    domain = services.aliasdomain_create(actor=cli_actor(), name=args.name, target=args.to)
    if out.as_json:
        out.json(domain.to_dict())
    else:
        out.line(f"created alias domain {domain.name} -> {domain.alias_target}")


def list_command(args: argparse.Namespace, out: Output) -> None:
    page = selectors.aliasdomain_list(
        actor=cli_actor(), target=args.target, offset=args.offset, limit=args.limit
    )
    rows = [d.to_dict() for d in page.items]
    out.table(rows, ["name", "alias_target", "active"], total=page.total)


def delete_command(args: argparse.Namespace, out: Output) -> None:
    domain = selectors.aliasdomain_get(actor=cli_actor(), name=args.name)
    services.aliasdomain_delete(actor=cli_actor(), name=domain.name)
    if out.as_json:
        out.json({"deleted": domain.name})
    else:
        out.line(f"deleted alias domain {domain.name}")
