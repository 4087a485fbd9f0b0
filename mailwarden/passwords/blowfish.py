"""{BLF-CRYPT}: bcrypt through the bcrypt package, written with Dovecot's $2y$ prefix."""

import re

import bcrypt

from .errors import PasswordError
from .policy import HashPolicy

BCRYPT_MAX_BYTES = 72

_HASH = re.compile(r"\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}")


def hash_blf_crypt(secret: bytes, policy: HashPolicy) -> str:
    """Hash for {BLF-CRYPT}; refuses passwords bcrypt would silently cut at 72 bytes."""
    if len(secret) > BCRYPT_MAX_BYTES:
        raise PasswordError(
            f"BLF-CRYPT (bcrypt) can only use the first {BCRYPT_MAX_BYTES} bytes of a password, "
            f"and this one is {len(secret)} bytes long in UTF-8 (accented letters and symbols "
            "take 2 to 4 bytes). Choose a shorter password or another scheme such as ARGON2ID."
        )
    hashed = bcrypt.hashpw(secret, bcrypt.gensalt(rounds=policy.bcrypt_cost, prefix=b"2b"))
    # $2b$ and $2y$ are the same fixed algorithm; $2y$ is what Dovecot and PHP write.
    return "$2y$" + hashed.decode("ascii").removeprefix("$2b$")


def verify_blf_crypt(secret: bytes, hashed: str) -> bool:
    """Check a password against a $2a$, $2b$ or $2y$ string; False if malformed."""
    if not _HASH.fullmatch(hashed) or len(secret) > BCRYPT_MAX_BYTES:
        # Such a password can never have been set through hash_blf_crypt.
        return False
    return bcrypt.checkpw(secret, hashed.encode("ascii"))


def blf_crypt_outdated(hashed: str, policy: HashPolicy) -> bool:
    """True if the bcrypt cost is below the policy's."""
    match = _HASH.fullmatch(hashed)
    if match is None:
        raise ValueError("not a bcrypt hash")
    return int(match[1]) < policy.bcrypt_cost
