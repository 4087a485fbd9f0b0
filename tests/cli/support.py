"""What the CLI tests share besides fixtures: a run's result, the issue's bad inputs, lookups."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

import pytest

from mailwarden.cli.main import main

PASSWORD = "S3cret-pass phrase"


@dataclass(frozen=True)
class Run:
    """One run of the command: its exit code and everything it printed."""

    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    @property
    def error(self) -> str:
        """The one stderr line of a refused operation (fails the test if there are more)."""
        lines = self.err.splitlines()
        assert len(lines) == 1, f"expected one stderr line, got {self.err!r}"
        assert lines[0].startswith("mailwarden: "), lines[0]
        return lines[0]

    def refused(self) -> str:
        """Assert a refused operation (exit 1, one stderr line, nothing on stdout); its line."""
        assert self.code == 1, (self.code, self.out, self.err)
        assert self.out == ""
        return self.error

    def usage_error(self) -> str:
        """Assert bad usage (exit 2, argparse's usage on stderr); its last line."""
        assert self.code == 2, (self.code, self.out, self.err)
        assert self.out == ""
        return self.err.splitlines()[-1]


# The malformed addresses, each with the words its one error line must contain.
BAD_ADDRESSES = [
    pytest.param("a@@b.test", "'a@@b.test' is not an address of the form name@domain", id="a@@b"),
    pytest.param("../x@d.test", "'../x' is not a valid local part", id="dot-dot-slash"),
    pytest.param("x" * 65 + "@d.test", "local part is at most 64 characters, got 65", id="65"),
    pytest.param("a\x07b@d.test", "control characters are not allowed", id="bell"),
    pytest.param("a\nb@d.test", "control characters are not allowed", id="newline"),
    pytest.param("a\x00b@d.test", "control characters are not allowed", id="nul"),
]


def audit_dump() -> str:
    """Every audit event with its before/after values, as one string to search secrets in."""
    from mailwarden.audit.models import AuditEvent

    return json.dumps([e.to_dict() for e in AuditEvent.objects.all()], default=str)


def mailbox_hash(address: str) -> str:
    """The stored {SCHEME} hash of a mailbox's password."""
    from mailwarden.mailboxes.models import Mailbox

    return Mailbox.objects.get(address__email=address).password


class Terminal:
    """A stdin that says it is a terminal; tests replace getpass, so nothing reads from it."""

    def isatty(self) -> bool:
        return True


def cli_runner(capsys: Any, monkeypatch: Any) -> Callable[..., Run]:
    """``run("domain", "list", stdin=...)`` runs ``mailwarden domain list`` in-process.

    ``stdin`` is text (never a terminal), bytes (read as the real CLI reads them: UTF-8) or a
    stand-in object; argparse usage errors come back as exit code 2.
    """

    def run(*argv: str, stdin: str | bytes | TextIO = "") -> Run:
        if isinstance(stdin, bytes):
            stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin) if isinstance(stdin, str) else stdin)
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Run(code=code, out=captured.out, err=captured.err)

    return run
