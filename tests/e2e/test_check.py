"""``mailstack check`` passes on the e2e stack as wired, and names each fault when miswired."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from mailwarden.cli.main import main
from mailwarden.mailstack.check import run_checks
from tests.e2e import harness

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check(stack, *, postfix_dir: Path | None = None, dovecot_conf: Path | None = None):
    problems = run_checks(
        postfix_dir=str(postfix_dir or stack.postfix_dir),
        dovecot_conf=str(dovecot_conf or stack.dovecot_conf),
        probe_domain=None,
    )
    return "\n".join(p.line() for p in problems)


def postfix_copy(stack, tmp_path: Path, edit) -> Path:
    """A copy of the Postfix config dir with main.cf changed by ``edit``."""
    copy = tmp_path / "pf"
    shutil.copytree(stack.postfix_dir, copy, ignore=shutil.ignore_patterns("maillog", "stderr"))
    main_cf = copy / "main.cf"
    main_cf.write_text(edit(main_cf.read_text()))
    harness.backdate(copy)
    return copy


def dovecot_copy(stack, tmp_path: Path, extra: str) -> Path:
    conf = tmp_path / "dovecot.conf"
    conf.write_text(stack.dovecot_conf.read_text() + extra)
    return conf


def test_it_reports_ok_on_the_stack_as_wired(stack, world, capsys):
    from mailwarden.addresses.models import Address

    code = main(
        [
            "mailstack",
            "check",
            "--postfix-dir",
            str(stack.postfix_dir),
            "--dovecot-conf",
            str(stack.dovecot_conf),
        ]
    )
    out = capsys.readouterr().out
    assert (code, out) == (0, "OK: Postfix and Dovecot lookups reach mailwarden's data\n")
    assert not Address.objects.filter(email__startswith="mailwarden-probe-").exists()


def test_a_probe_password_that_starts_with_a_dash_still_logs_in(stack, world, monkeypatch):
    """Regression: doveadm read such a password as an option, so one check in 64 failed."""
    import mailwarden.mailstack.check as check_module

    draw = check_module.secrets.token_urlsafe
    monkeypatch.setattr(check_module.secrets, "token_urlsafe", lambda n: "-" + draw(n))
    assert check(stack) == ""


def test_it_names_a_missing_map(stack, world, tmp_path, capsys):
    pf = postfix_copy(
        stack,
        tmp_path,
        lambda t: re.sub(r"(?m)^smtpd_sender_login_maps = .*$", "smtpd_sender_login_maps =", t),
    )
    code = main(
        ["mailstack", "check", "--postfix-dir", str(pf), "--dovecot-conf", str(stack.dovecot_conf)]
    )
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert len(lines) == 1
    assert "smtpd_sender_login_maps has no mailwarden map" in lines[0]
    assert "Fix: add" in lines[0]


def test_it_names_a_map_reading_the_wrong_table(stack, world, tmp_path):
    kind = harness.postfix_kind(stack)
    wrong = tmp_path / "wrong-table.cf"
    original = stack.maps / f"{kind}-virtual-mailbox-maps.cf"
    wrong.write_text(
        original.read_text().replace("FROM mailstack_mailboxes", "FROM mailstack_users")
    )
    harness.backdate(tmp_path)
    pf = postfix_copy(stack, tmp_path, lambda t: t.replace(str(original), str(wrong)))
    assert "virtual_mailbox_maps has no mailwarden map" in check(stack, postfix_dir=pf)


def test_it_names_a_map_reading_another_database(stack, world, tmp_path):
    kind = harness.postfix_kind(stack)
    original = stack.maps / f"{kind}-virtual-alias-maps.cf"
    other = tmp_path / "other.sqlite3"
    other.write_bytes(b"")
    other.chmod(0o644)
    tmp_path.chmod(0o755)
    text = original.read_text()
    text = re.sub(r"(?m)^dbpath = .*$", f"dbpath = {other}", text)
    text = re.sub(r"(?m)^dbname = .*$", "dbname = mailwarden_nowhere", text)
    wrong = tmp_path / "wrong-db.cf"
    wrong.write_text(text)
    shutil.copymode(original, wrong)
    shutil.chown(wrong, "root", "postfix")
    harness.backdate(tmp_path)
    pf = postfix_copy(stack, tmp_path, lambda t: t.replace(str(original), str(wrong)))
    report = check(stack, postfix_dir=pf)
    assert "virtual_alias_maps: postmap -q mailwarden-probe-" in report
    assert "does not reach mailwarden's database" in report


def test_it_names_an_auth_cache(stack, world, tmp_path):
    conf = dovecot_copy(stack, tmp_path, "auth_cache_size = 1M\n")
    assert "Dovecot's auth cache is on" in check(stack, dovecot_conf=conf)


def test_it_names_an_auth_worker_limit_too_small_for_argon2(stack, world, tmp_path):
    conf = dovecot_copy(stack, tmp_path, "service auth-worker {\n  vsz_limit = 128M\n}\n")
    assert "vsz_limit (128 MiB) leaves too little room" in check(stack, dovecot_conf=conf)


def test_it_names_a_sqlite_database_in_wal_mode(monkeypatch):
    """Unit-level: the daemons keep the e2e file open, so its journal mode cannot change here."""
    from mailwarden.mailstack import check as check_module

    class FakeCursor:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql):
            assert sql == "PRAGMA journal_mode"

        def fetchone(self):
            return ("wal",)

    class FakeConnection:
        vendor = "sqlite"
        settings_dict = {"NAME": "/srv/mailwarden/db.sqlite3"}

        def cursor(self):
            return FakeCursor()

    monkeypatch.setattr("django.db.connection", FakeConnection())
    problems = []
    check_module._check_sqlite_journal(problems)
    assert [p.what.split(":")[0] for p in problems] == ["the SQLite database is in WAL mode"]
    assert "PRAGMA journal_mode=DELETE" in problems[0].fix
