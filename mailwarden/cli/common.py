"""Argument helpers shared by command groups: passwords, sizes, yes/no, pagination."""

from __future__ import annotations

import argparse
import getpass
import sys

from mailwarden.core.errors import Invalid
from mailwarden.core.units import parse_size


def add_password_options(parser: argparse.ArgumentParser, *, generate: bool = True) -> None:
    """Passwords come from a prompt or stdin, never argv (it is visible in ps and shell history)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin",
    )
    if generate:
        group.add_argument(
            "--random-password", action="store_true", help="generate a password and print it once"
        )


def read_password(args: argparse.Namespace) -> str:
    try:
        return _read_password(args)
    except UnicodeDecodeError:
        raise Invalid(
            "password: the input is not UTF-8 text", fields={"password": "invalid"}
        ) from None


def _read_password(args: argparse.Namespace) -> str:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if password.endswith("\r"):
            password = password[:-1]
        if not password:
            raise Invalid("password: nothing was read from stdin", fields={"password": "required"})
        return password
    if not sys.stdin.isatty():
        raise Invalid("no terminal to prompt for a password; use --password-stdin")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise Invalid("the two passwords differ", fields={"password": "mismatch"})
    return first


def size(value: str) -> int:
    """argparse type for ``500M``-style sizes; a bad one is a usage error (exit 2)."""
    try:
        return parse_size(value)
    except Invalid as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def yes_no(value: str) -> bool:
    lowered = value.lower()
    if lowered in ("yes", "true", "on", "1"):
        return True
    if lowered in ("no", "false", "off", "0"):
        return False
    raise argparse.ArgumentTypeError(f"expected yes or no, got {value!r}")


def add_pagination(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, default=50, help="rows per page (default 50)")
    parser.add_argument("--offset", type=int, default=0, help="rows to skip")


def action_parser(
    group: argparse._SubParsersAction, name: str, help_text: str, handler
) -> argparse.ArgumentParser:
    parser = group.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    return parser


def group_parser(groups: argparse._SubParsersAction, name: str, help_text: str):
    parser = groups.add_parser(name, help=help_text, description=help_text)
    return parser.add_subparsers(dest="action", metavar="ACTION", required=True)
