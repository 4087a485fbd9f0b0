"""Password hashes that Dovecot 2.3 accepts, made natively in Python (or by doveadm)."""

from .doveadm import hash_with_doveadm
from .errors import PasswordError
from .policy import DEFAULT_POLICY, HashPolicy
from .schemes import (
    SCHEMES_VERIFIED,
    SCHEMES_WRITTEN,
    hash_password,
    needs_rehash,
    scheme_of,
    verify_password,
)

__all__ = [
    "DEFAULT_POLICY",
    "SCHEMES_VERIFIED",
    "SCHEMES_WRITTEN",
    "HashPolicy",
    "PasswordError",
    "hash_password",
    "hash_with_doveadm",
    "needs_rehash",
    "scheme_of",
    "verify_password",
]
