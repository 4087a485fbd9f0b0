"""TOTP second factor for admins: enrolment, verification without replay, backup codes, resets.

Codes follow RFC 6238 (SHA-1, 6 digits, 30 s), what every authenticator app expects; the
arithmetic comes from ``cryptography``. One step of clock drift is accepted either way, and
a step once accepted is never accepted again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from urllib.parse import quote

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.twofactor.totp import TOTP
from django.db import transaction
from django.utils import timezone

from mailwarden.admins.models import Admin
from mailwarden.admins.selectors import admin_get
from mailwarden.audit.services import audit_record
from mailwarden.core.actor import Actor
from mailwarden.core.errors import Conflict, Forbidden, Invalid
from mailwarden.domains.services import require_superadmin
from mailwarden.security.models import BackupCode, TOTPDevice
from mailwarden.security.secretbox import seal, unseal

STEP_SECONDS = 30
DIGITS = 6
BACKUP_CODES = 10
ISSUER = "mailwarden"


@dataclass(frozen=True)
class Enrolment:
    """What the admin needs to add the account to an authenticator app."""

    secret: str  # base32, shown once during enrolment
    uri: str  # otpauth:// URI for the QR code


def _totp(secret_b32: str) -> TOTP:
    key = base64.b32decode(secret_b32)
    return TOTP(key, DIGITS, hashes.SHA1(), STEP_SECONDS, enforce_key_length=False)  # noqa: S303 - RFC 6238 default


def current_code(secret_b32: str, at: float | None = None) -> str:
    """The code an authenticator shows at ``at`` (used by tests and enrolment checks)."""
    return _totp(secret_b32).generate(int(at if at is not None else time.time())).decode()


def _matching_step(secret_b32: str, code: str, now: float, after_step: int) -> int | None:
    """The time step (within one of now) whose code is ``code`` and that is newer than
    ``after_step``; None if there is none."""
    cleaned = code.strip().replace(" ", "")
    if len(cleaned) != DIGITS or not cleaned.isdigit():
        return None
    totp = _totp(secret_b32)
    current = int(now // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        expected = totp.generate(step * STEP_SECONDS).decode()
        if step > after_step and hmac.compare_digest(expected, cleaned):
            return step
    return None


def require_own_admin(actor: Actor) -> Admin:
    if actor.admin is None:
        raise Forbidden("only an admin enrols a second factor, for their own account")
    return actor.admin


@transaction.atomic
def totp_enrol_begin(*, actor: Actor) -> Enrolment:
    """Start (or restart) enrolment: a new secret, inactive until confirmed with a code."""
    admin = require_own_admin(actor)
    device = TOTPDevice.objects.select_for_update().filter(admin=admin).first()
    if device is not None and device.confirmed is not None:
        raise Conflict("two-factor login is already on; reset it first")
    secret = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    TOTPDevice.objects.update_or_create(
        admin=admin, defaults={"secret": seal(secret), "confirmed": None, "last_step": -1}
    )
    return _enrolment(admin, secret)


def _enrolment(admin: Admin, secret: str) -> Enrolment:
    label = f"{quote(ISSUER)}:{quote(admin.email)}"
    uri = f"otpauth://totp/{label}?secret={secret}&issuer={ISSUER}&digits={DIGITS}&period={STEP_SECONDS}"
    return Enrolment(secret=secret, uri=uri)


def totp_enrolment_pending(*, admin: Admin) -> Enrolment | None:
    """The admin's own enrolment begun but not yet confirmed, to show its QR code again (a
    wrong confirmation code, a reload); None when there is none. A confirmed secret is
    never returned: once on, it stays out of every page and response."""
    device = TOTPDevice.objects.filter(admin=admin, confirmed=None).first()
    return _enrolment(admin, unseal(device.secret)) if device is not None else None


@transaction.atomic
def totp_enrol_confirm(*, actor: Actor, code: str, now: float | None = None) -> list[str]:
    """Turn two-factor login on once the admin proves the app works; return backup codes
    (shown once, stored hashed)."""
    admin = require_own_admin(actor)
    device = TOTPDevice.objects.select_for_update().filter(admin=admin, confirmed=None).first()
    if device is None:
        raise Conflict("no enrolment in progress")
    step = _matching_step(unseal(device.secret), code, now or time.time(), device.last_step)
    if step is None:
        raise Invalid("code: that code is not valid now", fields={"code": "invalid"})
    device.confirmed = timezone.now()
    device.last_step = step
    device.save()
    codes = _new_backup_codes(admin)
    audit_record(actor=actor, action="2fa.enable", object_type="admin", object_repr=admin.email)
    return codes


def _digest(code: str) -> str:
    return hashlib.sha256(code.strip().replace("-", "").lower().encode()).hexdigest()


def _new_backup_codes(admin: Admin) -> list[str]:
    BackupCode.objects.filter(admin=admin).delete()
    codes = []
    for _ in range(BACKUP_CODES):
        raw = secrets.token_hex(5)  # 40 bits + the account's lockout make guessing hopeless
        codes.append(f"{raw[:5]}-{raw[5:]}")
    BackupCode.objects.bulk_create([BackupCode(admin=admin, digest=_digest(c)) for c in codes])
    return codes


def totp_enabled(admin: Admin) -> bool:
    return TOTPDevice.objects.filter(admin=admin, confirmed__isnull=False).exists()


@transaction.atomic
def totp_verify(*, admin: Admin, code: str, now: float | None = None) -> bool:
    """Accept a current code once, or an unused backup code once."""
    device = (
        TOTPDevice.objects.select_for_update().filter(admin=admin, confirmed__isnull=False).first()
    )
    if device is None:
        return False
    step = _matching_step(unseal(device.secret), code, now or time.time(), device.last_step)
    if step is not None:
        device.last_step = step
        device.save(update_fields=["last_step"])
        return True
    used = BackupCode.objects.filter(admin=admin, digest=_digest(code), used__isnull=True).update(
        used=timezone.now()
    )
    return used == 1


def remove_second_factor(admin: Admin) -> bool:
    """Delete the admin's TOTP device and backup codes; True if a device was there.

    Callers (reset by a superadmin, reset at next login) run it in their transaction and
    write their own audit event."""
    removed, _ = TOTPDevice.objects.filter(admin=admin).delete()
    BackupCode.objects.filter(admin=admin).delete()
    return bool(removed)


@transaction.atomic
def totp_reset(*, actor: Actor, email: str | None = None) -> list[str]:
    """Remove second factors: of one admin, or of every admin when ``email`` is None.

    The escape hatch for a lost phone; superadmin (or the mail host's operator) only.
    """
    require_superadmin(actor, "reset two-factor login")
    admins = [admin_get(actor=actor, email=email)] if email else list(Admin.objects.all())
    reset = []
    for admin in admins:
        if remove_second_factor(admin):
            reset.append(admin.email)
            audit_record(
                actor=actor, action="2fa.reset", object_type="admin", object_repr=admin.email
            )
    return reset
