"""``mailwarden setup-token``: print a fresh one-time token for the web panel's first run."""

from __future__ import annotations

import argparse

from mailwarden.admins.setup import setup_token_issue
from mailwarden.cli.output import Output
from mailwarden.core.errors import Conflict


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser(
        "setup-token",
        help="print a new one-time token for the web setup page (only while no admin exists)",
    )
    parser.set_defaults(handler=setup_token_command)


def setup_token_command(args: argparse.Namespace, out: Output) -> None:
    token = setup_token_issue()
    if token is None:
        raise Conflict("an admin already exists; the setup page is closed")
    if out.as_json:
        out.json({"setup_token": token, "url": "/setup/"})
        return
    _print_token(out, token)


def announce_setup_token(out: Output, base_url: str) -> None:
    """Called by ``serve`` before it starts: while no admin exists, print where and with what
    token the first superadmin is created (any earlier token stops working)."""
    token = setup_token_issue()
    if token is not None:
        _print_token(out, token, base_url=base_url)


def _print_token(out: Output, token: str, *, base_url: str = "") -> None:
    out.line("No admin exists yet. Create the first superadmin at")
    out.line(f"  {base_url}/setup/")
    out.line(f"with this one-time setup token: {token}")
    out.line("(`mailwarden setup-token` prints a new one; the old one then stops working)")
