"""hash_password writes values Dovecot reads, with our default costs."""

import base64
import re

import pytest
from argon2 import extract_parameters

from mailwarden.passwords import (
    SCHEMES_WRITTEN,
    HashPolicy,
    PasswordError,
    hash_password,
    verify_password,
)

PASSWORD = "Tr0ub4dor&3"


@pytest.mark.parametrize("scheme", SCHEMES_WRITTEN)
def test_it_round_trips_every_written_scheme(scheme: str, cheap: HashPolicy) -> None:
    stored = hash_password(PASSWORD, scheme, policy=cheap)

    assert stored.startswith(f"{{{scheme}}}")
    assert verify_password(PASSWORD, stored)
    assert not verify_password(PASSWORD + "!", stored)
    assert not verify_password(PASSWORD.lower(), stored)


@pytest.mark.parametrize("scheme", SCHEMES_WRITTEN)
def test_it_round_trips_non_ascii_passwords(scheme: str, cheap: HashPolicy) -> None:
    stored = hash_password("pässwörd✓", scheme, policy=cheap)

    assert verify_password("pässwörd✓", stored)
    assert not verify_password("passwort✓", stored)


@pytest.mark.parametrize("scheme", SCHEMES_WRITTEN)
def test_it_salts_every_hash(scheme: str, cheap: HashPolicy) -> None:
    assert hash_password(PASSWORD, scheme, policy=cheap) != hash_password(
        PASSWORD, scheme, policy=cheap
    )


def test_it_hashes_with_argon2id_by_default() -> None:
    stored = hash_password(PASSWORD)

    assert stored.startswith("{ARGON2ID}$argon2id$v=19$")
    params = extract_parameters(stored.removeprefix("{ARGON2ID}"))
    assert (params.memory_cost, params.time_cost, params.parallelism) == (65536, 3, 1)
    assert (params.salt_len, params.hash_len) == (16, 32)


def test_it_keeps_argon2_memory_at_or_below_64_mib() -> None:
    assert HashPolicy().argon2_memory_kib <= 65536


def test_it_writes_bcrypt_with_dovecots_2y_prefix_and_cost_10() -> None:
    stored = hash_password(PASSWORD, "BLF-CRYPT")

    assert re.fullmatch(r"\{BLF-CRYPT\}\$2y\$10\$[./A-Za-z0-9]{53}", stored)


def test_it_writes_sha512_crypt_with_dovecots_5000_rounds() -> None:
    """5000 is the glibc default, so the string carries no "rounds=" field at all."""
    stored = hash_password(PASSWORD, "SHA512-CRYPT")

    assert re.fullmatch(r"\{SHA512-CRYPT\}\$6\$[./A-Za-z0-9]{16}\$[./A-Za-z0-9]{86}", stored)


def test_it_writes_other_sha512_crypt_rounds_explicitly(cheap: HashPolicy) -> None:
    assert hash_password(PASSWORD, "SHA512-CRYPT", policy=cheap).startswith(
        "{SHA512-CRYPT}$6$rounds=1000$"
    )


def test_it_writes_ssha512_with_a_16_byte_salt() -> None:
    raw = base64.b64decode(hash_password(PASSWORD, "SSHA512").removeprefix("{SSHA512}"))

    assert len(raw) == 64 + 16


def test_it_accepts_scheme_names_in_any_case(cheap: HashPolicy) -> None:
    assert hash_password(PASSWORD, "sha512-crypt", policy=cheap).startswith("{SHA512-CRYPT}$6$")


@pytest.mark.parametrize("scheme", ["MD5-CRYPT", "PLAIN", "CRYPT", "ARGON2I", "NOPE", ""])
def test_it_refuses_schemes_it_does_not_write_and_lists_those_it_does(scheme: str) -> None:
    with pytest.raises(PasswordError) as raised:
        hash_password(PASSWORD, scheme)

    assert "ARGON2ID, BLF-CRYPT, SHA512-CRYPT, SSHA512" in str(raised.value)


def test_it_writes_exactly_the_four_schemes_we_promise() -> None:
    assert SCHEMES_WRITTEN == ("ARGON2ID", "BLF-CRYPT", "SHA512-CRYPT", "SSHA512")
