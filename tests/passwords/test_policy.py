"""HashPolicy keeps cost parameters inside what Dovecot and the libraries can use."""

import dataclasses

import pytest

from mailwarden.passwords import DEFAULT_POLICY, HashPolicy, PasswordError


def test_it_defaults_to_costs_suited_to_dovecot() -> None:
    assert dataclasses.asdict(DEFAULT_POLICY) == {
        "argon2_memory_kib": 65536,
        "argon2_time_cost": 3,
        "bcrypt_cost": 10,
        "sha512_crypt_rounds": 5000,
    }


def test_it_refuses_argon2_memory_above_64_mib_naming_the_vsz_limit() -> None:
    with pytest.raises(PasswordError, match="vsz_limit"):
        HashPolicy(argon2_memory_kib=65537)


@pytest.mark.parametrize(
    "costs",
    [
        {"argon2_memory_kib": 4},
        {"argon2_time_cost": 0},
        {"bcrypt_cost": 3},
        {"bcrypt_cost": 32},
        {"sha512_crypt_rounds": 999},
    ],
)
def test_it_refuses_costs_the_libraries_cannot_use(costs: dict[str, int]) -> None:
    with pytest.raises(PasswordError, match=next(iter(costs))):
        HashPolicy(**costs)


def test_it_cannot_be_changed_once_made() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_POLICY.bcrypt_cost = 4  # type: ignore[misc]
