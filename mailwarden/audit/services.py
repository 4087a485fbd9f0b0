"""Writes audit events; called by every service inside its own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from mailwarden.audit.models import AuditEvent
from mailwarden.core.actor import Actor
from mailwarden.core.errors import Forbidden
from mailwarden.core.text import inert

# Keys whose values never reach the audit log, at any depth.
SECRET_KEYS = frozenset({"password", "password_hash", "secret", "token", "totp_secret"})
REDACTED = "[redacted]"


def redact(value: Any) -> Any:
    """Replace the value of every secret-looking key with a marker, recursively."""
    if isinstance(value, dict):
        return {k: REDACTED if k in SECRET_KEYS else redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def audit_record(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_repr: str,
    domain: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    call: bool = False,
) -> AuditEvent:
    """Record one change; callers run it in the same transaction as the change itself
    (``call``: the record of an API call that changed nothing, ``mailwarden.api.calls``).
    Labels may hold what a visitor typed (a failed login's address): kept, but inert."""
    return AuditEvent.objects.create(
        actor=inert(actor.label)[:255],
        admin=actor.admin,
        door=actor.door,
        source_ip=actor.source_ip,
        action=action,
        object_type=object_type,
        object_repr=inert(object_repr)[:255],
        domain=domain,
        before=redact(before) if before is not None else None,
        after=redact(after) if after is not None else None,
        call=call,
    )


@transaction.atomic
def audit_prune(*, actor: Actor, before: datetime, calls_only: bool = False) -> int:
    """Delete the events older than ``before`` (only the ``api.call`` records with
    ``calls_only``), superadmins only, and say so in the log itself: with every API call
    recorded the log grows with use, and its retention is the operator's decision. The
    ``audit.prune`` event is written after the delete, so it is never pruned by itself."""
    if not actor.is_superadmin:
        raise Forbidden("only a superadmin prunes the audit log")
    old = AuditEvent.objects.filter(at__lt=before)
    if calls_only:
        old = old.calls()
    deleted, _ = old.delete()
    audit_record(
        actor=actor,
        action="audit.prune",
        object_type="audit",
        object_repr=f"before {before.isoformat()}",
        after={"before": before.isoformat(), "calls_only": calls_only, "deleted": deleted},
    )
    return deleted
