"""``mailwarden mailstack``: the files that wire Postfix and Dovecot to mailwarden's views."""

from __future__ import annotations

import argparse
from pathlib import Path

from mailwarden.cli.output import Output
from mailwarden.core.errors import Invalid
from mailwarden.mailstack.configs import DEFAULT_MAIL_ROOT, DEFAULT_ROLE
from mailwarden.mailstack.queries import DOVECOT_VERSIONS, ENGINES


def register(groups: argparse._SubParsersAction) -> None:
    group = groups.add_parser("mailstack", help="generate and check the Postfix/Dovecot wiring")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    config = actions.add_parser(
        "config", help="write Postfix map files and Dovecot SQL config for an engine"
    )
    config.add_argument("--db", choices=ENGINES, required=True, help="database engine")
    config.add_argument("--dovecot", choices=DOVECOT_VERSIONS, default="2.3")
    config.add_argument("--out", required=True, metavar="DIR", help="directory to write into")
    config.add_argument("--mail-root", default=DEFAULT_MAIL_ROOT, help="where maildirs live")
    ids = config.add_mutually_exclusive_group()
    ids.add_argument("--vmail-user", help="system user owning the maildirs (default vmail)")
    ids.add_argument("--uid", type=int, help="numeric uid (with --gid) instead of --vmail-user")
    config.add_argument("--gid", type=int, help="numeric gid (with --uid)")
    config.add_argument("--db-path", help="SQLite file (default: the configured database)")
    config.add_argument("--db-host", help="server host or socket path (default: configured)")
    config.add_argument("--db-port", type=int, help="server port (default: configured)")
    config.add_argument("--db-name", help="database name (default: configured)")
    config.add_argument("--db-user", help=f"read-only role (default {DEFAULT_ROLE})")
    config.add_argument("--db-password-file", metavar="FILE", help="file holding its password")
    config.add_argument(
        "--use-app-credentials",
        action="store_true",
        help="connect as mailwarden's own database user (writes its password into the files)",
    )
    # Writes files from settings alone, so it works before `mailwarden init` on a new mail host.
    config.set_defaults(handler=config_handler, needs_init=False)

    check = actions.add_parser(
        "check", help="check that the live Postfix and Dovecot lookups reach mailwarden's data"
    )
    check.add_argument("--postfix-dir", metavar="DIR", help="Postfix config dir (postconf -c)")
    check.add_argument("--dovecot-conf", metavar="FILE", help="dovecot.conf (doveconf -c)")
    check.add_argument("--probe-domain", help="hosted domain for the probe mailbox")
    check.set_defaults(handler=check_handler)


def _read_password_file(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return Path(name).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise Invalid(f"db-password-file: cannot read {name}: {exc.strerror}") from None


def config_handler(args: argparse.Namespace, out: Output) -> int:
    from django.db import connection

    from mailwarden.mailstack import configs

    if args.uid is None and args.gid is not None:
        raise Invalid("--gid needs --uid", fields={"gid": "invalid"})
    uid, gid = configs.resolve_ids(args.vmail_user, args.uid, args.gid)
    conn = configs.build_connection(
        args.db,
        connection.settings_dict,
        dbpath=args.db_path,
        host=args.db_host,
        port=args.db_port,
        name=args.db_name,
        user=args.db_user,
        password=_read_password_file(args.db_password_file),
        use_app_credentials=args.use_app_credentials,
    )
    options = configs.build_options(
        conn, dovecot=args.dovecot, out_dir=args.out, mail_root=args.mail_root, uid=uid, gid=gid
    )
    written = configs.write(options, configs.render(options))
    if out.as_json:
        out.json({"files": [str(p) for p in written], "password_written": bool(conn.password)})
        return 0
    for path in written:
        out.line(str(path))
    if conn.engine != "sqlite" and not conn.password:
        out.line(
            "note: no password written; add the read-only role's password to the files "
            "marked 'password' or rerun with --db-password-file"
        )
    return 0


def check_handler(args: argparse.Namespace, out: Output) -> int:
    from mailwarden.mailstack.check import run_checks

    problems = run_checks(
        postfix_dir=args.postfix_dir,
        dovecot_conf=args.dovecot_conf,
        probe_domain=args.probe_domain,
    )
    if out.as_json:
        out.json({"ok": not problems, "problems": [p.as_dict() for p in problems]})
    elif not problems:
        out.line("OK: Postfix and Dovecot lookups reach mailwarden's data")
    for problem in problems if not out.as_json else []:
        out.line(problem.line())
    return 1 if problems else 0
