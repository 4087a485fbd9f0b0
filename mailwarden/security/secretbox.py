"""Encryption at rest for second-factor secrets, with a key kept apart from the database.

The key comes from ``MAILWARDEN_TOTP_KEY`` / ``MAILWARDEN_TOTP_KEY_FILE`` or the file
``totp_key`` in the data directory (written by ``mailwarden init``, mode 0600). A database
dump alone therefore yields no usable TOTP secret.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

from mailwarden import config
from mailwarden.core.errors import Invalid


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def _fernet() -> Fernet:
    key = config.totp_key()
    if key is None:
        raise Invalid(
            f"no second-factor key: run `mailwarden init` (writes {config.totp_key_path()}) "
            "or set MAILWARDEN_TOTP_KEY_FILE"
        )
    try:
        return Fernet(key.encode("ascii"))
    except ValueError:
        raise Invalid("the second-factor key is malformed (expected a Fernet key)") from None


def seal(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def unseal(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise Invalid(
            "a second-factor secret cannot be decrypted with the configured key"
        ) from None
