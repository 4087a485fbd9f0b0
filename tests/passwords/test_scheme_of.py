"""scheme_of names the scheme of a stored value the way Dovecot reads it."""

import pytest

from mailwarden.passwords import scheme_of


@pytest.mark.parametrize(
    ("stored", "scheme"),
    [
        ("{SHA512-CRYPT}$6$salt$hash", "SHA512-CRYPT"),
        ("{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$s$h", "ARGON2ID"),
        ("{ssha512}abc=", "SSHA512"),
        ("{CRYPT}$6$salt$hash", "CRYPT"),
        ("{PLAIN}{SSHA}looks like a prefix", "PLAIN"),
        ("{SHA256}unsupported but well formed", "SHA256"),
        ("{PLAIN-MD5.B64}Ts5XphMjtSzP/b7wIZVnVA==", "PLAIN-MD5.B64"),
    ],
)
def test_it_reads_the_scheme_prefix(stored: str, scheme: str) -> None:
    assert scheme_of(stored) == scheme


@pytest.mark.parametrize(
    ("stored", "scheme"),
    [
        ("$1$HHitXf89$WCp7jHgVxD4mN6xi6zKQ7.", "MD5-CRYPT"),
        ("$5$salt$hash", "SHA256-CRYPT"),
        ("$6$salt$hash", "SHA512-CRYPT"),
        ("$6$rounds=1000$salt$hash", "SHA512-CRYPT"),
        ("$2a$10$hash", "BLF-CRYPT"),
        ("$2b$10$hash", "BLF-CRYPT"),
        ("$2y$10$hash", "BLF-CRYPT"),
    ],
)
def test_it_names_the_scheme_of_a_bare_crypt_string(stored: str, scheme: str) -> None:
    assert scheme_of(stored) == scheme


@pytest.mark.parametrize(
    "stored", ["", "plaintext", "{}", "{PLAIN", "{not a name}x", "$2x$10$hash", "abJnggxhB/yWI"]
)
def test_it_returns_none_when_no_scheme_is_named(stored: str) -> None:
    assert scheme_of(stored) is None
