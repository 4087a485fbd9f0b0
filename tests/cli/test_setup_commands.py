"""``mailwarden init|migrate|serve``, and the real console script from a fresh data directory."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.cli.support import PASSWORD
from tests.conftest import require

SCRIPT = Path(sys.executable).with_name("mailwarden")


def test_it_says_an_up_to_date_database_is_up_to_date(mw, db):
    run = mw("migrate")

    assert run.code == 0
    assert run.out == "database is up to date\n"


def test_it_serves_with_gunicorn_on_the_given_address(mw, db, monkeypatch):
    calls = []
    monkeypatch.setattr("os.execv", lambda path, argv: calls.append((path, argv)))

    run = mw("serve", "--host", "127.0.0.2", "--port", "8123")

    assert run.code == 0
    assert run.out.endswith("serving mailwarden on http://127.0.0.2:8123/\n")
    assert "http://127.0.0.2:8123/setup/" in run.out  # no admin yet: the setup token is shown
    [(path, argv)] = calls
    assert path == sys.executable
    assert argv[1:3] == ["-m", "gunicorn"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.2:8123"
    assert "--no-control-socket" in argv
    assert argv[-1] == "mailwarden.wsgi:application"


def test_it_treats_a_bad_port_as_bad_usage(mw, db):
    assert "invalid int value" in mw("serve", "--port", "http").usage_error()


def script_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh machine: only the data directory is configured."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILWARDEN_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env | {"MAILWARDEN_DATA_DIR": str(data_dir)} | extra


def script(env: dict[str, str], *argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *argv], input=stdin, env=env, capture_output=True, text=True, timeout=60
    )


def test_it_initialises_a_data_directory_and_runs_the_issues_flow(tmp_path):
    require(SCRIPT.exists(), f"the console script {SCRIPT}")
    data = tmp_path / "data"
    env = script_env(data)

    init = script(env, "init")

    assert init.returncode == 0, init.stderr
    assert "mailwarden is ready" in init.stdout
    key = data / "secret_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_text().strip()) >= 50
    assert (data / "mailwarden.sqlite3").stat().st_size > 0

    domain = script(env, "domain", "add", "example.test")
    mailbox = script(
        env, "mailbox", "add", "alice@example.test", "--password-stdin", stdin=PASSWORD + "\n"
    )
    alias = script(env, "alias", "add", "sales@example.test", "--to", "alice@example.test")

    for run in (domain, mailbox, alias):
        assert run.returncode == 0, run.stderr
        assert run.stderr == ""
    assert mailbox.stdout == "created mailbox alice@example.test\n"
    assert alias.stdout == "created alias sales@example.test\n"
    assert PASSWORD.encode() not in (data / "mailwarden.sqlite3").read_bytes()


def test_it_stops_with_one_line_before_init_and_on_a_bad_database_url(tmp_path):
    require(SCRIPT.exists(), f"the console script {SCRIPT}")
    before_init = script(script_env(tmp_path / "empty"), "domain", "list")
    bad_url = script(
        script_env(tmp_path / "other", MAILWARDEN_DATABASE_URL="oracle://x"), "domain", "list"
    )

    assert before_init.returncode == 1
    assert before_init.stdout == ""
    [line] = before_init.stderr.splitlines()
    assert line.startswith("mailwarden: ")
    assert "run `mailwarden init`" in line
    assert not (tmp_path / "empty").exists()
    assert bad_url.returncode == 1
    [line] = bad_url.stderr.splitlines()
    assert line.startswith("mailwarden: configuration error: MAILWARDEN_DATABASE_URL")
    assert "'oracle'" in line
