import io

import pytest

from mailwarden.cli.main import main


@pytest.fixture
def mw(capsys, monkeypatch):
    """``mw("token", "list")`` runs ``mailwarden token list``: (exit code, stdout, stderr)."""

    def run(*argv: str, stdin: str = ""):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 3
    settings.MAILWARDEN_LOGIN_ALLOWLIST = []
