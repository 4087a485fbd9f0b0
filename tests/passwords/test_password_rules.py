"""Passwords Dovecot cannot take are refused before hashing, with a message fit for users."""

import pytest

from mailwarden.passwords import (
    SCHEMES_WRITTEN,
    HashPolicy,
    PasswordError,
    hash_password,
    verify_password,
)


@pytest.mark.parametrize("scheme", SCHEMES_WRITTEN)
def test_it_refuses_an_empty_password(scheme: str, cheap: HashPolicy) -> None:
    with pytest.raises(PasswordError, match="empty"):
        hash_password("", scheme, policy=cheap)


@pytest.mark.parametrize("scheme", SCHEMES_WRITTEN)
def test_it_refuses_a_password_with_a_nul_character(scheme: str, cheap: HashPolicy) -> None:
    with pytest.raises(PasswordError, match="NUL") as raised:
        hash_password("before\0after", scheme, policy=cheap)

    assert "before" not in str(raised.value)


def test_it_refuses_text_that_is_not_valid_unicode(cheap: HashPolicy) -> None:
    with pytest.raises(PasswordError, match="Unicode"):
        hash_password("broken\udcff", "SSHA512", policy=cheap)


def test_it_never_verifies_an_empty_or_nul_password() -> None:
    assert not verify_password("", "{PLAIN}")
    assert not verify_password("a\0", "{PLAIN}a\0")


def test_it_hashes_a_password_of_exactly_72_bytes_with_bcrypt(cheap: HashPolicy) -> None:
    password = "x" * 72

    assert verify_password(password, hash_password(password, "BLF-CRYPT", policy=cheap))


def test_it_refuses_a_password_over_72_bytes_for_bcrypt(cheap: HashPolicy) -> None:
    password = "correct horse battery staple " * 3

    with pytest.raises(PasswordError, match="72 bytes") as raised:
        hash_password(password, "BLF-CRYPT", policy=cheap)

    assert "87 bytes" in str(raised.value)
    assert password.strip() not in str(raised.value)
    assert not isinstance(raised.value.__cause__, ValueError)


def test_it_counts_the_bcrypt_limit_in_utf8_bytes_not_characters(cheap: HashPolicy) -> None:
    """37 "é" are 37 characters but 74 bytes: bcrypt would silently drop the last one."""
    assert verify_password("é" * 36, hash_password("é" * 36, "BLF-CRYPT", policy=cheap))

    with pytest.raises(PasswordError, match="74 bytes"):
        hash_password("é" * 37, "BLF-CRYPT", policy=cheap)


@pytest.mark.parametrize("scheme", ["ARGON2ID", "SHA512-CRYPT", "SSHA512"])
def test_it_takes_long_passwords_in_schemes_without_a_limit(scheme: str, cheap: HashPolicy) -> None:
    password = "p" * 200

    stored = hash_password(password, scheme, policy=cheap)

    assert verify_password(password, stored)
    assert not verify_password(password[:72], stored)


def test_it_does_not_verify_a_password_over_72_bytes_against_bcrypt(cheap: HashPolicy) -> None:
    """libxcrypt would accept anything sharing the first 72 bytes; we never set such a hash."""
    stored = hash_password("x" * 72, "BLF-CRYPT", policy=cheap)

    assert not verify_password("x" * 73, stored)
