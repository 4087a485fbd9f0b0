"""``init``, ``migrate`` and ``serve``: the data directory, the schema, the web server."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from mailwarden import config
from mailwarden.cli.output import Output
from mailwarden.core.errors import Invalid
from mailwarden.security.secretbox import new_key


def register(groups: argparse._SubParsersAction) -> None:
    init = groups.add_parser(
        "init", help="create the data directory and secrets, and migrate the database"
    )
    init.set_defaults(handler=init_command, needs_init=False)
    migrate = groups.add_parser("migrate", help="apply database migrations")
    migrate.set_defaults(handler=migrate_command, needs_init=False)
    serve = groups.add_parser("serve", help="serve mailwarden over HTTP with gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(handler=serve_command)


def _write_secret(path: Path, value: str) -> None:
    """Create a 0600 secret file; O_EXCL so an existing one is never overwritten."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")


def init_command(args: argparse.Namespace, out: Output) -> None:
    data = config.data_dir()
    data.mkdir(mode=0o755, parents=True, exist_ok=True)
    key = config.secret_key_path()
    if config.env_value("MAILWARDEN_SECRET_KEY") is None and not key.exists():
        _write_secret(key, secrets.token_urlsafe(50))
        out.line(f"generated {key} (mode 0600)")
    totp_key = config.totp_key_path()
    if config.env_value("MAILWARDEN_TOTP_KEY") is None and not totp_key.exists():
        _write_secret(totp_key, new_key())
        out.line(f"generated {totp_key} (mode 0600; keep it out of database backups)")
    _reload_secret()
    _migrate()
    out.line(f"mailwarden is ready: data in {data}")


def _reload_secret() -> None:
    """Settings were read before init wrote the key; give Django the real one now."""
    from django.conf import settings

    settings.SECRET_KEY = config.secret_key() or settings.SECRET_KEY
    settings.SECRET_KEY_CONFIGURED = True


def migrate_command(args: argparse.Namespace, out: Output) -> None:
    _migrate()
    out.line("database is up to date")


def _migrate() -> None:
    from django.conf import settings
    from django.core.management import call_command

    alias = config.MIGRATE_DATABASE_ALIAS
    database = alias if alias in settings.DATABASES else "default"
    call_command("migrate", interactive=False, verbosity=0, database=database)


def serve_command(args: argparse.Namespace, out: Output) -> None:
    """Replace this process with gunicorn (argument list, no shell)."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        # gunicorn 27 opens a control socket in ~/.gunicorn by default: a way in that
        # mailwarden never uses, outside its data directory, shared by every instance.
        "--no-control-socket",
        "mailwarden.wsgi:application",
    ]
    from mailwarden.cli.setup import announce_setup_token

    announce_setup_token(out, f"http://{args.host}:{args.port}")
    out.line(f"serving mailwarden on http://{args.host}:{args.port}/")
    sys.stdout.flush()
    os.execv(sys.executable, argv)  # noqa: S606 - an argument list, no shell


def ensure_initialised() -> None:
    """Refuse to run against a data directory or database that ``init`` has not prepared."""
    from django.conf import settings
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if not settings.SECRET_KEY_CONFIGURED:
        raise Invalid(f"no secret key in {config.secret_key_path()}; run `mailwarden init` first")
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # any driver error: unreachable server, unreadable file
        raise Invalid(f"cannot open the database: {exc}") from None
    if pending:
        raise Invalid("the database schema is not up to date; run `mailwarden migrate`")
