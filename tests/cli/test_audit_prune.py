"""``mailwarden audit prune``: the operator decides how long the log is kept, and the log
itself says when it was pruned."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mailwarden.audit.models import AuditEvent
from mailwarden.audit.services import audit_prune
from mailwarden.core.errors import Forbidden


def _age(action: str, days: int, *, call: bool = False) -> None:
    AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=days),
        actor="token:old",
        door="api",
        action=action,
        object_type="call" if call else "mailbox",
        object_repr="x",
        call=call,
    )


def test_it_deletes_what_is_older_than_the_days_given_and_records_that_it_did(mw, cast):
    _age("api.call", 100, call=True)
    _age("mailbox.create", 100)
    _age("mailbox.update", 10)
    kept = AuditEvent.objects.filter(at__gte=timezone.now() - timedelta(days=30)).count()

    run = mw("--json", "audit", "prune", "--older-than-days", "30")

    assert run.code == 0, run.err
    assert run.json()["deleted"] == 2
    assert AuditEvent.objects.filter(at__lt=timezone.now() - timedelta(days=30)).count() == 0
    prune = AuditEvent.objects.get(action="audit.prune")
    assert (prune.actor.startswith("cli:"), prune.after["deleted"]) == (True, 2)
    assert AuditEvent.objects.count() == kept + 1


def test_calls_only_keeps_the_changes(mw, cast):
    _age("api.call", 100, call=True)
    _age("mailbox.create", 100)
    run = mw("audit", "prune", "--older-than-days", "30", "--calls-only")
    assert run.code == 0, run.err
    assert run.out.startswith("deleted 1 audit events from before ")
    assert AuditEvent.objects.filter(action="mailbox.create", actor="token:old").exists()
    assert not AuditEvent.objects.filter(action="api.call").exists()


@pytest.mark.parametrize("days", ["0", "-3", "ten", "1.5"])
def test_it_takes_only_a_whole_number_of_days_from_one_up(mw, cast, days, unchanged):
    with unchanged():
        assert (
            "whole number of days" in mw("audit", "prune", "--older-than-days", days).usage_error()
        )
    assert not AuditEvent.objects.filter(action="audit.prune").exists()


def test_only_a_superadmin_prunes(cast):
    _age("mailbox.create", 100)
    with pytest.raises(Forbidden):
        audit_prune(actor=cast.admin_a, before=timezone.now())
    assert AuditEvent.objects.filter(actor="token:old").exists()
