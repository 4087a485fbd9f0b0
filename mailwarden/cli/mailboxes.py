"""``mailwarden mailbox add|list|show|edit|passwd|delete``."""

from __future__ import annotations

import argparse

from mailwarden import passwords
from mailwarden.cli.common import (
    action_parser,
    add_pagination,
    add_password_options,
    group_parser,
    read_password,
    size,
    yes_no,
)
from mailwarden.cli.output import Output
from mailwarden.core.actor import cli_actor
from mailwarden.core.errors import Invalid
from mailwarden.core.units import format_size
from mailwarden.mailboxes import selectors, services
from mailwarden.mailboxes.credentials import generate_password


def register(groups: argparse._SubParsersAction) -> None:
    actions = group_parser(groups, "mailbox", "manage mailboxes")

    add = action_parser(actions, "add", "create a mailbox", add_command)
    add.add_argument("address")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--quota", type=size, help="e.g. 2G; default: the domain's default quota")
    add.add_argument("--inactive", action="store_true")
    add.add_argument("--scheme", choices=passwords.SCHEMES_WRITTEN, help="password hash scheme")
    add_password_options(add)

    listing = action_parser(actions, "list", "list mailboxes", list_command)
    listing.add_argument("--domain")
    listing.add_argument("--search", help="substring of the address")
    listing.add_argument("--active", type=yes_no)
    listing.add_argument(
        "--sort", default="email", choices=("email", "-email", "created", "-created")
    )
    add_pagination(listing)

    show = action_parser(actions, "show", "show a mailbox", show_command)
    show.add_argument("address")

    edit = action_parser(actions, "edit", "change a mailbox", edit_command)
    edit.add_argument("address")
    edit.add_argument("--name")
    edit.add_argument("--quota", type=size)
    edit.add_argument("--active", type=yes_no)
    forward = edit.add_mutually_exclusive_group()
    forward.add_argument(
        "--forward-to", action="append", metavar="ADDRESS", help="forward mail (repeatable)"
    )
    forward.add_argument("--no-forward", action="store_true", help="stop forwarding")
    edit.add_argument(
        "--keep-copy", type=yes_no, default=False, help="with --forward-to: also deliver here"
    )

    passwd = action_parser(actions, "passwd", "set a mailbox's password", passwd_command)
    passwd.add_argument("address")
    passwd.add_argument("--scheme", choices=passwords.SCHEMES_WRITTEN)
    add_password_options(passwd)

    delete = action_parser(
        actions, "delete", "delete a mailbox (its maildir stays)", delete_command
    )
    delete.add_argument("address")


def _password(args: argparse.Namespace) -> tuple[str, bool]:
    if args.random_password:
        return generate_password(), True
    return read_password(args), False


def add_command(args: argparse.Namespace, out: Output) -> None:
    password, generated = _password(args)
    entry = services.mailbox_create(
        actor=cli_actor(),
        address=args.address,
        password=password,
        scheme=args.scheme,
        name=args.name,
        quota_bytes=args.quota,
        active=not args.inactive,
    )
    _report(out, f"created mailbox {entry.email}", entry, password if generated else None)


def _report(out: Output, message: str, entry, generated: str | None) -> None:
    if out.as_json:
        data = selectors.mailbox_to_dict(entry)
        if generated:
            data["generated_password"] = generated
        out.json(data)
        return
    out.line(message)
    if generated:
        out.line(f"password: {generated}")
        out.line("(shown once; it is stored only as a hash)")


def list_command(args: argparse.Namespace, out: Output) -> None:
    page = selectors.mailbox_list(
        actor=cli_actor(),
        domain=args.domain,
        search=args.search,
        active=args.active,
        order=args.sort,
        offset=args.offset,
        limit=args.limit,
    )
    rows = [selectors.mailbox_to_dict(a) for a in page.items]
    if not out.as_json:
        for row in rows:
            row["quota"] = format_size(row["quota_bytes"])
    out.table(rows, ["address", "name", "active", "quota", "forward_to"], total=page.total)


def show_command(args: argparse.Namespace, out: Output) -> None:
    data = selectors.mailbox_to_dict(selectors.mailbox_get(actor=cli_actor(), address=args.address))
    if not out.as_json:
        data["quota_bytes"] = format_size(data["quota_bytes"])
    out.record(data)


def edit_command(args: argparse.Namespace, out: Output) -> None:
    actor = cli_actor()
    if args.keep_copy and not args.forward_to:
        raise Invalid("--keep-copy goes with --forward-to")
    entry = services.mailbox_update(
        actor=actor,
        address=args.address,
        name=args.name,
        quota_bytes=args.quota,
        active=args.active,
        forward_to=[] if args.no_forward else args.forward_to,
        keep_copy=args.keep_copy,
    )
    _report(out, f"updated mailbox {entry.email}", entry, None)


def passwd_command(args: argparse.Namespace, out: Output) -> None:
    password, generated = _password(args)
    entry = services.mailbox_set_password(
        actor=cli_actor(), address=args.address, password=password, scheme=args.scheme
    )
    _report(out, f"password of {entry.email} changed", entry, password if generated else None)


def delete_command(args: argparse.Namespace, out: Output) -> None:
    entry = selectors.mailbox_get(actor=cli_actor(), address=args.address)
    email, maildir = entry.email, entry.mailbox.maildir
    services.mailbox_delete(actor=cli_actor(), address=email)
    if out.as_json:
        out.json({"deleted": email, "maildir": maildir})
    else:
        out.line(f"deleted mailbox {email}; its maildir {maildir} stays on disk")
