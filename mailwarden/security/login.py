"""Admin login as a service: throttled, audited, with a second step for TOTP.

Doors (the web panel now, the APIs later) call these and only render the outcome, so every
login is limited and recorded the same way. A password alone grants nothing when a second
factor is on: the caller must renew the session after each step.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from mailwarden.admins.models import Admin
from mailwarden.admins.services import admin_set_password
from mailwarden.audit.services import audit_record
from mailwarden.core.actor import Actor
from mailwarden.core.errors import Conflict, Forbidden, Invalid, TooManyAttempts
from mailwarden.security.throttle import throttle_check, throttle_clear, throttle_fail
from mailwarden.security.totp import (
    Enrolment,
    remove_second_factor,
    require_own_admin,
    totp_enabled,
    totp_enrol_begin,
    totp_enrol_confirm,
    totp_verify,
)

FAILED = "the email address or the password is wrong"
DISABLE_FAILED = "the password or the code is not correct"
CURRENT_WRONG = "current: this is not your current password"


@dataclass(frozen=True)
class LoginStep:
    """``next_step``: ``done`` (logged in), ``second_factor`` (ask for a code) or ``enrol``
    (two-factor login is required and this admin has none yet)."""

    admin: Admin
    next_step: str


def _visitor(email: str, door: str, ip: str) -> Actor:
    """Whoever is trying to log in, before we know they are the admin they claim to be."""
    label = f"login:{email.strip().lower()[:200]}"
    return Actor(label=label, door=door, is_superadmin=False, source_ip=ip)


def _as_admin(admin: Admin, visitor: Actor) -> Actor:
    return Actor(
        label=admin.email,
        door=visitor.door,
        is_superadmin=admin.is_superadmin,
        admin=admin,
        source_ip=visitor.source_ip,
    )


def _record(action: str, actor: Actor, email: str) -> None:
    audit_record(
        actor=actor, action=action, object_type="admin", object_repr=email.strip().lower()[:254]
    )


def _fail(action: str, visitor: Actor, email: str, ip: str) -> None:
    with transaction.atomic():
        locked = throttle_fail(ip=ip, account=email)
        _record(action, visitor, email)
        if locked:
            _record("login.lockout", visitor, email)


def admin_login(*, email: str, password: str, ip: str, door: str = "web") -> LoginStep:
    """Check email and password. Unknown accounts cost the same time as wrong passwords and
    get the same message; a locked IP or account is refused before any password is checked."""
    visitor = _visitor(email, door, ip)
    try:
        throttle_check(ip=ip, account=email)
    except TooManyAttempts:
        _record("login.refused_locked", visitor, email)
        raise
    admin = Admin.objects.filter(email=email.strip().lower(), is_active=True).first()
    if admin is None:
        Admin().set_password(password)  # the same hashing work as a real check
        _fail("login.failure", visitor, email, ip)
        raise Invalid(FAILED)
    if not admin.check_password(password):
        _fail("login.failure", visitor, email, ip)
        raise Invalid(FAILED)
    _apply_pending_reset(admin, visitor)
    if totp_enabled(admin):
        return LoginStep(admin=admin, next_step="second_factor")
    if settings.MAILWARDEN_2FA_REQUIRED:
        return LoginStep(admin=admin, next_step="enrol")
    _succeed(admin, visitor, ip)
    return LoginStep(admin=admin, next_step="done")


def admin_login_second_factor(*, admin: Admin, code: str, ip: str, door: str = "web") -> None:
    """Check the TOTP or backup code of an admin who passed the password step."""
    visitor = _visitor(admin.email, door, ip)
    throttle_check(ip=ip, account=admin.email)
    if not totp_verify(admin=admin, code=code):
        _fail("login.second_factor_failure", visitor, admin.email, ip)
        raise Invalid("that code is not valid", fields={"code": "invalid"})
    _succeed(admin, visitor, ip)


def admin_login_enrol_begin(*, admin: Admin, ip: str, door: str = "web") -> Enrolment:
    """Start the enrolment an admin must make at login (``next_step == "enrol"``).

    The admin is not logged in yet: they act as themselves because they proved the password,
    and only on their own second factor. One already on is a Conflict (``totp_enrol_begin``),
    so this step never replaces a second factor someone has.
    """
    visitor = _visitor(admin.email, door, ip)
    throttle_check(ip=ip, account=admin.email)
    return totp_enrol_begin(actor=_as_admin(admin, visitor))


@transaction.atomic
def admin_login_enrol_confirm(*, admin: Admin, code: str, ip: str, door: str = "web") -> list[str]:
    """Confirm that enrolment with a code from the new app and complete the login; return
    the backup codes (shown once).

    A wrong code is not counted toward the lockout: whoever is here already knows the new
    secret, so the code guards nothing; it only proves the app was set up right.
    """
    visitor = _visitor(admin.email, door, ip)
    throttle_check(ip=ip, account=admin.email)
    codes = totp_enrol_confirm(actor=_as_admin(admin, visitor), code=code)
    _succeed(admin, visitor, ip)
    return codes


def totp_disable(*, actor: Actor, password: str, code: str) -> None:
    """An admin turns their own second factor off, giving the password and a current or
    backup code, so that a stolen session alone cannot remove it.

    Wrong answers count toward the login lockout (per source IP and account), as a failed
    login does: this form must not become a way around the login's limits to guess the
    password or a code.
    """
    admin = require_own_admin(actor)
    if settings.MAILWARDEN_2FA_REQUIRED:
        raise Forbidden("two-factor login is required on this server; it cannot be turned off")
    if not totp_enabled(admin):
        raise Conflict("two-factor login is not on")
    ip = actor.source_ip or ""
    throttle_check(ip=ip, account=admin.email)
    with transaction.atomic():
        proven = admin.check_password(password) and totp_verify(admin=admin, code=code)
        if proven:
            remove_second_factor(admin)
            _record("2fa.disable", actor, admin.email)
    if not proven:
        # Its own transaction, after the check: the refusal must not roll the count back.
        _fail("2fa.disable_failure", actor, admin.email, ip)
        raise Invalid(DISABLE_FAILED)


def own_password_change(*, actor: Actor, current: str, password: str) -> Admin:
    """An admin changes their own password, giving the current one.

    A wrong current password counts toward the login lockout (per source IP and account),
    as a failed login does: a stolen session must not be a way to guess the password
    without limit and then keep the account.
    """
    admin = require_own_admin(actor)
    ip = actor.source_ip or ""
    throttle_check(ip=ip, account=admin.email)
    if not admin.check_password(current):
        _fail("password.change_failure", actor, admin.email, ip)
        raise Invalid(CURRENT_WRONG, fields={"current": "wrong"})
    return admin_set_password(actor=actor, email=admin.email, password=password)


def _succeed(admin: Admin, visitor: Actor, ip: str) -> None:
    """Only a complete login clears the counters."""
    with transaction.atomic():
        throttle_clear(ip=ip, account=admin.email)
        _record("login.success", _as_admin(admin, visitor), admin.email)


def _apply_pending_reset(admin: Admin, visitor: Actor) -> None:
    """MAILWARDEN_2FA_RESET_ADMINS lists admins whose second factor goes at their next login
    (the escape hatch when nobody can run the CLI)."""
    if admin.email not in settings.MAILWARDEN_2FA_RESET_ADMINS:
        return
    with transaction.atomic():
        if remove_second_factor(admin):
            _record("2fa.reset_at_login", _as_admin(admin, visitor), admin.email)
