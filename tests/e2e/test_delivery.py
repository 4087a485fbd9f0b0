"""Mail sent to Postfix reaches the right maildirs through mailwarden's rows, or is refused."""

from __future__ import annotations

import smtplib

import pytest

from tests.e2e.mail import holds, imap_subjects, send, wait_for
from tests.mailstack.world import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ALICE, BOB = "alice@example.test", "bob@example.test"
OUTSIDE = "someone@outside.invalid"


def test_it_delivers_over_lmtp_and_serves_the_message_over_imap(stack, world):
    token = send(stack.ports["smtp"], OUTSIDE, [ALICE])
    assert wait_for(stack.maildir(ALICE), token)
    assert token in imap_subjects(stack.ports["imap"], ALICE, PASSWORD)


def test_it_delivers_an_alias_to_its_one_target(stack, world):
    token = send(stack.ports["smtp"], OUTSIDE, ["sales@example.test"])
    assert wait_for(stack.maildir(ALICE), token)


def test_it_delivers_an_alias_to_each_of_its_targets(stack, world):
    token = send(stack.ports["smtp"], OUTSIDE, ["team@example.test"])
    assert wait_for(stack.maildir(ALICE), token)
    assert wait_for(stack.maildir(BOB), token)


def test_it_delivers_unknown_addresses_to_the_catchall(stack, world, cli):
    from mailwarden.addresses.services import alias_create

    alias_create(actor=cli, address="@example.test", targets=[BOB])
    token = send(stack.ports["smtp"], OUTSIDE, ["whoever@example.test"])
    assert wait_for(stack.maildir(BOB), token)
    mine = send(stack.ports["smtp"], OUTSIDE, [ALICE])
    assert wait_for(stack.maildir(ALICE), mine)
    assert not holds(stack.maildir(BOB), mine)


def test_it_delivers_through_an_alias_domain(stack, world, cli):
    from mailwarden.addresses.services import alias_create

    token = send(stack.ports["smtp"], OUTSIDE, ["alice@alias.test", "team@alias.test"])
    assert wait_for(stack.maildir(ALICE), token)
    assert wait_for(stack.maildir(BOB), token)
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(stack.ports["smtp"], OUTSIDE, ["nobody@alias.test"])
    alias_create(actor=cli, address="@example.test", targets=[BOB])
    caught = send(stack.ports["smtp"], OUTSIDE, ["nobody@alias.test"])
    assert wait_for(stack.maildir(BOB), caught)


def test_it_forwards_without_and_with_a_kept_copy(stack, world):
    dave, erin = "dave@example.test", "erin@example.test"
    token = send(stack.ports["smtp"], OUTSIDE, [dave, erin])
    assert wait_for(stack.maildir(BOB), token)
    assert wait_for(stack.maildir(erin), token)
    assert not holds(stack.maildir(dave), token)


def test_it_delivers_a_recipient_written_in_mixed_case(stack, world):
    token = send(stack.ports["smtp"], OUTSIDE, ["Alice@Example.TEST"])
    assert wait_for(stack.maildir(ALICE), token)


def test_it_refuses_inactive_and_deleted_recipients_at_rcpt_time(stack, world, cli):
    from mailwarden.mailboxes.services import mailbox_create, mailbox_delete

    mailbox_create(actor=cli, address="gone@example.test", password=PASSWORD)
    mailbox_delete(actor=cli, address="gone@example.test")
    refused = {
        "carol@example.test": "550 5.1.1",  # inactive mailbox
        "old@example.test": "550 5.1.1",  # inactive alias
        "gone@example.test": "550 5.1.1",  # deleted mailbox
        "nobody@example.test": "550 5.1.1",  # never existed
        "zed@off.test": "554 5.7.1",  # mailbox of an inactive domain: not ours at all
    }
    for address, reply in refused.items():
        with pytest.raises(smtplib.SMTPRecipientsRefused) as caught:
            send(stack.ports["smtp"], OUTSIDE, [address])
        code, text = caught.value.recipients[address]
        assert f"{code} {text.decode()}".startswith(reply), (address, code, text)


def test_it_refuses_mail_for_a_full_mailbox_at_rcpt_time(stack, world, cli):
    """Dovecot's quota-status service answers Postfix's policy check before DATA.

    (Without it, or when the client sends no SIZE, LMTP refuses the message at the end of
    DATA and Postfix bounces it to the sender instead: see docs/mailstack.md.)
    """
    from mailwarden.mailboxes.services import mailbox_update

    mailbox_update(actor=cli, address=ALICE, quota_bytes=8000)
    first = send(stack.ports["smtp"], OUTSIDE, [ALICE], size=6000)
    assert wait_for(stack.maildir(ALICE), first)
    with pytest.raises(smtplib.SMTPRecipientsRefused) as caught:
        send(stack.ports["smtp"], OUTSIDE, [ALICE], size=6000)
    code, text = caught.value.recipients[ALICE]
    assert (code, b"Mailbox is full" in text) == (552, True)


def test_it_relays_mail_for_a_relay_domain_to_its_next_hop(stack, sink, world):
    token = send(stack.ports["smtp"], OUTSIDE, ["someone@relay.test"])
    received = sink.wait_for(token)
    assert received is not None, "the sink never received the message"
    assert received.recipients == ["someone@relay.test"]
