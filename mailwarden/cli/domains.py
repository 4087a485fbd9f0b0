"""``mailwarden domain add|list|show|edit|delete``."""

from __future__ import annotations

import argparse

from mailwarden.cli.common import action_parser, add_pagination, group_parser, size, yes_no
from mailwarden.cli.output import Output
from mailwarden.core.actor import cli_actor
from mailwarden.core.units import format_size
from mailwarden.domains import selectors, services

LIMIT_OPTIONS = (
    ("--max-mailboxes", "max_mailboxes", int, "most mailboxes (0 = unlimited)"),
    ("--max-aliases", "max_aliases", int, "most aliases (0 = unlimited)"),
    ("--max-quota", "max_quota_bytes", size, "largest quota per mailbox, e.g. 2G (0 = unlimited)"),
    ("--total-quota", "total_quota_bytes", size, "sum of all mailbox quotas, e.g. 50G"),
    ("--default-quota", "default_quota_bytes", size, "quota of a new mailbox, e.g. 1G"),
)


def register(groups: argparse._SubParsersAction) -> None:
    actions = group_parser(groups, "domain", "manage hosted and relay domains")

    add = action_parser(actions, "add", "create a domain", add_command)
    add.add_argument("name")
    add.add_argument("--description", default="")
    add.add_argument("--inactive", action="store_true", help="create it disabled")
    add.add_argument("--relay", action="store_true", help="a backup-MX / relay domain")
    add.add_argument(
        "--transport", default="", help="relay next hop, e.g. smtp:[mx1.example.net]:25"
    )
    postmaster = add.add_mutually_exclusive_group()
    postmaster.add_argument("--postmaster-to", metavar="ADDRESS", help="where postmaster@ goes")
    postmaster.add_argument(
        "--no-postmaster", action="store_true", help="do not create postmaster@"
    )
    _limit_options(add)

    listing = action_parser(actions, "list", "list domains", list_command)
    listing.add_argument("--search", help="substring of the name")
    listing.add_argument("--active", type=yes_no, help="yes or no")
    listing.add_argument("--sort", default="name", choices=selectors.DOMAIN_ORDERINGS)
    add_pagination(listing)

    show = action_parser(actions, "show", "show a domain with its usage", show_command)
    show.add_argument("name")

    edit = action_parser(actions, "edit", "change a domain", edit_command)
    edit.add_argument("name")
    edit.add_argument("--description")
    edit.add_argument("--active", type=yes_no, help="yes or no")
    edit.add_argument("--transport", help="relay next hop")
    _limit_options(edit, default=None)

    delete = action_parser(actions, "delete", "delete a domain", delete_command)
    delete.add_argument("name")
    delete.add_argument(
        "--force", action="store_true", help="also delete its mailboxes, aliases and alias domains"
    )


def _limit_options(parser: argparse.ArgumentParser, default: int | None = 0) -> None:
    for flag, dest, kind, help_text in LIMIT_OPTIONS:
        parser.add_argument(flag, dest=dest, type=kind, default=default, help=help_text)


def _limits(args: argparse.Namespace) -> dict:
    return {dest: getattr(args, dest) for _, dest, _, _ in LIMIT_OPTIONS}


def add_command(args: argparse.Namespace, out: Output) -> None:
    domain = services.domain_create(
        actor=cli_actor(),
        name=args.name,
        description=args.description,
        active=not args.inactive,
        relay=args.relay,
        relay_transport=args.transport,
        create_postmaster=not args.no_postmaster,
        postmaster_to=args.postmaster_to,
        **_limits(args),
    )
    if out.as_json:
        out.json(domain.to_dict())
        return
    out.line(f"created domain {domain.name}")
    if domain.postmaster_pending:
        out.line(f"postmaster@{domain.name} will point at its first mailbox (see --postmaster-to)")


def list_command(args: argparse.Namespace, out: Output) -> None:
    page = selectors.domain_list(
        actor=cli_actor(),
        search=args.search,
        active=args.active,
        order=args.sort,
        offset=args.offset,
        limit=args.limit,
    )
    rows = [d.to_dict() for d in page.items]
    if not out.as_json:
        for row in rows:  # people read IDNs in Unicode; scripts get both forms
            row["name"] = row["display_name"]
    out.table(rows, ["name", "kind", "active", "description"], total=page.total)


def show_command(args: argparse.Namespace, out: Output) -> None:
    domain = selectors.domain_get(actor=cli_actor(), name=args.name, kinds=("virtual", "relay"))
    usage = selectors.domain_usage(domain)
    data = domain.to_dict() | {
        "mailboxes": usage.mailboxes,
        "aliases": usage.aliases,
        "alias_domains": usage.alias_domains,
        "quota_allocated_bytes": usage.quota_allocated_bytes,
    }
    if out.as_json:
        out.json(data)
        return
    for key in ("max_quota_bytes", "total_quota_bytes", "default_quota_bytes"):
        if key in data:
            data[key] = format_size(data[key])
    for key in ("max_mailboxes", "max_aliases"):
        if data.get(key) == 0:
            data[key] = "unlimited"
    data["quota_allocated_bytes"] = (
        format_size(usage.quota_allocated_bytes) if usage.quota_allocated_bytes else "0"
    )
    out.record(data)


def edit_command(args: argparse.Namespace, out: Output) -> None:
    domain = services.domain_update(
        actor=cli_actor(),
        name=args.name,
        description=args.description,
        active=args.active,
        relay_transport=args.transport,
        **_limits(args),
    )
    if out.as_json:
        out.json(domain.to_dict())
    else:
        out.line(f"updated domain {domain.name}")


def delete_command(args: argparse.Namespace, out: Output) -> None:
    domain = selectors.domain_get(actor=cli_actor(), name=args.name, kinds=("virtual", "relay"))
    services.domain_delete(actor=cli_actor(), name=domain.name, force=args.force)
    if out.as_json:
        out.json({"deleted": domain.name})
    else:
        out.line(f"deleted domain {domain.name}; maildirs on the mail host were not touched")
