"""Bearer tokens from the ``Authorization`` header, for every API door. Cookies are never
consulted: an API request carries its credential itself, so it has no CSRF surface."""

from __future__ import annotations

from django.http import HttpRequest

from mailwarden.security.client_ip import client_ip
from mailwarden.tokens.authentication import (
    REJECTED,
    TokenActor,
    Unauthenticated,
    token_authenticate,
)

MAX_HEADER = 512


def bearer(request: HttpRequest) -> str | None:
    """The token of ``Authorization: Bearer <token>``, or None when there is none."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip() or len(header) > MAX_HEADER:
        return None
    return value.strip()


def authenticate(request: HttpRequest, *, door: str) -> TokenActor:
    """The actor behind the request's token. A request with no token at all is refused
    without counting as a failed guess; a wrong token counts toward the IP's limit."""
    raw = bearer(request)
    if raw is None:
        raise Unauthenticated(REJECTED)
    return token_authenticate(raw, client_ip(request), door=door)
