"""Cost parameters for new hashes, with defaults chosen for Dovecot 2.3."""

from dataclasses import dataclass

from .errors import PasswordError

# Dovecot's auth worker runs under a vsz_limit (often 256 MiB or less) and fails the
# login *silently* when Argon2 asks for more memory than that, so we never go above 64 MiB.
ARGON2_MAX_MEMORY_KIB = 65536
ARGON2_MEMORY_KIB = 65536
ARGON2_TIME_COST = 3
# Dovecot's libsodium writes p=1; it is not a knob worth exposing.
ARGON2_PARALLELISM = 1
BCRYPT_COST = 10
# Dovecot's own default. libpass defaults to 656,000 rounds, which makes every IMAP
# login spend about half a second of CPU in the auth worker.
SHA512_CRYPT_ROUNDS = 5000


@dataclass(frozen=True)
class HashPolicy:
    """The cost of new hashes; pass one to hash_password or needs_rehash to override defaults."""

    argon2_memory_kib: int = ARGON2_MEMORY_KIB
    argon2_time_cost: int = ARGON2_TIME_COST
    bcrypt_cost: int = BCRYPT_COST
    sha512_crypt_rounds: int = SHA512_CRYPT_ROUNDS

    def __post_init__(self) -> None:
        _check_range(
            "argon2_memory_kib",
            self.argon2_memory_kib,
            8 * ARGON2_PARALLELISM,
            ARGON2_MAX_MEMORY_KIB,
            " (64 MiB; more can exceed Dovecot's auth worker vsz_limit)",
        )
        _check_range("argon2_time_cost", self.argon2_time_cost, 1, 100)
        _check_range("bcrypt_cost", self.bcrypt_cost, 4, 31)
        _check_range("sha512_crypt_rounds", self.sha512_crypt_rounds, 1000, 999_999_999)


def _check_range(name: str, value: int, low: int, high: int, note: str = "") -> None:
    if not low <= value <= high:
        raise PasswordError(f"{name} must be between {low} and {high}{note}; got {value}.")


DEFAULT_POLICY = HashPolicy()
