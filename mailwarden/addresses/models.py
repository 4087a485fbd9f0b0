"""The address namespace Postfix sees: every mailbox and alias address, and where mail goes.

One table holds every address, so the database itself guarantees that an alias can never
shadow a mailbox (and that ``User@b.test`` cannot exist beside ``user@b.test``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from mailwarden.domains.models import Domain


class Address(models.Model):
    """``local_part@domain`` (or ``@domain``, a catch-all) that Postfix accepts mail for.

    ``kind`` says whether a mailbox stands behind it. Its ``Target`` rows are what
    ``virtual_alias_maps`` answers: an alias's destinations; for a mailbox its own address,
    or its forwards (plus itself when a copy is kept).
    """

    class Kind(models.TextChoices):
        MAILBOX = "mailbox", "mailbox"
        ALIAS = "alias", "alias"

    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="addresses")
    local_part = models.CharField(max_length=64, blank=True)
    email = models.CharField(max_length=254, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "mailwarden_address"
        ordering = ["email"]
        # Every list of addresses is one kind, of one domain or of all, sorted by address or
        # by creation (id breaks ties): each has its index, so a page is read in order,
        # without a sort step or a walk past the other kind (docs/performance.md).
        indexes = [
            models.Index(fields=["domain", "kind", "email"], name="address_domain_kind_email"),
            models.Index(
                fields=["domain", "kind", "created", "id"], name="address_domain_kind_created"
            ),
            models.Index(fields=["kind", "email"], name="address_kind_email"),
            models.Index(fields=["kind", "created", "id"], name="address_kind_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["domain", "local_part"], name="address_unique_in_domain"
            ),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="address_lowercase"),
            models.CheckConstraint(
                condition=Q(kind__in=["mailbox", "alias"]), name="address_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(kind="alias") | ~Q(local_part=""), name="address_catchall_is_alias"
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_catchall(self) -> bool:
        return self.local_part == ""

    # ``target_list``, the ``Target`` rows in order, is set by the selectors' prefetch
    # (``with_targets``) and by the services as they write the rows, so neither a page nor a
    # create reads its targets once more; an Address fetched another way has none to read.
    target_list: list[Target]

    @property
    def destinations(self) -> list[str]:
        """Every address its mail goes to, in order: what ``virtual_alias_maps`` answers."""
        return [t.target for t in self.target_list]

    @property
    def forwards(self) -> list[str]:
        """Where a mailbox forwards: its destinations other than itself."""
        return [t for t in self.destinations if t != self.email]


class Target(models.Model):
    """One destination of an address: a full address, local or external."""

    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="targets")
    target = models.CharField(max_length=254)

    class Meta:
        db_table = "mailwarden_target"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["address", "target"], name="target_unique_per_address"),
            models.CheckConstraint(condition=Q(target=Lower("target")), name="target_lowercase"),
        ]

    def __str__(self) -> str:
        return f"{self.address_id} -> {self.target}"
