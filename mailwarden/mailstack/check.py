"""``mailwarden mailstack check``: do the live Postfix and Dovecot lookups reach our data?

Reads the configuration the way the daemons do (``postconf``, ``doveconf``), compares each
map with the query mailwarden generates, then follows the lookups end to end with a probe
mailbox made and deleted through the services: ``postmap -q`` must find it in each map and
``doveadm user`` / ``doveadm auth test`` must find and authenticate it. Each miswiring is one
``Problem`` with its fix. Subprocesses get argument lists, never a shell.
"""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from mailwarden.mailstack.queries import POSTFIX_TABLE_TYPE, PostfixMap, postfix_maps

# Maps followed with the probe mailbox (key -> expected answer) after the query check.
_PROBED = (
    "virtual-mailbox-domains",
    "virtual-mailbox-maps",
    "virtual-alias-maps",
    "sender-login-maps",
)
_SIZE = re.compile(r"^(\d+)\s*([BKMGT]?)")
_UNITS = {"": 1, "B": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
# Room an auth worker needs beside Argon2's memory (measured: 64 MiB hashes work under the
# default 256 M limit, 256 MiB ones fail).
_AUTH_WORKER_OVERHEAD = 192 * 2**20


@dataclass(frozen=True)
class Problem:
    """One miswiring: what is wrong, and what to do about it."""

    what: str
    fix: str

    def line(self) -> str:
        return f"PROBLEM: {self.what}. Fix: {self.fix}"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)


def _engine() -> str:
    from django.db import connection

    return connection.vendor


def run_checks(
    *, postfix_dir: str | None, dovecot_conf: str | None, probe_domain: str | None
) -> list[Problem]:
    problems: list[Problem] = []
    tables = _check_postfix_maps(postfix_dir, problems)
    dovecot_ok = _check_dovecot_settings(dovecot_conf, problems)
    _check_sqlite_journal(problems)
    with _Probe(probe_domain) as probe:
        _probe_postfix(tables, probe, problems)
        if dovecot_ok:
            _probe_dovecot(dovecot_conf, probe, problems)
    return problems


def _postconf(postfix_dir: str | None, parameter: str) -> str | None:
    argv = ["postconf"] + (["-c", postfix_dir] if postfix_dir else []) + ["-h", parameter]
    done = _run(argv)
    return done.stdout.strip() if done.returncode == 0 else None


def _query_of(path: str) -> str | None:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.findall(r"^\s*query\s*=\s*(.*?)\s*$", text, flags=re.M)
    return found[-1] if found else None


def _check_postfix_maps(postfix_dir: str | None, problems: list[Problem]) -> dict[str, str]:
    """Check each parameter lists mailwarden's table; return {map name: table} found."""
    if shutil.which("postconf") is None:
        problems.append(
            Problem("postconf is not installed", "install postfix, or run on the mail host")
        )
        return {}
    kind = POSTFIX_TABLE_TYPE[_engine()]
    found: dict[str, str] = {}
    for pmap in postfix_maps():
        value = _postconf(postfix_dir, pmap.parameter)
        if value is None:
            problems.append(
                Problem(
                    f"postconf cannot read {pmap.parameter}",
                    "check the Postfix configuration directory (--postfix-dir)",
                )
            )
            continue
        table = _matching_table(value, pmap)
        if table is None:
            problems.append(_missing_map(pmap, kind, value))
            continue
        if table.split(":", 1)[0] != kind:
            problems.append(
                Problem(
                    f"{pmap.parameter} uses a {table.split(':', 1)[0]} table but mailwarden's "
                    f"database is {_engine()}",
                    f"regenerate with `mailwarden mailstack config --db {_engine()}`",
                )
            )
        found[pmap.name] = table
    return found


def _matching_table(value: str, pmap: PostfixMap) -> str | None:
    for item in re.split(r"[\s,]+", value):
        table = item.removeprefix("proxy:")
        kind, _, path = table.partition(":")
        if kind in ("sqlite", "mysql", "pgsql") and _query_of(path) == pmap.query:
            return table
    return None


def _missing_map(pmap: PostfixMap, kind: str, value: str) -> Problem:
    wanted = f"{kind}:DIR/{kind}-{pmap.name}.cf"
    what = f"{pmap.parameter} has no mailwarden map for {pmap.purpose}" + (
        f" (it is {value!r})" if value else " (it is empty)"
    )
    return Problem(what, f"add {wanted} from `mailwarden mailstack config` to {pmap.parameter}")


def _size(text: str) -> int | None:
    match = _SIZE.match(text.strip())
    return int(match.group(1)) * _UNITS[match.group(2)] if match else None


def _doveconf(dovecot_conf: str | None, name: str) -> str | None:
    argv = ["doveconf"] + (["-c", dovecot_conf] if dovecot_conf else []) + ["-h", name]
    done = _run(argv)
    return done.stdout.strip() if done.returncode == 0 else None


def _check_dovecot_settings(dovecot_conf: str | None, problems: list[Problem]) -> bool:
    if shutil.which("doveconf") is None:
        problems.append(Problem("doveconf is not installed", "install dovecot-core"))
        return False
    cache = _doveconf(dovecot_conf, "auth_cache_size")
    if cache is None:
        problems.append(
            Problem(
                "doveconf cannot read the Dovecot configuration",
                "check the path given with --dovecot-conf",
            )
        )
        return False
    if _size(cache):
        problems.append(
            Problem(
                f"Dovecot's auth cache is on (auth_cache_size = {cache}): changed passwords and "
                "deactivated mailboxes keep working until entries expire, reactivated ones stay "
                "refused",
                "set auth_cache_size = 0 (mailwarden does not flush Dovecot's cache)",
            )
        )
    _check_vsz_limit(dovecot_conf, problems)
    return True


