"""Turns a mailbox password into the hash Dovecot will check, under the configured policy."""

from __future__ import annotations

import secrets
import string

from django.conf import settings

from mailwarden import passwords
from mailwarden.core.errors import Invalid
from mailwarden.security.password_policy import check_password_policy

GENERATED_LENGTH = 20
_ALPHABET = string.ascii_letters + string.digits


def hash_mailbox_password(password: str, scheme: str | None = None) -> str:
    """Hash ``password`` in ``scheme`` (default: the configured one), natively or via doveadm."""
    check_password_policy(password)
    chosen = scheme or settings.MAILWARDEN_PASSWORD_SCHEME
    if chosen not in passwords.SCHEMES_WRITTEN:
        raise Invalid(
            f"scheme: one of {', '.join(passwords.SCHEMES_WRITTEN)}", fields={"scheme": "invalid"}
        )
    try:
        if settings.MAILWARDEN_PASSWORD_HASHER == "doveadm":  # noqa: S105 - a mode, not a secret
            return passwords.hash_with_doveadm(password, chosen)
        return passwords.hash_password(password, chosen)
    except passwords.PasswordError as exc:
        raise Invalid(f"password: {exc}", fields={"password": "invalid"}) from None


def check_imported_hash(value: str) -> str:
    """Accept a hash from another system only in a scheme Dovecot and mailwarden both verify."""
    stored = value.strip()
    scheme = passwords.scheme_of(stored)
    # Bare crypt strings work only with a matching default_pass_scheme; demand the prefix.
    if not stored.startswith("{") or scheme is None or scheme not in passwords.SCHEMES_VERIFIED:
        raise Invalid(
            "password_hash: not a {SCHEME}-prefixed hash in a supported scheme "
            f"({', '.join(passwords.SCHEMES_VERIFIED)})",
            fields={"password_hash": "invalid"},
        )
    if len(stored) > 255 or any(ord(c) < 32 for c in stored):
        raise Invalid("password_hash: malformed", fields={"password_hash": "invalid"})
    return stored


def generate_password() -> str:
    """A random password for ``--random-password``: shown once, never stored in clear."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(GENERATED_LENGTH))
