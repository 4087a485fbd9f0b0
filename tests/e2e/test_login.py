"""Dovecot authenticates mailboxes from mailwarden's rows: every scheme, case, and change."""

from __future__ import annotations

import pytest

from tests.e2e.mail import imap_login, imap_logins
from tests.mailstack.world import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WRONG = "wrong horse battery"


def imported_hashes(password: str) -> dict[str, str]:
    """Hashes as another system would have stored them (a sample of the verified schemes)."""
    import base64
    import hashlib
    import os

    import argon2
    from passlib.hash import md5_crypt, sha256_crypt

    salt = os.urandom(8)
    raw = password.encode()
    ssha256 = hashlib.sha256(raw + salt).digest() + salt
    ssha = hashlib.sha1(raw + salt).digest() + salt  # noqa: S324 - the legacy scheme under test
    hasher = argon2.PasswordHasher(
        time_cost=2, memory_cost=19456, parallelism=1, type=argon2.Type.I
    )
    return {
        "MD5-CRYPT": "{MD5-CRYPT}" + md5_crypt.hash(password),
        "SHA256-CRYPT": "{SHA256-CRYPT}" + sha256_crypt.using(rounds=5000).hash(password),
        "SSHA256": "{SSHA256}" + base64.b64encode(ssha256).decode(),
        "SSHA": "{SSHA}" + base64.b64encode(ssha).decode(),
        "PLAIN-MD5": "{PLAIN-MD5}" + hashlib.md5(raw).hexdigest(),  # noqa: S324
        "ARGON2I": "{ARGON2I}" + hasher.hash(password),
        "CLEARTEXT": "{CLEARTEXT}" + password,
    }


def test_it_logs_in_with_every_written_and_a_sample_of_imported_schemes(stack, cli):
    from mailwarden.domains.services import domain_create
    from mailwarden.mailboxes.services import mailbox_create
    from mailwarden.passwords import SCHEMES_WRITTEN

    domain_create(actor=cli, name="schemes.test", create_postmaster=False)
    users = []
    for scheme in SCHEMES_WRITTEN:
        address = f"{scheme.lower()}@schemes.test"
        mailbox_create(actor=cli, address=address, password=PASSWORD, scheme=scheme)
        users.append(address)
    for scheme, stored in imported_hashes(PASSWORD).items():
        address = f"imported-{scheme.lower()}@schemes.test"
        mailbox_create(actor=cli, address=address, password_hash=stored)
        users.append(address)
    right = imap_logins(stack.ports["imap"], [(u, PASSWORD) for u in users])
    wrong = imap_logins(stack.ports["imap"], [(u, WRONG) for u in users])
    assert dict(zip(users, right, strict=True)) == dict.fromkeys(users, True)
    assert dict(zip(users, wrong, strict=True)) == dict.fromkeys(users, False)


def test_it_logs_in_whatever_the_case_of_the_address(stack, world):
    assert imap_login(stack.ports["imap"], "Alice@EXAMPLE.test", PASSWORD)


def test_it_applies_a_password_change_at_the_next_login(stack, world, cli):
    from mailwarden.mailboxes.services import mailbox_set_password

    new = "a brand new passphrase"
    mailbox_set_password(actor=cli, address="alice@example.test", password=new)
    assert imap_logins(
        stack.ports["imap"], [("alice@example.test", new), ("alice@example.test", PASSWORD)]
    ) == [True, False]


def test_it_refuses_logins_of_inactive_and_deleted_mailboxes(stack, world, cli):
    from mailwarden.mailboxes.services import mailbox_create, mailbox_delete

    mailbox_create(actor=cli, address="gone@example.test", password=PASSWORD)
    mailbox_delete(actor=cli, address="gone@example.test")
    attempts = [
        ("alice@example.test", PASSWORD),  # control: an active mailbox gets in
        ("carol@example.test", PASSWORD),  # inactive mailbox
        ("zed@off.test", PASSWORD),  # mailbox of an inactive domain
        ("gone@example.test", PASSWORD),  # deleted mailbox
        ("sales@example.test", PASSWORD),  # an alias has no login
    ]
    assert imap_logins(stack.ports["imap"], attempts) == [True, False, False, False, False]
