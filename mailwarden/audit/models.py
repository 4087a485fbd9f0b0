"""The audit log: one row per change, written in the same transaction as the change, and one
per API call that changed nothing (a read, a refusal), written after it."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from django.db import models
from django.utils import timezone


class FieldChange(NamedTuple):
    """One field of an event: its value before and after, as text ("" where there is none)."""

    field: str
    before: str
    after: str


class AuditEventQuerySet(models.QuerySet):
    """``changes()`` and ``calls()`` filter on ``call`` with ``IN``: Django writes
    ``call=False`` as ``WHERE NOT call``, which no engine seeks an index with, so the newest
    changes would be found by walking back past every call since."""

    def changes(self) -> AuditEventQuerySet:
        return self.filter(call__in=[False])

    def calls(self) -> AuditEventQuerySet:
        return self.filter(call__in=[True])


class AuditEvent(models.Model):
    """Who (actor, door, source IP) did what (action) to which object, with before/after values.

    ``domain`` keeps the domain name as text so events outlive the domain and domain admins
    can be shown only their domains' events. Secrets are redacted before they get here.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.CharField(max_length=255)
    admin = models.ForeignKey(
        "admins.Admin", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    door = models.CharField(max_length=8)
    source_ip = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=32)
    object_repr = models.CharField(max_length=255)
    domain = models.CharField(max_length=253, blank=True, default="", db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # The record of an API call that changed nothing (``api.call``): lists of changes (the
    # dashboard's, ``without_calls``) leave these out through the index below, however
    # many reads a busy token has made since the last change.
    call = models.BooleanField(default=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        db_table = "mailwarden_audit_event"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["call", "at", "id"], name="audit_event_call_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor} {self.action} {self.object_repr}"

    @property
    def field_changes(self) -> list[FieldChange]:
        """What the event changed, field by field: every field of a create or a delete,
        only the differing ones of an update; the audit page shows these under each row."""
        before, after = self.before or {}, self.after or {}  # ``audit_record`` stores dicts
        return [
            FieldChange(key, _shown(before.get(key)), _shown(after.get(key)))
            for key in sorted(before.keys() | after.keys())
            if key not in before or key not in after or before[key] != after[key]
        ]

    def to_dict(self) -> dict:
        return {
            "id": self.pk,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "door": self.door,
            "source_ip": self.source_ip,
            "action": self.action,
            "object_type": self.object_type,
            "object": self.object_repr,
            "domain": self.domain,
            "before": self.before,
            "after": self.after,
        }


def _shown(value: Any) -> str:
    """A stored value as one line of text: strings as they are, the rest as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
