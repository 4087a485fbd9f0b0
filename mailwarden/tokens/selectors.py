"""Reads of API tokens: a superadmin sees every token, a domain admin only their own."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from mailwarden.core.actor import Actor
from mailwarden.core.addressing import normalize_address
from mailwarden.core.errors import NotFound
from mailwarden.core.pagination import Page, paginate
from mailwarden.core.text import search_text
from mailwarden.domains.models import Domain
from mailwarden.tokens.models import ApiToken


def visible_tokens(actor: Actor) -> QuerySet[ApiToken]:
    """Every token for a superadmin; for anyone else only their own, not even those of other
    admins of the same domains: a token is its owner's credential."""
    queryset = ApiToken.objects.select_related("owner").prefetch_related(
        Prefetch("domains", queryset=Domain.objects.order_by("name"))
    )
    if actor.is_superadmin:
        return queryset
    if actor.admin is None:
        return queryset.none()
    return queryset.filter(owner=actor.admin)


def token_get(*, actor: Actor, owner_email: str, name: str) -> ApiToken:
    """The active token ``name`` of ``owner_email`` if the actor may see it, else NotFound."""
    email = normalize_address(owner_email, field="owner")
    try:
        return visible_tokens(actor).get(
            owner__email=email, live_name=search_text(name, field="name")
        )
    except ApiToken.DoesNotExist:
        raise NotFound(f"{email} has no active token named {name[:64]}") from None


def token_get_by_prefix(*, actor: Actor, prefix: str) -> ApiToken:
    """The active token with this visible prefix if the actor may see it, else NotFound.

    The panel names a token by its prefix: unique, never secret, and unlike (owner, name)
    it cannot come to mean a newer token once the name is reused.
    """
    try:
        return visible_tokens(actor).get(
            prefix=search_text(prefix, field="prefix"), revoked__isnull=True
        )
    except ApiToken.DoesNotExist:
        raise NotFound(f"no active token {prefix[:16]}") from None


def token_list(
    *,
    actor: Actor,
    owner_email: str | None = None,
    include_revoked: bool = False,
    offset: int = 0,
    limit: int = 50,
) -> Page[ApiToken]:
    queryset = visible_tokens(actor)
    if owner_email:
        queryset = queryset.filter(owner__email=normalize_address(owner_email, field="owner"))
    if not include_revoked:
        queryset = queryset.filter(revoked__isnull=True)
    return paginate(
        queryset.order_by("owner__email", "name", "-created"), offset=offset, limit=limit
    )
