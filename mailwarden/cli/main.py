"""The ``mailwarden`` command: parses arguments, calls services, maps errors to exit codes.

Exit codes: 0 success; 1 a refused operation (one line on stderr); 2 bad usage.
Command groups live in sibling modules, each with ``register(subparsers)``; a handler has the
signature ``handler(args, out) -> int | None`` and only parses, calls services and prints.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from mailwarden.config import ConfigError


def build_parser() -> argparse.ArgumentParser:
    from mailwarden.cli import (
        admins,
        aliasdomains,
        aliases,
        audit,
        db,
        domains,
        mailboxes,
        mailstack,
        server,
        setup,
        tokens,
    )

    parser = argparse.ArgumentParser(
        prog="mailwarden",
        description="Manage the mail database that Postfix and Dovecot read.",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    groups = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (
        server,
        setup,
        admins,
        domains,
        mailboxes,
        aliases,
        aliasdomains,
        audit,
        mailstack,
        tokens,
        db,
    ):
        module.register(groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mailwarden.settings")
    try:
        import django

        # Settings are read here: a bad one stops the command with one line, before parsing.
        django.setup()
    except ConfigError as exc:
        print(f"mailwarden: configuration error: {exc}", file=sys.stderr)
        return 1
    from mailwarden.cli.output import Output
    from mailwarden.cli.server import ensure_initialised
    from mailwarden.core.errors import ServiceError

    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "needs_init", True):
            ensure_initialised()
        result = args.handler(args, Output(args.json))
    except ServiceError as exc:
        print(f"mailwarden: {exc.message}", file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"mailwarden: configuration error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("mailwarden: interrupted", file=sys.stderr)
        return 130
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
