import pytest

from tests.cli.support import cli_runner


@pytest.fixture
def mw(capsys, monkeypatch):
    """``mw("token", "list")`` runs ``mailwarden token list``: (exit code, stdout, stderr)."""

    run_cli = cli_runner(capsys, monkeypatch)

    def run(*argv: str, stdin: str = ""):
        result = run_cli(*argv, stdin=stdin)
        return result.code, result.out, result.err

    return run


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 3
    settings.MAILWARDEN_LOGIN_ALLOWLIST = []
