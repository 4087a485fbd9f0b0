"""Shared fixtures for the password tests, which run without Django."""

import pytest

from mailwarden.passwords import HashPolicy


@pytest.fixture(autouse=True)
def _fast_hashes() -> None:
    """Replaces the suite-wide fixture of this name, which needs Django's settings.

    The passwords package has no Django in it; these tests choose their costs with `cheap`.
    """


@pytest.fixture
def cheap() -> HashPolicy:
    """The lowest costs each scheme allows, so round trips stay fast.

    Only tests about the default costs themselves use DEFAULT_POLICY.
    """
    return HashPolicy(
        argon2_memory_kib=1024, argon2_time_cost=1, bcrypt_cost=4, sha512_crypt_rounds=1000
    )
