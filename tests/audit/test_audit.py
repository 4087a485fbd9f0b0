"""Every change writes one audit event in its own transaction, with secrets redacted."""

import pytest

from mailwarden.audit.models import AuditEvent
from mailwarden.audit.selectors import audit_list
from mailwarden.audit.services import redact
from mailwarden.core.errors import LimitReached
from mailwarden.domains.services import domain_create
from mailwarden.mailboxes.services import mailbox_create
from tests.conftest import PASSWORD


def test_each_change_records_actor_door_action_and_after_values(cast):
    mailbox_create(actor=cast.admin_a, address="carol@a.example", password=PASSWORD)
    event = AuditEvent.objects.filter(action="mailbox.create").first()
    assert event.actor == "admin@a.example"
    assert event.door == "web"
    assert event.domain == "a.example"
    assert event.object_repr == "carol@a.example"
    assert event.after["address"] == "carol@a.example"


def test_a_refused_change_leaves_no_event(cli):
    domain_create(actor=cli, name="small.example", create_postmaster=False, max_mailboxes=1)
    mailbox_create(actor=cli, address="a@small.example", password=PASSWORD)
    count = AuditEvent.objects.count()
    with pytest.raises(LimitReached):
        mailbox_create(actor=cli, address="b@small.example", password=PASSWORD)
    assert AuditEvent.objects.count() == count


def test_secrets_are_redacted_at_any_depth():
    assert redact({"a": 1, "password": "x", "n": [{"token": "t", "b": 2}]}) == {
        "a": 1,
        "password": "[redacted]",
        "n": [{"token": "[redacted]", "b": 2}],
    }


def test_a_domain_admin_reads_only_their_domains_events(cast):
    domains = {e.domain for e in audit_list(actor=cast.admin_a, limit=1000).items}
    assert domains == {"a.example"}
    assert audit_list(actor=cast.admin_a, domain="b.example").total == 0


def test_it_filters_by_action_and_actor(cast):
    page = audit_list(actor=cast.root, action="domain.create")
    assert {e.object_repr for e in page.items} == {"a.example", "b.example"}
    assert audit_list(actor=cast.root, actor_label="cli:nobody-such").total == 0
