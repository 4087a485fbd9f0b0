"""API tokens: scoped, hashed, revocable credentials that act for one admin."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from mailwarden.domains.models import Domain

SCOPES = ("read", "write", "delete")


class ApiToken(models.Model):
    """A bearer token of ``owner``: never wider than the owner's rights, narrowed by its scopes,
    its optional domain list and its optional IP allow-list.

    The token itself is shown once; the database keeps only ``prefix`` (visible, to tell tokens
    apart) and the SHA-256 ``digest`` of the whole token. ``live_name`` equals ``name`` while
    the token is active and is NULL once revoked: a unique index on (owner, live_name) keeps
    names unique among active tokens on every engine (MySQL has no partial unique indexes),
    so a revoked name can be reused.
    """

    owner = models.ForeignKey("admins.Admin", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=64)
    # NULL, not "", is the point: NULLs never collide in a unique index.
    live_name = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scope_read = models.BooleanField(default=False)
    scope_write = models.BooleanField(default=False)
    scope_delete = models.BooleanField(default=False)
    # With ``domain_restricted`` the token reaches only ``domains`` (and nothing once they are
    # all deleted); the flag keeps an emptied list from silently meaning "every domain".
    domain_restricted = models.BooleanField(default=False)
    domains = models.ManyToManyField(Domain, blank=True, related_name="+")
    allowed_networks = models.JSONField(default=list, blank=True)
    expires = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "mailwarden_api_token"
        ordering = ["owner_id", "name", "-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "live_name"], name="api_token_live_name_unique"
            ),
            models.CheckConstraint(
                condition=(Q(revoked__isnull=True) & Q(live_name=models.F("name")))
                | (Q(revoked__isnull=False) & Q(live_name__isnull=True)),
                name="api_token_live_name_iff_active",
            ),
            models.CheckConstraint(
                condition=Q(scope_read=True) | Q(scope_write=True) | Q(scope_delete=True),
                name="api_token_has_a_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.name})"

    @property
    def scopes(self) -> frozenset[str]:
        granted = (self.scope_read, self.scope_write, self.scope_delete)
        return frozenset(s for s, on in zip(SCOPES, granted, strict=True) if on)

    def to_dict(self) -> dict:
        """The token as every door shows it: never the digest, never the token."""
        return {
            "name": self.name,
            "owner": self.owner.email,
            "prefix": self.prefix,
            "scopes": [s for s in SCOPES if s in self.scopes],
            "domains": sorted(d.name for d in self.domains.all())
            if self.domain_restricted
            else None,
            "allowed_networks": list(self.allowed_networks),
            "expires": self.expires.isoformat() if self.expires else None,
            "created": self.created.isoformat() if self.created else None,
            "last_used": self.last_used.isoformat() if self.last_used else None,
            "revoked": self.revoked.isoformat() if self.revoked else None,
        }
