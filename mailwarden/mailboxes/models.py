"""Mailboxes: an address with a password Dovecot checks and a maildir it delivers into."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from mailwarden.addresses.models import Address


class Mailbox(models.Model):
    """The mailbox behind an ``Address`` of kind ``mailbox`` (its active flag lives there)."""

    address = models.OneToOneField(
        Address, on_delete=models.CASCADE, primary_key=True, related_name="mailbox"
    )
    name = models.CharField(max_length=255, blank=True, default="")
    password = models.CharField(max_length=255)
    # Relative to the mail root, derived by the service from sanitised parts (never raw input).
    # At most 253 (domain) + 1 + 64 (local part) + 9 (hash suffix) + 1 characters.
    maildir = models.CharField(max_length=400, unique=True)
    quota_bytes = models.PositiveBigIntegerField(default=0)
    password_changed = models.DateTimeField()
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "mailwarden_mailbox"
        constraints = [
            models.CheckConstraint(
                condition=~Q(maildir__contains="..") & ~Q(maildir__startswith="/"),
                name="mailbox_maildir_relative",
            ),
        ]

    def __str__(self) -> str:
        return self.address.email
