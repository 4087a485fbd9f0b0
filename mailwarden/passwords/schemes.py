"""Hashing and checking passwords in the schemes Dovecot 2.3 reads from the SQL database."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .argon import argon2id_outdated, hash_argon2id, verify_argon2
from .blowfish import blf_crypt_outdated, hash_blf_crypt, verify_blf_crypt
from .crypt_strings import (
    hash_sha512_crypt,
    sha512_crypt_outdated,
    verify_md5_crypt,
    verify_sha256_crypt,
    verify_sha512_crypt,
)
from .digests import (
    hash_ssha512,
    ssha512_outdated,
    verify_cleartext,
    verify_plain_md5,
    verify_salted_digest,
)
from .errors import PasswordError
from .plaintext import password_bytes
from .policy import DEFAULT_POLICY, HashPolicy
from .stored import crypt_scheme_of, split_stored


@dataclass(frozen=True)
class _Writer:
    """How mailwarden makes a new hash in one scheme and judges an old one against the policy."""

    hash: Callable[[bytes, HashPolicy], str]
    outdated: Callable[[str, HashPolicy], bool]


_WRITERS: dict[str, _Writer] = {
    "ARGON2ID": _Writer(hash_argon2id, argon2id_outdated),
    "BLF-CRYPT": _Writer(hash_blf_crypt, blf_crypt_outdated),
    "SHA512-CRYPT": _Writer(hash_sha512_crypt, sha512_crypt_outdated),
    "SSHA512": _Writer(hash_ssha512, ssha512_outdated),
}


def _verify_crypt(secret: bytes, hashed: str) -> bool:
    """{CRYPT} is whatever crypt(3) makes of the string; we read the same formats as bare."""
    implied = crypt_scheme_of(hashed)
    return implied is not None and _VERIFIERS[implied](secret, hashed)


# Each verifier returns False on a mismatch and may raise ValueError on a malformed hash.
_VERIFIERS: dict[str, Callable[[bytes, str], bool]] = {
    "ARGON2ID": verify_argon2,
    "BLF-CRYPT": verify_blf_crypt,
    "SHA512-CRYPT": verify_sha512_crypt,
    "SSHA512": partial(verify_salted_digest, "sha512"),
    "ARGON2I": verify_argon2,
    "MD5-CRYPT": verify_md5_crypt,
    "SHA256-CRYPT": verify_sha256_crypt,
    "SSHA256": partial(verify_salted_digest, "sha256"),
    "SSHA": partial(verify_salted_digest, "sha1"),
    "PLAIN-MD5": verify_plain_md5,
    "PLAIN": verify_cleartext,
    "CLEARTEXT": verify_cleartext,
    "CRYPT": _verify_crypt,
}

SCHEMES_WRITTEN: tuple[str, ...] = tuple(_WRITERS)
SCHEMES_VERIFIED: tuple[str, ...] = tuple(_VERIFIERS)


def _writer(scheme: str) -> tuple[str, _Writer]:
    name = scheme.upper()
    if name not in _WRITERS:
        raise PasswordError(
            f"Unsupported password scheme {scheme!r}; "
            f"supported schemes are {', '.join(SCHEMES_WRITTEN)}."
        )
    return name, _WRITERS[name]


def hash_password(
    password: str, scheme: str = "ARGON2ID", *, policy: HashPolicy = DEFAULT_POLICY
) -> str:
    """Hash a password as "{SCHEME}hash", exactly the value Dovecot expects in the database."""
    name, writer = _writer(scheme)
    secret = password_bytes(password)
    return f"{{{name}}}{writer.hash(secret, policy)}"


def verify_password(password: str, stored: str) -> bool:
    """Tell whether Dovecot would accept the password for this stored value.

    Never raises: a malformed, unknown or unsupported stored value is simply False.
    """
    try:
        secret = password_bytes(password)
    except PasswordError:
        return False
    parts = split_stored(stored)
    verifier = _VERIFIERS.get(parts[0]) if parts else None
    if parts is None or verifier is None:
        return False
    try:
        return verifier(secret, parts[1])
    except (ValueError, TypeError):
        # Malformed hashes surface as ValueError from hashlib, base64, bcrypt and libpass.
        return False


def scheme_of(stored: str) -> str | None:
    """Name the scheme of a stored value in upper case, e.g. "SHA512-CRYPT".

    A bare crypt string gets the scheme its identifier implies ("$6$..." is SHA512-CRYPT).
    Any well-formed {NAME} prefix is reported, supported or not; None if there is none.
    """
    parts = split_stored(stored)
    return parts[0] if parts else None


def needs_rehash(stored: str, scheme: str, *, policy: HashPolicy = DEFAULT_POLICY) -> bool:
    """Tell whether a stored value should be replaced by a fresh hash in the wanted scheme.

    True when the stored scheme differs from the wanted one, its cost no longer matches
    the policy, or the stored value is malformed. Call it after a successful login, when
    the plaintext is at hand.
    """
    name, writer = _writer(scheme)
    parts = split_stored(stored)
    if parts is None or parts[0] != name:
        return True
    try:
        return writer.outdated(parts[1], policy)
    except (ValueError, TypeError):
        return True
