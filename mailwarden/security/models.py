"""Security state: login-attempt counters and second factors of admins."""

from __future__ import annotations

from django.db import models


class Throttle(models.Model):
    """Failed-login counter for one source IP (``ip:...``) or one account (``account:...``).

    Kept in the database so every app process shares it.
    """

    key = models.CharField(max_length=300, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "mailwarden_throttle"

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class TOTPDevice(models.Model):
    """An admin's TOTP secret, encrypted with a key kept outside the database.

    ``last_step`` is the last time step accepted, so a code is never accepted twice.
    """

    admin = models.OneToOneField(
        "admins.Admin", on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.TextField()
    confirmed = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=-1)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "mailwarden_totp_device"

    def __str__(self) -> str:
        return f"TOTP of {self.admin_id}"


class BackupCode(models.Model):
    """A one-time recovery code, stored as a SHA-256 digest (the codes carry 60 random bits)."""

    admin = models.ForeignKey("admins.Admin", on_delete=models.CASCADE, related_name="backup_codes")
    digest = models.CharField(max_length=64)
    used = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "mailwarden_backup_code"
        constraints = [
            models.UniqueConstraint(fields=["admin", "digest"], name="backup_code_unique"),
        ]

    def __str__(self) -> str:
        return f"backup code of {self.admin_id}"
