"""Schemes built on a plain digest: {SSHA512} (written), {SSHA256}, {SSHA}, {PLAIN-MD5}, {PLAIN}.

All comparisons use hmac.compare_digest so timing does not reveal how much matched.
"""

import base64
import hashlib
import hmac
import os
import re

from .policy import HashPolicy

SSHA512_SALT_BYTES = 16

_MD5_BYTES = 16
_HEX_MD5 = re.compile(r"[0-9a-fA-F]{32}")


def hash_ssha512(secret: bytes, policy: HashPolicy) -> str:
    """Hash for {SSHA512}: base64(sha512(password + salt) + salt); it has no cost to tune."""
    salt = os.urandom(SSHA512_SALT_BYTES)
    return base64.b64encode(hashlib.sha512(secret + salt).digest() + salt).decode("ascii")


def verify_salted_digest(algorithm: str, secret: bytes, hashed: str) -> bool:
    """Check base64(digest(password + salt) + salt); raises ValueError if malformed.

    Like Dovecot, any salt length of at least one byte is accepted.
    """
    raw = base64.b64decode(hashed, validate=True)
    size = hashlib.new(algorithm).digest_size
    if len(raw) <= size:
        raise ValueError("salted digest too short")
    digest, salt = raw[:size], raw[size:]
    return hmac.compare_digest(hashlib.new(algorithm, secret + salt).digest(), digest)


def verify_plain_md5(secret: bytes, hashed: str) -> bool:
    """Check an unsalted MD5, hex as Dovecot writes it or base64 as Dovecot also reads it."""
    if _HEX_MD5.fullmatch(hashed):
        expected = bytes.fromhex(hashed)
    else:
        expected = base64.b64decode(hashed, validate=True)
    if len(expected) != _MD5_BYTES:
        raise ValueError("not an MD5 digest")
    # MD5 is only ever read here, to let old imported passwords log in; never written.
    return hmac.compare_digest(hashlib.md5(secret).digest(), expected)  # noqa: S324


def verify_cleartext(secret: bytes, stored: str) -> bool:
    """Check {PLAIN} or {CLEARTEXT}: the stored text is the password itself."""
    return hmac.compare_digest(secret, stored.encode("utf-8"))


def ssha512_outdated(hashed: str, policy: HashPolicy) -> bool:
    """False for any well-formed hash: SSHA512 has no cost to fall behind on."""
    raw = base64.b64decode(hashed, validate=True)
    if len(raw) <= hashlib.sha512().digest_size:
        raise ValueError("salted digest too short")
    return False
