"""Mail domains: the hosted (virtual) ones, backup-MX relay domains, and alias domains."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from mailwarden.core.addressing import display_domain


class Domain(models.Model):
    """A domain name Postfix answers for, in one table so a name can exist only once.

    ``kind`` decides what Postfix does with it: ``virtual`` domains hold mailboxes and
    aliases; ``relay`` domains are accepted as backup MX and handed to ``relay_transport``;
    ``alias`` domains mirror every address of ``alias_target``.
    """

    class Kind(models.TextChoices):
        VIRTUAL = "virtual", "hosted"
        RELAY = "relay", "backup MX / relay"
        ALIAS = "alias", "alias domain"

    name = models.CharField(max_length=253, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.VIRTUAL)
    description = models.CharField(max_length=255, blank=True, default="")
    active = models.BooleanField(default=True)
    alias_target = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="alias_domains"
    )
    relay_transport = models.CharField(max_length=255, blank=True, default="")
    # Limits: 0 means unlimited.
    max_mailboxes = models.PositiveIntegerField(default=0)
    max_aliases = models.PositiveIntegerField(default=0)
    max_quota_bytes = models.PositiveBigIntegerField(default=0)
    total_quota_bytes = models.PositiveBigIntegerField(default=0)
    default_quota_bytes = models.PositiveBigIntegerField(default=0)
    # postmaster@ still to be created, pointing at the domain's first mailbox.
    postmaster_pending = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "mailwarden_domain"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(name=Lower("name")), name="domain_name_lowercase"),
            models.CheckConstraint(
                condition=Q(kind__in=["virtual", "relay", "alias"]), name="domain_kind_known"
            ),
            models.CheckConstraint(
                condition=(Q(kind="alias", alias_target__isnull=False))
                | (~Q(kind="alias") & Q(alias_target__isnull=True)),
                name="domain_alias_target_iff_alias",
            ),
            models.CheckConstraint(
                condition=Q(relay_transport="") | Q(kind="relay"),
                name="domain_transport_only_relay",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return display_domain(self.name)

    def to_dict(self) -> dict:
        """The domain as every door shows it (and as the audit log records it)."""
        data: dict = {
            "name": self.name,
            "display_name": self.display_name,
            "kind": self.kind,
            "description": self.description,
            "active": self.active,
        }
        if self.kind == self.Kind.ALIAS:
            data["alias_target"] = self.alias_target.name if self.alias_target else None
        if self.kind == self.Kind.RELAY:
            data["relay_transport"] = self.relay_transport
        if self.kind == self.Kind.VIRTUAL:
            data.update(
                max_mailboxes=self.max_mailboxes,
                max_aliases=self.max_aliases,
                max_quota_bytes=self.max_quota_bytes,
                total_quota_bytes=self.total_quota_bytes,
                default_quota_bytes=self.default_quota_bytes,
            )
        data["created"] = self.created.isoformat() if self.created else None
        data["modified"] = self.modified.isoformat() if self.modified else None
        return data
