"""Admin accounts of the panel and APIs: superadmins and per-domain admins."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q

from mailwarden.domains.models import Domain


class AdminManager(BaseUserManager["Admin"]):
    """Django needs a manager here; admins are created only by ``admins.services``."""


class Admin(AbstractBaseUser):
    """An admin, identified by an email address.

    ``is_protected`` marks the first superadmin: no other admin, nor any door, may delete,
    demote or deactivate it, nor delete the domain its address lives in.
    """

    email = models.CharField(max_length=254, unique=True)
    is_superadmin = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_protected = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = AdminManager()

    class Meta:
        db_table = "mailwarden_admin"
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_protected=False) | Q(is_superadmin=True, is_active=True),
                name="admin_protected_is_active_superadmin",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def to_dict(self) -> dict:
        return {
            "email": self.email,
            "superadmin": self.is_superadmin,
            "active": self.is_active,
            "protected": self.is_protected,
            "domains": sorted(m.domain.name for m in self.domain_memberships.all()),
            "created": self.created.isoformat() if self.created else None,
        }


class DomainAdmin(models.Model):
    """Membership: ``admin`` manages ``domain``."""

    admin = models.ForeignKey(Admin, on_delete=models.CASCADE, related_name="domain_memberships")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="admin_memberships")

    class Meta:
        db_table = "mailwarden_domain_admin"
        constraints = [
            models.UniqueConstraint(fields=["admin", "domain"], name="domain_admin_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.admin_id} manages {self.domain_id}"
