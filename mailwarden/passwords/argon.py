"""{ARGON2ID} (written) and {ARGON2I} (verified) through argon2-cffi, in libsodium's format."""

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import verify_secret

from .policy import ARGON2_PARALLELISM, HashPolicy

# libsodium, which Dovecot uses, writes 16-byte salts and 32-byte hashes.
_SALT_BYTES = 16
_HASH_BYTES = 32

# Dovecot hands either scheme to libsodium's generic verifier, which goes by the
# "$argon2i$"/"$argon2id$" prefix, so both prefixes are accepted under both names.
_TYPES = (("$argon2id$", Type.ID), ("$argon2i$", Type.I))


def hash_argon2id(secret: bytes, policy: HashPolicy) -> str:
    """Hash for {ARGON2ID} with the policy's memory and time cost."""
    hasher = PasswordHasher(
        time_cost=policy.argon2_time_cost,
        memory_cost=policy.argon2_memory_kib,
        parallelism=ARGON2_PARALLELISM,
        hash_len=_HASH_BYTES,
        salt_len=_SALT_BYTES,
        type=Type.ID,
    )
    return hasher.hash(secret)


def verify_argon2(secret: bytes, hashed: str) -> bool:
    """Check a password against an $argon2id$ or $argon2i$ string; False if malformed."""
    kind = next((kind for prefix, kind in _TYPES if hashed.startswith(prefix)), None)
    if kind is None:
        return False
    try:
        return verify_secret(hashed.encode("ascii"), secret, kind)
    except (VerificationError, InvalidHashError):
        return False


def argon2id_outdated(hashed: str, policy: HashPolicy) -> bool:
    """True if the hash is weaker than the policy, or uses more memory than it allows.

    Too much memory matters as much as too little: above Dovecot's vsz_limit the
    login fails without a useful log line.
    """
    params = extract_parameters(hashed)
    return (
        params.type is not Type.ID
        or params.memory_cost != policy.argon2_memory_kib
        or params.time_cost < policy.argon2_time_cost
    )
