"""Making tokens for tests, through the service like everything else."""

from __future__ import annotations

from mailwarden.core.actor import cli_actor
from mailwarden.tokens.services import token_create


def make_token(
    name: str = "robot",
    *,
    owner: str = "boss@ops.example",
    scopes: tuple[str, ...] = ("read", "write", "delete"),
    domains: list[str] | None = None,
    networks: list[str] | None = None,
    expires_days: int | None = None,
) -> str:
    """Create a token as the operator and return its secret."""
    return token_create(
        actor=cli_actor(),
        name=name,
        owner_email=owner,
        scopes=list(scopes),
        domains=domains,
        networks=networks,
        expires_days=expires_days,
    ).secret
