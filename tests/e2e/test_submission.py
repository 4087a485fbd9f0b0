"""On the submission port a mailbox may send as itself and its aliases, and nobody else."""

from __future__ import annotations

import smtplib

import pytest

from tests.e2e.mail import send, wait_for
from tests.mailstack.world import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ALICE, BOB = "alice@example.test", "bob@example.test"


def test_it_lets_a_mailbox_send_as_itself_and_its_aliases(stack, world):
    port = stack.ports["submission"]
    for sender in (ALICE, "sales@example.test", "team@example.test"):
        token = send(port, sender, [BOB], login=(ALICE, PASSWORD))
        assert wait_for(stack.maildir(BOB), token), sender


def test_it_refuses_a_mailbox_sending_as_someone_else(stack, world):
    port = stack.ports["submission"]
    for sender in (BOB, "dave@example.test", "stranger@outside.invalid"):
        with pytest.raises(smtplib.SMTPRecipientsRefused) as caught:
            send(port, sender, [BOB], login=(ALICE, PASSWORD))
        code, text = caught.value.recipients[BOB]
        assert code == 553, sender
        assert b"not owned by user alice@example.test" in text, sender


def test_it_refuses_to_relay_for_unauthenticated_clients(stack, world):
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(stack.ports["smtp"], "someone@outside.invalid", ["victim@elsewhere.invalid"])
