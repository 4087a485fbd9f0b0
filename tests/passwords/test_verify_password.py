"""verify_password accepts what Dovecot accepts, including hashes imported from elsewhere."""

import base64
import hashlib

import pytest

from mailwarden.passwords import SCHEMES_VERIFIED, verify_password

PASSWORD = "Tr0ub4dor&3"

# Made by `doveadm pw -s SCHEME -p 'Tr0ub4dor&3'` with Dovecot 2.3.19.1.
DOVEADM_VECTORS = {
    "ARGON2ID": "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$NpQJIIaV8DRPiaoUdZMHPw"
    "$85/mqdhg4HJLECwZYjRmNiv0vM/TiyqKK+D2XN1+Ti4",
    "ARGON2I": "{ARGON2I}$argon2i$v=19$m=32768,t=4,p=1$Tc7cxqXsiSAP11WJ0hd5aA"
    "$eHryisxLX2ZcBwT4jVBMvngChWVwC8Xqg/Vvd1Lho7Y",
    "BLF-CRYPT": "{BLF-CRYPT}$2y$05$UYNrfJQYcRCVl3hZ5bUhouybR0PTlbWqTpZvtVEr4ZqrH.wYNDray",
    "SHA512-CRYPT": "{SHA512-CRYPT}$6$.KjFiZaHViclm6uE$gDoAaul5xTKS9gqN9KkyYGfoVSptnOOG3h5pu"
    ".ZK2vx7Ypm3ghiTuyp0iOiVe7zSY/vnICgIqUwZDMNRrAiIx.",
    "SHA256-CRYPT": "{SHA256-CRYPT}$5$S15xdSUzMrbNPRfp$.4B6wdL7xjIZShJ00KTEwthbMr/Np.r1nwGpnk9g9j9",
    "MD5-CRYPT": "{MD5-CRYPT}$1$HHitXf89$WCp7jHgVxD4mN6xi6zKQ7.",
    "SSHA512": "{SSHA512}ZDzvVdGsYPFlrXah03k3uNS6MQ+WVCK/bKE/p0lTNl4YwH720NK3JNglxidAAU57Yfl"
    "cHWcvXi7q035oyRc0yiK8LTs=",
    "SSHA256": "{SSHA256}c3dWjYx1ASxZHZPIk7UM/khqvehIJNJhYdG3gB/cQRkyu4h0",
    "SSHA": "{SSHA}VsAxEL6C/dHBDp85x7sPVccw9vusPbv+",
    "PLAIN-MD5": "{PLAIN-MD5}4ece57a61323b52ccffdbef021956754",
    "PLAIN": "{PLAIN}Tr0ub4dor&3",
    "CLEARTEXT": "{CLEARTEXT}Tr0ub4dor&3",
    "CRYPT": "{CRYPT}$2y$05$CYX/LWOfYUKPnHItultlTOp2ehaB4H5Rdq0oY.DmbHIbkd9HMGv/6",
}

OTHER_VECTORS = {
    "bare SHA512-CRYPT": DOVEADM_VECTORS["SHA512-CRYPT"].removeprefix("{SHA512-CRYPT}"),
    "bare SHA256-CRYPT": DOVEADM_VECTORS["SHA256-CRYPT"].removeprefix("{SHA256-CRYPT}"),
    "bare MD5-CRYPT": DOVEADM_VECTORS["MD5-CRYPT"].removeprefix("{MD5-CRYPT}"),
    "bare $2y$": DOVEADM_VECTORS["BLF-CRYPT"].removeprefix("{BLF-CRYPT}"),
    # $2a$, $2b$ and $2y$ compute the same hash for ASCII passwords.
    "bcrypt $2a$": DOVEADM_VECTORS["BLF-CRYPT"].replace("$2y$", "$2a$"),
    "bcrypt $2b$": DOVEADM_VECTORS["BLF-CRYPT"].replace("$2y$", "$2b$"),
    "CRYPT with $6$": "{CRYPT}" + DOVEADM_VECTORS["SHA512-CRYPT"].removeprefix("{SHA512-CRYPT}"),
    "CRYPT with $1$": "{CRYPT}" + DOVEADM_VECTORS["MD5-CRYPT"].removeprefix("{MD5-CRYPT}"),
    "SHA512-CRYPT with rounds=1000": "{SHA512-CRYPT}$6$rounds=1000$keWbfC6ld6AGXdlV$VnVQz1jq6ab4T6"
    "msy96lAiSXXUvN5rkThSkR8JdRkc.3TqoXgGDY1oD5Sgju/fdOMzADVczDwtls5xBVMKCC..",
    "PLAIN-MD5 in base64": "{PLAIN-MD5}Ts5XphMjtSzP/b7wIZVnVA==",
    "lower-case scheme name": "{ssha}VsAxEL6C/dHBDp85x7sPVccw9vusPbv+",
    "SSHA512 built by hand with a 4-byte salt": "{SSHA512}"
    + base64.b64encode(hashlib.sha512(PASSWORD.encode() + b"salt").digest() + b"salt").decode(),
}


