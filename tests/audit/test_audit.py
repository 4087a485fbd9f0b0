"""Every change writes one audit event in its own transaction, with secrets redacted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mailwarden.audit.models import AuditEvent
from mailwarden.audit.selectors import audit_list, recent_changes
from mailwarden.audit.services import redact
from mailwarden.core.errors import LimitReached
from mailwarden.domains.services import domain_create
from mailwarden.mailboxes.services import mailbox_create
from tests.conftest import PASSWORD
from tests.plans import unordered_reads


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


def test_the_admin_of_a_domain_made_again_does_not_read_the_previous_ones_history(cast):
    """A deleted name can go to another customer: their admin sees the domain's events
    from its new creation on, not the previous customer's mailboxes and forwards."""
    from mailwarden.admins.services import admin_create
    from mailwarden.core.actor import admin_actor
    from mailwarden.domains.services import domain_delete

    domain_create(actor=cast.root, name="c.example", create_postmaster=False)
    mailbox_create(actor=cast.root, address="previous@c.example", password=PASSWORD)
    domain_delete(actor=cast.root, name="c.example", force=True)
    domain_create(actor=cast.root, name="c.example", create_postmaster=False)
    mailbox_create(actor=cast.root, address="next@c.example", password=PASSWORD)
    newcomer = admin_create(
        actor=cast.root, email="new@c.example", password=PASSWORD, domains=["c.example"]
    )
    seen = audit_list(actor=admin_actor(newcomer, door="web"), limit=1000).items
    assert [e.object_repr for e in seen if e.object_type == "mailbox"] == ["next@c.example"]
    assert len([e for e in seen if e.action == "domain.create"]) == 1


def test_it_filters_by_action_and_actor(cast):
    page = audit_list(actor=cast.root, action="domain.create")
    assert {e.object_repr for e in page.items} == {"a.example", "b.example"}
    assert audit_list(actor=cast.root, actor_label="cli:nobody-such").total == 0


@pytest.mark.django_db(transaction=True)  # MySQL's ANALYZE TABLE commits
def test_the_latest_changes_are_read_from_an_index_past_any_number_of_api_calls(cast):
    """The dashboard's recent changes: a busy token's thousands of reads since the last
    change are skipped by the index on (call, at, id), not read and filtered."""
    AuditEvent.objects.bulk_create(
        AuditEvent(actor="token:poller", door="api", action="api.call", object_type="call",
                   object_repr="ping", call=True)
        for _ in range(2000)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE TABLE mailwarden_audit_event" if connection.vendor == "mysql" else "ANALYZE"
        )
    with CaptureQueriesContext(connection) as captured:
        changes = recent_changes(cast.superadmin, limit=10)
    assert [e.call for e in changes] == [False] * 10
    (sql,) = [q["sql"] for q in captured.captured_queries]
    assert unordered_reads(sql, table="mailwarden_audit_event") == []
    assert audit_list(actor=cast.superadmin, without_calls=True, limit=10).items == changes
