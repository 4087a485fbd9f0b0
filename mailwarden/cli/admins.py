"""``mailwarden admin add|list|edit|passwd|delete``."""

from __future__ import annotations

import argparse

from mailwarden.admins import selectors, services
from mailwarden.cli.common import (
    action_parser,
    add_pagination,
    add_password_options,
    group_parser,
    read_password,
    yes_no,
)
from mailwarden.cli.output import Output
from mailwarden.core.actor import cli_actor
from mailwarden.mailboxes.credentials import generate_password
from mailwarden.security.totp import totp_reset


def register(groups: argparse._SubParsersAction) -> None:
    actions = group_parser(groups, "admin", "manage admin accounts")

    add = action_parser(actions, "add", "create an admin", add_command)
    add.add_argument("email")
    add.add_argument("--superadmin", action="store_true")
    add.add_argument(
        "--domain", action="append", default=[], help="a domain it manages (repeatable)"
    )
    add_password_options(add)

    listing = action_parser(actions, "list", "list admins", list_command)
    add_pagination(listing)

    edit = action_parser(actions, "edit", "change an admin", edit_command)
    edit.add_argument("email")
    edit.add_argument("--superadmin", type=yes_no)
    edit.add_argument("--active", type=yes_no)
    edit.add_argument("--domain", action="append", help="replace its domains (repeatable)")

    passwd = action_parser(actions, "passwd", "set an admin's password", passwd_command)
    passwd.add_argument("email")
    add_password_options(passwd)

    delete = action_parser(actions, "delete", "delete an admin", delete_command)
    delete.add_argument("email")

    reset = action_parser(
        actions, "reset-2fa", "remove the second factor of an admin (or --all)", reset_2fa_command
    )
    target = reset.add_mutually_exclusive_group(required=True)
    target.add_argument("email", nargs="?")
    target.add_argument("--all", action="store_true", help="of every admin")


def _password(args: argparse.Namespace) -> tuple[str, bool]:
    if args.random_password:
        return generate_password(), True
    return read_password(args), False


def _report(out: Output, message: str, admin, generated: str | None) -> None:
    if out.as_json:
        data = admin.to_dict()
        if generated:
            data["generated_password"] = generated
        out.json(data)
        return
    out.line(message)
    if generated:
        out.line(f"password: {generated}")
        out.line("(shown once; it is stored only as a hash)")


def add_command(args: argparse.Namespace, out: Output) -> None:
    password, generated = _password(args)
    admin = services.admin_create(
        actor=cli_actor(),
        email=args.email,
        password=password,
        is_superadmin=args.superadmin,
        domains=args.domain,
    )
    note = " (protected first superadmin)" if admin.is_protected else ""
    _report(out, f"created admin {admin.email}{note}", admin, password if generated else None)


def list_command(args: argparse.Namespace, out: Output) -> None:
    page = selectors.admin_list(actor=cli_actor(), offset=args.offset, limit=args.limit)
    rows = [a.to_dict() for a in page.items]
    out.table(rows, ["email", "superadmin", "active", "protected", "domains"], total=page.total)


def edit_command(args: argparse.Namespace, out: Output) -> None:
    admin = services.admin_update(
        actor=cli_actor(),
        email=args.email,
        is_superadmin=args.superadmin,
        active=args.active,
        domains=args.domain,
    )
    _report(out, f"updated admin {admin.email}", admin, None)


def passwd_command(args: argparse.Namespace, out: Output) -> None:
    password, generated = _password(args)
    admin = services.admin_set_password(actor=cli_actor(), email=args.email, password=password)
    _report(out, f"password of admin {admin.email} changed", admin, password if generated else None)


def delete_command(args: argparse.Namespace, out: Output) -> None:
    admin = selectors.admin_get(actor=cli_actor(), email=args.email)
    services.admin_delete(actor=cli_actor(), email=admin.email)
    if out.as_json:
        out.json({"deleted": admin.email})
    else:
        out.line(f"deleted admin {admin.email}")


def reset_2fa_command(args: argparse.Namespace, out: Output) -> None:
    reset = totp_reset(actor=cli_actor(), email=None if args.all else args.email)
    if out.as_json:
        out.json({"reset": reset})
    elif reset:
        out.line("two-factor login reset for: " + ", ".join(reset))
    else:
        out.line("nobody had two-factor login on")
