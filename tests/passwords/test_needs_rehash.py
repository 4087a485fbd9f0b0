"""needs_rehash says when a stored hash should be replaced after a successful login."""

import pytest

from mailwarden.passwords import HashPolicy, PasswordError, hash_password, needs_rehash

PASSWORD = "Tr0ub4dor&3"


@pytest.mark.parametrize("scheme", ["ARGON2ID", "BLF-CRYPT", "SHA512-CRYPT", "SSHA512"])
def test_it_keeps_a_hash_made_with_the_same_scheme_and_policy(
    scheme: str, cheap: HashPolicy
) -> None:
    assert not needs_rehash(hash_password(PASSWORD, scheme, policy=cheap), scheme, policy=cheap)


def test_it_keeps_a_hash_made_with_the_default_policy() -> None:
    assert not needs_rehash(hash_password(PASSWORD, "SHA512-CRYPT"), "SHA512-CRYPT")


@pytest.mark.parametrize(
    "stored",
    [
        "{SHA512-CRYPT}$6$.KjFiZaHViclm6uE$gDoAaul5xTKS9gqN9KkyYGfoVSptnOOG3h5pu",
        "{MD5-CRYPT}$1$HHitXf89$WCp7jHgVxD4mN6xi6zKQ7.",
        "{PLAIN}Tr0ub4dor&3",
        "{ARGON2I}$argon2i$v=19$m=65536,t=3,p=1$Tc7cxqXsiSAP11WJ0hd5aA$eHryisxLX2ZcBw",
        "{CRYPT}$2y$10$UYNrfJQYcRCVl3hZ5bUhouybR0PTlbWqTpZvtVEr4ZqrH.wYNDray",
    ],
)
def test_it_wants_a_rehash_when_the_scheme_differs(stored: str) -> None:
    assert needs_rehash(stored, "ARGON2ID")


@pytest.mark.parametrize(
    "older",
    [
        HashPolicy(argon2_memory_kib=1024, argon2_time_cost=3),
        HashPolicy(argon2_memory_kib=65536, argon2_time_cost=1),
    ],
)
def test_it_wants_a_rehash_when_argon2_costs_less_than_the_policy(older: HashPolicy) -> None:
    stored = hash_password(PASSWORD, "ARGON2ID", policy=older)

    assert needs_rehash(stored, "ARGON2ID")


def test_it_wants_a_rehash_when_argon2_uses_more_memory_than_the_policy() -> None:
    """More memory than the policy may exceed Dovecot's vsz_limit and fail logins silently."""
    stored = hash_password(PASSWORD, "ARGON2ID", policy=HashPolicy(argon2_time_cost=1))

    assert needs_rehash(stored, "ARGON2ID", policy=HashPolicy(argon2_memory_kib=32768))


def test_it_keeps_argon2_with_a_higher_time_cost() -> None:
    stored = hash_password(PASSWORD, "ARGON2ID", policy=HashPolicy(argon2_memory_kib=1024))

    assert not needs_rehash(
        stored, "ARGON2ID", policy=HashPolicy(argon2_memory_kib=1024, argon2_time_cost=2)
    )


def test_it_wants_a_rehash_for_argon2i_stored_under_the_argon2id_name() -> None:
    stored = "{ARGON2ID}$argon2i$v=19$m=65536,t=3,p=1$Tc7cxqXsiSAP11WJ0hd5aA$eHryisxLX2ZcBwT4"

    assert needs_rehash(stored, "ARGON2ID")


def test_it_wants_a_rehash_when_bcrypt_cost_is_below_the_policy(cheap: HashPolicy) -> None:
    stored = hash_password(PASSWORD, "BLF-CRYPT", policy=cheap)

    assert needs_rehash(stored, "BLF-CRYPT")
    assert not needs_rehash(stored, "BLF-CRYPT", policy=cheap)


def test_it_wants_a_rehash_when_sha512_crypt_rounds_are_below_the_policy(
    cheap: HashPolicy,
) -> None:
    stored = hash_password(PASSWORD, "SHA512-CRYPT", policy=cheap)

    assert needs_rehash(stored, "SHA512-CRYPT")


def test_it_keeps_sha512_crypt_with_more_rounds_than_the_policy() -> None:
    stored = hash_password(PASSWORD, "SHA512-CRYPT", policy=HashPolicy(sha512_crypt_rounds=6000))

    assert not needs_rehash(stored, "SHA512-CRYPT")


def test_it_keeps_a_bare_sha512_crypt_string_with_enough_rounds() -> None:
    stored = hash_password(PASSWORD, "SHA512-CRYPT").removeprefix("{SHA512-CRYPT}")

    assert not needs_rehash(stored, "SHA512-CRYPT")


@pytest.mark.parametrize(
    ("stored", "scheme"),
    [
        ("", "ARGON2ID"),
        ("{ARGON2ID}$argon2id$broken", "ARGON2ID"),
        ("{BLF-CRYPT}$2y$xx$short", "BLF-CRYPT"),
        ("{SHA512-CRYPT}$6$", "SHA512-CRYPT"),
        ("{SHA512-CRYPT}$6$.KjFiZaHViclm6uE$", "SHA512-CRYPT"),
        ("{SHA512-CRYPT}$6$.KjFiZaHViclm6uE$gDoAaul5xTKS9gqN9KkyYGfoVSptnOOG3h5pu", "SHA512-CRYPT"),
        ("{SSHA512}not base64!", "SSHA512"),
        ("{SSHA512}c2hvcnQ=", "SSHA512"),
    ],
)
def test_it_wants_a_rehash_for_a_malformed_stored_value(stored: str, scheme: str) -> None:
    assert needs_rehash(stored, scheme)


def test_it_accepts_the_wanted_scheme_in_any_case(cheap: HashPolicy) -> None:
    stored = hash_password(PASSWORD, "SSHA512", policy=cheap)

    assert not needs_rehash(stored, "ssha512")


def test_it_refuses_a_wanted_scheme_it_cannot_write() -> None:
    with pytest.raises(PasswordError, match="supported schemes"):
        needs_rehash("{PLAIN}x", "PLAIN")
