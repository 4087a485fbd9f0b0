"""Dovecot's own doveadm accepts our hashes, and we accept its: the contract, end to end."""

import shutil
import subprocess
from pathlib import Path

import pytest

from mailwarden.passwords import SCHEMES_WRITTEN, hash_password, hash_with_doveadm, verify_password
from tests.conftest import require

PASSWORDS = ["Tr0ub4dor&3", "pässwörd✓"]


@pytest.fixture
def doveadm() -> str:
    found = shutil.which("doveadm")
    require(found is not None, "the real doveadm binary (Dovecot 2.3) is not installed")
    assert found is not None
    return found


def dovecot_accepts(doveadm: str, config: Path, stored: str, password: str) -> bool:
    """Ask `doveadm pw -t` whether Dovecot takes the password (on argv: tests only)."""
    config.write_text("")  # an empty config keeps the answer independent of the host's
    done = subprocess.run(
        [doveadm, "-c", str(config), "pw", "-t", stored, "-p", password],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return done.returncode == 0


@pytest.mark.parametrize("password", PASSWORDS)
@pytest.mark.parametrize("scheme", SCHEMES_WRITTEN)
def test_it_writes_hashes_dovecot_accepts(
    doveadm: str, tmp_path: Path, scheme: str, password: str
) -> None:
    stored = hash_password(password, scheme)

    assert dovecot_accepts(doveadm, tmp_path / "dovecot.conf", stored, password)


def test_it_is_not_accepted_by_dovecot_with_the_wrong_password(
    doveadm: str, tmp_path: Path
) -> None:
    stored = hash_password("Tr0ub4dor&3", "SHA512-CRYPT")

    assert not dovecot_accepts(doveadm, tmp_path / "dovecot.conf", stored, "Tr0ub4dor&4")


def test_it_writes_a_72_byte_bcrypt_password_dovecot_accepts(doveadm: str, tmp_path: Path) -> None:
    stored = hash_password("é" * 36, "BLF-CRYPT")

    assert dovecot_accepts(doveadm, tmp_path / "dovecot.conf", stored, "é" * 36)


@pytest.mark.parametrize("scheme", SCHEMES_WRITTEN)
def test_it_hashes_through_the_real_doveadm(doveadm: str, scheme: str) -> None:
    stored = hash_with_doveadm("pässwörd✓", scheme, doveadm)

    assert stored.startswith(f"{{{scheme}}}")
    assert verify_password("pässwörd✓", stored)