@pytest.mark.parametrize("stored", DOVEADM_VECTORS.values(), ids=DOVEADM_VECTORS.keys())
def test_it_verifies_hashes_made_by_doveadm(stored: str) -> None:
    assert verify_password(PASSWORD, stored)
    assert not verify_password("Tr0ub4dor&4", stored)


@pytest.mark.parametrize("stored", OTHER_VECTORS.values(), ids=OTHER_VECTORS.keys())
def test_it_verifies_other_forms_dovecot_reads(stored: str) -> None:
    assert verify_password(PASSWORD, stored)
    assert not verify_password("tr0ub4dor&3", stored)


def test_it_has_a_doveadm_vector_for_every_verified_scheme() -> None:
    assert set(DOVEADM_VECTORS) == set(SCHEMES_VERIFIED)


def test_it_verifies_non_ascii_passwords_hashed_by_doveadm() -> None:
    """Made by doveadm from the UTF-8 bytes of "pässwörd✓"."""
    stored = (
        "{SHA512-CRYPT}$6$cz8RD7tffWT/n5wk$CjZaMZoJc65WPmu4okSzpAXbutEBhlfw9zdIlTxhCoFAH1iI2RmRk"
        "n9pIVK9Vz2ZZutaRWZo5OnPGtE30q.IP."
    )

    assert verify_password("pässwörd✓", stored)
    assert not verify_password("passwörd✓", stored)


def test_it_compares_plain_passwords_exactly() -> None:
    assert not verify_password("Tr0ub4dor&", "{PLAIN}Tr0ub4dor&3")
    assert not verify_password("Tr0ub4dor&3 ", "{PLAIN}Tr0ub4dor&3")


MALFORMED = [
    "",
    "Tr0ub4dor&3",
    "{}",
    "{PLAIN",
    "{UNKNOWN}Tr0ub4dor&3",
    "{SHA512}Tr0ub4dor&3",
    "{SHA512-CRYPT}",
    "{SHA512-CRYPT}$6$",
    "{SHA512-CRYPT}$6$salt$tooshort",
    "{SHA512-CRYPT}$1$HHitXf89$WCp7jHgVxD4mN6xi6zKQ7.",
    "{MD5-CRYPT}$6$.KjFiZaHViclm6uE$gDoAaul5xTKS9gqN9KkyYGfoVSptnOOG3h5pu",
    "{BLF-CRYPT}$2y$05$short",
    "{BLF-CRYPT}$2x$05$UYNrfJQYcRCVl3hZ5bUhouybR0PTlbWqTpZvtVEr4ZqrH.wYNDray",
    "{BLF-CRYPT}$2y$05$UYNrfJQYcRCVl3hZ5bUhouybR0PTlbWqTpZvtVEr4ZqrH.wYNDräy",
    "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$broken",
    "{ARGON2ID}$argon2d$v=19$m=65536,t=3,p=1$NpQJIIaV8DRPiaoUdZMHPw$85/mqdhg4HJLECwZYjRmNiv0vM",
    "{ARGON2ID}not argon2 at all",
    "{SSHA512}not base64!",
    "{SSHA512}" + base64.b64encode(b"x" * 64).decode(),
    "{SSHA}",
    "{PLAIN-MD5}4ece57a61323b52ccffdbef02195675",
    "{PLAIN-MD5}zzzz57a61323b52ccffdbef021956754",
    "{CRYPT}abJnggxhB/yWI",
    "{CRYPT}",
    "$argon2id$v=19$m=65536,t=3,p=1$NpQJIIaV8DRPiaoUdZMHPw$85/mqdhg4HJLECwZYjRmNiv0vM/TiyqKK+D2XN1",
    "$2x$05$UYNrfJQYcRCVl3hZ5bUhouybR0PTlbWqTpZvtVEr4ZqrH.wYNDray",
    "{PLAIN}\udcff",
]


@pytest.mark.parametrize("stored", MALFORMED)
def test_it_returns_false_for_malformed_or_unknown_stored_values(stored: str) -> None:
    assert verify_password(PASSWORD, stored) is False


@pytest.mark.parametrize("stored", [None, b"{PLAIN}Tr0ub4dor&3", 42])
def test_it_returns_false_for_stored_values_that_are_not_text(stored: object) -> None:
    """A NULL password column reaches us as None; it must not turn into a crash."""
    assert verify_password(PASSWORD, stored) is False  # type: ignore[arg-type]
