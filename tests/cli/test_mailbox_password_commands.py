"""Mailbox passwords through the CLI: read from a prompt or stdin, or generated and shown once;
never echoed, never audited, and refused with one clear line when unusable."""

from __future__ import annotations

import pytest

from mailwarden.audit.models import AuditEvent
from mailwarden.mailboxes.models import Mailbox
from mailwarden.passwords import verify_password
from tests.cli.support import PASSWORD, Terminal, audit_dump, mailbox_hash

# add


def test_it_adds_a_mailbox_with_the_password_from_stdin(mw, cast):
    run = mw("mailbox", "add", "Carol@A.example", "--password-stdin", stdin=PASSWORD + "\n")

    assert run.code == 0
    assert run.out == "created mailbox carol@a.example\n"
    assert run.err == ""
    assert verify_password(PASSWORD, mailbox_hash("carol@a.example"))


def test_it_never_shows_or_records_the_password(mw, cast):
    added = mw("mailbox", "add", "carol@a.example", "--password-stdin", stdin=PASSWORD + "\n")
    as_json = mw("--json", "mailbox", "show", "carol@a.example")
    changed = mw(
        "mailbox", "passwd", "carol@a.example", "--password-stdin", stdin="N3w-pass phrase"
    )

    for run in (added, as_json, changed):
        assert PASSWORD not in run.out + run.err
        assert "N3w-pass phrase" not in run.out + run.err
    assert PASSWORD not in audit_dump()
    assert "N3w-pass phrase" not in audit_dump()
    assert mailbox_hash("carol@a.example") not in audit_dump()


def test_it_prints_a_random_password_once_and_stores_only_its_hash(mw, cast):
    run = mw("mailbox", "add", "carol@a.example", "--random-password")

    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0] == "created mailbox carol@a.example"
    assert lines[1].startswith("password: ")
    assert lines[2] == "(shown once; it is stored only as a hash)"
    password = lines[1].removeprefix("password: ")
    assert len(password) >= 16
    assert run.out.count(password) == 1
    assert verify_password(password, mailbox_hash("carol@a.example"))
    assert password not in audit_dump()


def test_it_puts_a_random_password_in_the_json_once(mw, cast):
    run = mw("--json", "mailbox", "add", "carol@a.example", "--random-password")

    password = run.json()["generated_password"]
    assert run.out.count(password) == 1
    assert verify_password(password, mailbox_hash("carol@a.example"))
    assert password not in audit_dump()


@pytest.mark.parametrize(
    ("argv", "stdin", "words"),
    [
        pytest.param(
            [], "", "no terminal to prompt for a password; use --password-stdin", id="no-source"
        ),
        pytest.param(
            ["--password-stdin"], "", "password: nothing was read from stdin", id="empty-stdin"
        ),
        pytest.param(
            ["--password-stdin"], "\n", "password: nothing was read from stdin", id="empty-line"
        ),
        pytest.param(
            ["--password-stdin"], "short\n", "password: at least 10 characters", id="too-short"
        ),
        pytest.param(["--password-stdin"], "nul\x00in the middle\n", "NUL character", id="nul"),
        pytest.param(
            ["--password-stdin", "--scheme", "BLF-CRYPT"],
            "é" * 40 + "\n",
            "BLF-CRYPT (bcrypt) can only use the first 72 bytes of a password",
            id="bcrypt-73-bytes",
        ),
        pytest.param(
            ["--password-stdin", "--name", "Carol\x1b[2J"],
            PASSWORD,
            "name: control characters are not allowed",
            id="name-control",
        ),
    ],
)
def test_it_refuses_a_missing_or_unusable_password_and_changes_nothing(
    mw, cast, unchanged, argv, stdin, words
):
    with unchanged():
        run = mw("mailbox", "add", "carol@a.example", *argv, stdin=stdin)

    line = run.refused()
    assert words in line
    assert stdin.strip() == "" or stdin.strip() not in line


def test_it_refuses_a_bcrypt_password_of_73_ascii_bytes_but_takes_72(mw, cast, unchanged):
    with unchanged():
        too_long = mw(
            "mailbox",
            "add",
            "carol@a.example",
            "--scheme",
            "BLF-CRYPT",
            "--password-stdin",
            stdin="x" * 73,
        )

    longest = mw(
        "mailbox",
        "add",
        "dave@a.example",
        "--scheme",
        "BLF-CRYPT",
        "--password-stdin",
        stdin="x" * 72,
    )

    assert "this one is 73 bytes long" in too_long.refused()
    assert longest.code == 0
    assert mailbox_hash("dave@a.example").startswith("{BLF-CRYPT}$2y$")
    assert verify_password("x" * 72, mailbox_hash("dave@a.example"))


def test_it_asks_twice_at_a_terminal_and_refuses_two_different_answers(
    mw, cast, unchanged, monkeypatch
):
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    with unchanged():
        run = mw("mailbox", "add", "carol@a.example", stdin=Terminal())

    assert "the two passwords differ" in run.refused()


def test_it_takes_the_password_typed_twice_at_a_terminal(mw, cast, monkeypatch):
    prompts = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or PASSWORD)

    run = mw("mailbox", "add", "carol@a.example", stdin=Terminal())

    assert run.code == 0
    assert prompts == ["Password: ", "Repeat password: "]
    assert verify_password(PASSWORD, mailbox_hash("carol@a.example"))
    assert PASSWORD not in run.out + run.err


# passwd


def test_it_sets_a_password_from_stdin(mw, cast):
    before = Mailbox.objects.get(address__email="alice@a.example").password_changed

    run = mw("mailbox", "passwd", "alice@a.example", "--password-stdin", stdin="N3w-pass phrase\n")

    assert run.code == 0
    assert run.out == "password of alice@a.example changed\n"
    assert verify_password("N3w-pass phrase", mailbox_hash("alice@a.example"))
    assert Mailbox.objects.get(address__email="alice@a.example").password_changed > before
    assert AuditEvent.objects.filter(action="mailbox.set_password").count() == 1
    assert "N3w-pass phrase" not in audit_dump()


def test_it_sets_a_password_in_another_scheme(mw, cast):
    run = mw(
        "--json",
        "mailbox",
        "passwd",
        "alice@a.example",
        "--scheme",
        "SHA512-CRYPT",
        "--password-stdin",
        stdin=PASSWORD,
    )

    assert run.json()["password_scheme"] == "SHA512-CRYPT"
    assert verify_password(PASSWORD, mailbox_hash("alice@a.example"))


def test_it_sets_a_random_password_and_prints_it_once(mw, cast):
    run = mw("mailbox", "passwd", "alice@a.example", "--random-password")

    assert run.code == 0
    password = run.out.splitlines()[1].removeprefix("password: ")
    assert run.out.count(password) == 1
    assert verify_password(password, mailbox_hash("alice@a.example"))
    assert password not in audit_dump()


def test_it_refuses_a_password_change_without_a_usable_password(mw, cast, unchanged):
    with unchanged():
        no_source = mw("mailbox", "passwd", "alice@a.example")
        too_long = mw(
            "mailbox",
            "passwd",
            "alice@a.example",
            "--scheme",
            "BLF-CRYPT",
            "--password-stdin",
            stdin="x" * 100,
        )

    assert "no terminal to prompt for a password" in no_source.refused()
    assert "only use the first 72 bytes" in too_long.refused()
