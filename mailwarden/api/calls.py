"""The audit record of each API call: every call a token makes is audited with its name.

A change is audited by its service, in the change's own transaction, with the actor
``token:<name>``; that row is the call's record. Every other call (a read, a refusal, a
failed change, an unknown method) gets one ``api.call`` event here, written after the
call: its operation, its outcome, what it asked for (secrets redacted), the door and the
calling address. So the log shows who read what, and what was tried and refused, without
writing a second row into every change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from pydantic import BaseModel

from mailwarden.api.operations import OPERATIONS, READ
from mailwarden.audit.services import audit_record
from mailwarden.core.addressing import normalize_domain
from mailwarden.core.errors import ServiceError
from mailwarden.domains.selectors import visible_domains
from mailwarden.tokens.authentication import TokenActor

OK = "ok"


@dataclass
class ApiCall:
    """One call as it goes: the doors fill in the params once they are valid and the
    outcome (``ok`` or the error's code) once it is known, then ``record_call``."""

    actor: TokenActor
    name: str
    params: BaseModel | None = None
    outcome: str = OK


def record_call(call: ApiCall) -> None:
    """Audit ``call`` unless it is a change that went through: its service audited that."""
    operation = OPERATIONS.get(call.name)
    if call.outcome == OK and operation is not None and operation.scope != READ:
        return
    asked = call.params.model_dump(mode="json", exclude_defaults=True) if call.params else {}
    with transaction.atomic():
        audit_record(
            actor=call.actor,
            action="api.call",
            object_type="call",
            object_repr=call.name,
            domain=_domain_of(call),
            after={"outcome": call.outcome, "params": asked},
            call=True,
        )


def _domain_of(call: ApiCall) -> str:
    """The domain the call was about, when the token may see it: its domain's admins then
    see the call in their log; a probe of a domain outside the token's reach stays in the
    superadmins' log only (it would otherwise tell that domain's admins about the prober)."""
    name = _named_domain(call)
    if not name:
        return ""
    actor = call.actor
    if actor.is_superadmin or visible_domains(actor).filter(name=name).exists():
        return name
    return ""


def _named_domain(call: ApiCall) -> str:
    """``a.example`` from a call's ``address`` (``x@a.example``), domain ``name`` or
    ``domain`` filter, in that order; "" when it names none or not a valid one."""
    params, operation = call.params, OPERATIONS.get(call.name)
    if params is None or operation is None:
        return ""
    named = {field: getattr(params, field, None) for field in operation.key}
    value = named.get("address") or named.get("name") or getattr(params, "domain", None)
    if not isinstance(value, str) or not value:
        return ""
    try:
        return normalize_domain(value.rpartition("@")[2])
    except ServiceError:
        return ""