def _check_vsz_limit(dovecot_conf: str | None, problems: list[Problem]) -> None:
    from mailwarden.passwords import DEFAULT_POLICY

    worker = _size(_doveconf(dovecot_conf, "service/auth-worker/vsz_limit") or "")
    if worker is None or worker >= 2**63:  # unset: the default limit applies
        worker = _size(_doveconf(dovecot_conf, "default_vsz_limit") or "")
    memory = DEFAULT_POLICY.argon2_memory_kib * 1024
    if worker and worker < memory + _AUTH_WORKER_OVERHEAD:
        problems.append(
            Problem(
                f"Dovecot's auth-worker vsz_limit ({worker // 2**20} MiB) leaves too little room "
                f"for ARGON2ID hashes of {memory // 2**20} MiB: logins fail as 'Password mismatch'",
                "set service auth-worker { vsz_limit = 1G } (included by dovecot-mailwarden.conf)",
            )
        )


def _check_sqlite_journal(problems: list[Problem]) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = str(cursor.fetchone()[0]).lower()
    if mode == "wal":
        problems.append(
            Problem(
                "the SQLite database is in WAL mode: Postfix's read-only lookups fail with "
                "'attempt to write a readonly database' whenever no writer has it open",
                f"switch back: sqlite3 {connection.settings_dict['NAME']} "
                "'PRAGMA journal_mode=DELETE'",
            )
        )


class _Probe:
    """A throwaway mailbox made and removed through the services, to follow lookups with."""

    def __init__(self, domain: str | None) -> None:
        self.domain_name = domain
        self.created_domain = False
        self.email = ""
        self.maildir = ""
        self.password = secrets.token_urlsafe(18)

    def __enter__(self) -> _Probe:
        from mailwarden.core.actor import cli_actor
        from mailwarden.domains.models import Domain
        from mailwarden.domains.services import domain_create
        from mailwarden.mailboxes.services import mailbox_create

        actor = cli_actor()
        if not self.domain_name:
            hosted = Domain.objects.filter(kind=Domain.Kind.VIRTUAL, active=True).first()
            if hosted is None:
                domain_create(actor=actor, name="mailwarden-probe.invalid", create_postmaster=False)
                self.created_domain = True
                self.domain_name = "mailwarden-probe.invalid"
            else:
                self.domain_name = hosted.name
        local = f"mailwarden-probe-{secrets.token_hex(4)}"
        entry = mailbox_create(
            actor=actor, address=f"{local}@{self.domain_name}", password=self.password
        )
        self.email = entry.email
        self.maildir = entry.mailbox.maildir
        return self

    def __exit__(self, *exc: object) -> None:
        from mailwarden.core.actor import cli_actor
        from mailwarden.domains.services import domain_delete
        from mailwarden.mailboxes.services import mailbox_delete

        if self.email:
            mailbox_delete(actor=cli_actor(), address=self.email)
        if self.created_domain and self.domain_name:
            domain_delete(actor=cli_actor(), name=self.domain_name, force=True)


def _probe_postfix(tables: dict[str, str], probe: _Probe, problems: list[Problem]) -> None:
    expected = {
        "virtual-mailbox-domains": (probe.domain_name or "", probe.domain_name or ""),
        "virtual-mailbox-maps": (probe.email, probe.maildir),
        "virtual-alias-maps": (probe.email, probe.email),
        "sender-login-maps": (probe.email, probe.email),
    }
    by_name = {pmap.name: pmap for pmap in postfix_maps()}
    for name in _PROBED:
        table = tables.get(name)
        if table is None:
            continue
        key, answer = expected[name]
        done = _run(["postmap", "-q", key, table])
        if done.returncode == 0 and done.stdout.strip() == answer:
            continue
        reason = (
            done.stderr.strip().splitlines()[-1]
            if done.stderr.strip()
            else (f"answered {done.stdout.strip()!r}" if done.stdout.strip() else "found nothing")
        )
        problems.append(
            Problem(
                f"{by_name[name].parameter}: postmap -q {key} {table} {reason}: the map does not "
                "reach mailwarden's database",
                "regenerate it with `mailwarden mailstack config` (database, user, password)",
            )
        )


def _probe_dovecot(dovecot_conf: str | None, probe: _Probe, problems: list[Problem]) -> None:
    conf = ["-c", dovecot_conf] if dovecot_conf else []
    user = _run(["doveadm", *conf, "user", probe.email])
    if user.returncode != 0 or probe.maildir.rstrip("/") not in user.stdout:
        detail = (user.stderr or user.stdout).strip().splitlines()
        problems.append(
            Problem(
                f"doveadm user {probe.email} does not find mailwarden's mailbox"
                + (f" ({detail[-1]})" if detail else ""),
                "include dovecot-mailwarden.conf from `mailwarden mailstack config` "
                "in dovecot.conf",
            )
        )
        return
    # A one-time random password of a mailbox deleted right after this check. "--" ends
    # doveadm's options: a password starting with "-" (one in 64 of them) is not an option.
    auth = _run(["doveadm", *conf, "auth", "test", "--", probe.email, probe.password])
    if auth.returncode != 0:
        problems.append(
            Problem(
                f"doveadm auth test {probe.email} fails with the probe's password",
                "check passdb uses password_query from `mailwarden mailstack config`",
            )
        )
