"""Writes to API tokens: creation (the token is returned once) and revocation, audited."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from mailwarden.admins.models import Admin
from mailwarden.audit.services import audit_record
from mailwarden.core.actor import Actor, admin_actor
from mailwarden.core.addressing import normalize_address
from mailwarden.core.errors import Conflict, Forbidden, Invalid, NotFound
from mailwarden.domains.models import Domain
from mailwarden.domains.selectors import domain_get
from mailwarden.tokens.models import SCOPES, ApiToken
from mailwarden.tokens.secrets import digest_of, new_token, prefix_of
from mailwarden.tokens.selectors import token_get, token_get_by_prefix

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_NETWORKS = 32
MAX_EXPIRY_DAYS = 3650


@dataclass(frozen=True)
class NewToken:
    """A freshly created token and its secret, which exists only in this object."""

    token: ApiToken
    secret: str


def _clean_name(name: str) -> str:
    if not _NAME.match(name):
        raise Invalid(
            "name: 1 to 64 letters, digits, dots, dashes or underscores, starting with a "
            "letter or digit",
            fields={"name": "invalid"},
        )
    return name


def _clean_scopes(scopes: list[str]) -> set[str]:
    chosen = set(scopes)
    if not chosen:
        raise Invalid(f"scopes: at least one of {', '.join(SCOPES)}", fields={"scopes": "required"})
    unknown = chosen - set(SCOPES)
    if unknown:
        raise Invalid(
            f"scopes: {sorted(unknown)[0]!r} is not one of {', '.join(SCOPES)}",
            fields={"scopes": "invalid"},
        )
    return chosen


def _clean_networks(networks: list[str]) -> list[str]:
    if len(networks) > MAX_NETWORKS:
        raise Invalid(f"networks: at most {MAX_NETWORKS} entries", fields={"networks": "too_many"})
    cleaned = []
    for raw in networks:
        try:
            cleaned.append(str(ipaddress.ip_network(raw.strip(), strict=False)))
        except ValueError:
            raise Invalid(
                f"networks: {raw[:60]!r} is not an IP address or CIDR network",
                fields={"networks": "invalid"},
            ) from None
    return cleaned


def _owner(actor: Actor, owner_email: str | None) -> Admin:
    """Whom the token acts for: a superadmin names anyone; a domain admin only themself."""
    if owner_email is None:
        if actor.admin is None:
            raise Invalid("owner: name the admin the token acts for", fields={"owner": "required"})
        owner_email = actor.admin.email
    email = normalize_address(owner_email, field="owner")
    if not actor.is_superadmin and (actor.admin is None or actor.admin.email != email):
        raise Forbidden("a domain admin may create and revoke only their own tokens")
    owner = Admin.objects.filter(email=email, is_active=True).first()
    if owner is None:
        raise NotFound(f"admin {email} not found", fields={"owner": "not_found"})
    return owner


def _domains(actor: Actor, owner: Admin, names: list[str]) -> list[Domain]:
    """Each domain must be within both the creator's and the owner's reach."""
    as_owner = admin_actor(owner, door=actor.door)
    found = []
    try:
        for name in names:
            domain_get(actor=actor, name=name, kinds=("virtual", "relay"))
            found.append(domain_get(actor=as_owner, name=name, kinds=("virtual", "relay")))
    except NotFound as exc:
        # Named for the form field that holds the list, so the refusal shows beside it.
        raise NotFound(exc.message, fields={"domains": "not_found"}) from None
    return found


@transaction.atomic
def token_create(
    *,
    actor: Actor,
    name: str,
    scopes: list[str],
    owner_email: str | None = None,
    domains: list[str] | None = None,
    networks: list[str] | None = None,
    expires_days: int | None = None,
) -> NewToken:
    """Create a token for ``owner_email`` (default: the acting admin).

    It never reaches further than its owner: at each use its domains are the owner's
    domains at that moment, narrowed to ``domains`` when given.
    """
    owner = _owner(actor, owner_email)
    chosen = _clean_scopes(scopes)
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise Invalid(
            f"expires_days: between 1 and {MAX_EXPIRY_DAYS}", fields={"expires_days": "invalid"}
        )
    domain_rows = _domains(actor, owner, domains or [])
    token_name = _clean_name(name)
    if ApiToken.objects.filter(owner=owner, live_name=token_name).exists():
        raise Conflict(
            f"{owner.email} already has an active token named {token_name}",
            fields={"name": "taken"},
        )
    secret = new_token()
    token = ApiToken(
        owner=owner,
        name=token_name,
        live_name=token_name,
        prefix=prefix_of(secret),
        digest=digest_of(secret),
        scope_read="read" in chosen,
        scope_write="write" in chosen,
        scope_delete="delete" in chosen,
        domain_restricted=bool(domain_rows),
        allowed_networks=_clean_networks(networks or []),
        expires=timezone.now() + timedelta(days=expires_days) if expires_days else None,
    )
    try:
        with transaction.atomic():
            token.save()
    except IntegrityError:
        raise Conflict(
            f"{owner.email} already has an active token named {token_name}",
            fields={"name": "taken"},
        ) from None
    token.domains.set(domain_rows)
    _audit(actor, "token.create", token, None, token.to_dict())
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(
    *,
    actor: Actor,
    name: str | None = None,
    owner_email: str | None = None,
    prefix: str | None = None,
) -> ApiToken:
    """Revoke an active token; it stops working at once.

    The CLI names it by ``name`` and ``owner_email``; the panel by its ``prefix``, which keeps
    a confirmed revocation from landing on a newer token that took over the name. Either
    way the actor reaches only the tokens it may see.
    """
    if prefix is not None:
        token = token_get_by_prefix(actor=actor, prefix=prefix)
    elif name is not None:
        owner = _owner(actor, owner_email)
        token = token_get(actor=actor, owner_email=owner.email, name=name)
    else:
        raise Invalid("name: say which token to revoke", fields={"name": "required"})
    before = token.to_dict()
    token.revoked = timezone.now()
    token.live_name = None
    token.save(update_fields=["revoked", "live_name"])
    _audit(actor, "token.revoke", token, before, token.to_dict())
    return token


def _audit(actor: Actor, action: str, token: ApiToken, before: dict | None, after: dict) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="token",
        object_repr=f"{token.owner.email}:{token.name}",
        before=before,
        after=after,
    )
