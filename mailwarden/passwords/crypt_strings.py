"""{SHA512-CRYPT} (written), {SHA256-CRYPT} and {MD5-CRYPT} (verified) through libpass.

The stdlib crypt module is deprecated and gone in Python 3.13, so it is not used.
"""

from passlib.hash import md5_crypt, sha256_crypt, sha512_crypt

from .policy import HashPolicy


def hash_sha512_crypt(secret: bytes, policy: HashPolicy) -> str:
    """Hash for {SHA512-CRYPT}; at 5000 rounds the string omits "rounds=", as glibc's does."""
    hashed: str = sha512_crypt.using(rounds=policy.sha512_crypt_rounds).hash(secret)
    return hashed


def verify_sha512_crypt(secret: bytes, hashed: str) -> bool:
    """Check a password against a $6$ string; raises ValueError if malformed."""
    return hashed.startswith("$6$") and sha512_crypt.verify(secret, hashed)


def verify_sha256_crypt(secret: bytes, hashed: str) -> bool:
    """Check a password against a $5$ string; raises ValueError if malformed."""
    return hashed.startswith("$5$") and sha256_crypt.verify(secret, hashed)


def verify_md5_crypt(secret: bytes, hashed: str) -> bool:
    """Check a password against a $1$ string; raises ValueError if malformed."""
    return hashed.startswith("$1$") and md5_crypt.verify(secret, hashed)


def sha512_crypt_outdated(hashed: str, policy: HashPolicy) -> bool:
    """True if the hash uses fewer rounds than the policy."""
    parsed = sha512_crypt.from_string(hashed)
    if parsed.checksum is None:
        raise ValueError("a sha512_crypt salt without a hash")
    rounds: int = parsed.rounds
    return rounds < policy.sha512_crypt_rounds
