"""A script with a write token provisions over REST and JSON-RPC, and the mailbox gets mail."""

from __future__ import annotations

import pytest

from tests.api.conftest import Rest, Rpc
from tests.e2e.mail import imap_subjects, send, wait_for
from tests.mailstack.world import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OUTSIDE = "someone@outside.invalid"


@pytest.fixture
def write_token(world, cli) -> str:
    from mailwarden.admins.models import Admin
    from mailwarden.admins.services import admin_create
    from mailwarden.tokens.services import token_create

    if not Admin.objects.filter(email="ops@provider.invalid").exists():
        admin_create(actor=cli, email="ops@provider.invalid", password=PASSWORD, is_superadmin=True)
    return token_create(
        actor=cli, name="billing", scopes=["read", "write"], owner_email="ops@provider.invalid"
    ).secret


def test_a_mailbox_made_over_rest_receives_mail_through_its_alias(stack, write_token):
    rest = Rest()
    assert rest.post(write_token, "/domains", {"name": "rest.test"}).status_code == 201
    mailbox = {"address": "carol@rest.test", "password": PASSWORD}
    assert rest.post(write_token, "/mailboxes", mailbox).status_code == 201
    alias = {"address": "info@rest.test", "targets": ["carol@rest.test"]}
    assert rest.post(write_token, "/aliases", alias).status_code == 201

    token = send(stack.ports["smtp"], OUTSIDE, ["info@rest.test"])
    assert wait_for(stack.maildir("carol@rest.test"), token)
    assert token in imap_subjects(stack.ports["imap"], "carol@rest.test", PASSWORD)


def test_a_mailbox_made_over_json_rpc_receives_mail_through_its_alias(stack, write_token):
    rpc = Rpc()
    for method, params in (
        ("domain.create", {"name": "rpc.test"}),
        ("mailbox.create", {"address": "dave@rpc.test", "password": PASSWORD}),
        ("alias.create", {"address": "info@rpc.test", "targets": ["dave@rpc.test"]}),
    ):
        answer = rpc.call(write_token, method, params)
        assert "error" not in answer, answer

    token = send(stack.ports["smtp"], OUTSIDE, ["info@rpc.test"])
    assert wait_for(stack.maildir("dave@rpc.test"), token)
    assert token in imap_subjects(stack.ports["imap"], "dave@rpc.test", PASSWORD)
