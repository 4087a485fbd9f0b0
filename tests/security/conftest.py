import pytest

from mailwarden.security.secretbox import new_key


@pytest.fixture(autouse=True)
def _totp_key(monkeypatch):
    """Second-factor secrets need the key kept outside the database."""
    monkeypatch.setenv("MAILWARDEN_TOTP_KEY", new_key())
