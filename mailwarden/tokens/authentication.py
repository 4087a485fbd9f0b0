"""Turning a bearer token into an ``Actor``: every API door calls ``token_authenticate``.

A failed authentication counts toward the brute-force limit of the source IP (the same
counters as the login form) and is audited; while the IP is locked, nothing is checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mailwarden.audit.services import audit_record
from mailwarden.core.actor import Actor, admin_actor
from mailwarden.core.errors import ServiceError
from mailwarden.security.client_ip import in_networks
from mailwarden.security.throttle import throttle_check, throttle_fail
from mailwarden.tokens.models import ApiToken
from mailwarden.tokens.secrets import digest_matches, prefix_of, well_formed

REJECTED = "the API token is missing, invalid, expired or revoked"
# Last use is written at most this often per token.
LAST_USED_GRANULARITY = timedelta(seconds=60)


class Unauthenticated(ServiceError):
    """No valid token: HTTP 401. One message for every reason, so it tells an attacker nothing."""

    code = "unauthorized"


@dataclass(frozen=True)
class TokenActor(Actor):
    """An actor that came through a token: the owner's rights narrowed to the token's."""

    token_id: int = 0
    token_name: str = ""
    scopes: frozenset[str] = field(default_factory=frozenset)

    def may(self, scope: str) -> bool:
        return scope in self.scopes


def token_authenticate(raw: str, ip: str, *, door: str = "api") -> TokenActor:
    """The actor for ``raw`` calling from ``ip``, or ``Unauthenticated``/``TooManyAttempts``."""
    throttle_check(ip=ip, account=None)
    token = _find(raw)
    reason = _refusal(token, raw, ip)
    if reason:
        _fail(token, raw, ip, door, reason)
        raise Unauthenticated(REJECTED)
    assert token is not None
    actor = _actor(token, ip, door)
    _record_use(token, actor)
    return actor


def _find(raw: str) -> ApiToken | None:
    """The token with ``raw``'s prefix (unique). ``get``, not ``first``: ``first`` adds the
    model's ordering to this one-row lookup, and building that ORDER BY was a third of the
    query's cost in the ORM, on every API call."""
    if not well_formed(raw):
        return None
    try:
        return ApiToken.objects.select_related("owner").get(prefix=prefix_of(raw))
    except ApiToken.DoesNotExist:
        return None


def _refusal(token: ApiToken | None, raw: str, ip: str) -> str | None:
    """Why the token is refused, for the audit log only; None when it is good."""
    matches = digest_matches(raw, token.digest if token else None)
    if token is None or not matches:
        return "unknown"
    if token.revoked is not None:
        return "revoked"
    if token.expires is not None and token.expires <= timezone.now():
        return "expired"
    if not token.owner.is_active:
        return "owner_inactive"
    if token.allowed_networks and not in_networks(ip, token.allowed_networks):
        return "address_not_allowed"
    return None


def _fail(token: ApiToken | None, raw: str, ip: str, door: str, reason: str) -> None:
    visitor = Actor(
        label=f"token:{token.name}" if token else "token:?",
        door=door,
        is_superadmin=False,
        admin=token.owner if token else None,
        source_ip=ip,
    )
    shown = prefix_of(raw) if well_formed(raw) else "-"
    with transaction.atomic():
        locked = throttle_fail(ip=ip, account=None)
        audit_record(
            actor=visitor,
            action="token.auth_failure",
            object_type="token",
            object_repr=shown,
            after={"reason": reason},
        )
        if locked:
            audit_record(actor=visitor, action="token.lockout", object_type="token", object_repr=ip)


def _record_use(token: ApiToken, actor: TokenActor) -> None:
    """Last use (time and address) on the token, written at most once a minute per token
    and whenever the calling address changes, so that reads do not all become updates of
    one row. The calls themselves are audited by the doors (``mailwarden.api.calls``)."""
    ip = actor.source_ip or ""
    now = timezone.now()
    stale = token.last_used is None or now - token.last_used >= LAST_USED_GRANULARITY
    if not stale and token.last_used_ip == ip:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used=now, last_used_ip=ip)


def _actor(token: ApiToken, ip: str, door: str) -> TokenActor:
    """The owner's rights now, intersected with the token's domain list when it has one."""
    owner = admin_actor(token.owner, door=door, source_ip=ip)
    is_superadmin = owner.is_superadmin
    domain_ids = owner.domain_ids
    if token.domain_restricted:
        token_domains = frozenset(token.domains.values_list("id", flat=True))
        domain_ids = token_domains if is_superadmin else domain_ids & token_domains
        is_superadmin = False
    return TokenActor(
        label=f"token:{token.name}",
        door=door,
        is_superadmin=is_superadmin,
        admin=token.owner,
        domain_ids=domain_ids,
        source_ip=ip,
        token_id=token.pk,
        token_name=token.name,
        scopes=token.scopes,
    )
