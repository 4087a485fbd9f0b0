"""Brute-force limits: counters per source IP and per account, shared through the database.

A failure counts against both; reaching the configured attempts inside the window locks
that key for the lockout period. Only a fully successful login (password and second factor)
clears the counters; nothing else does (not a new session, not a resend).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mailwarden.core.errors import TooManyAttempts
from mailwarden.security.client_ip import in_networks
from mailwarden.security.models import Throttle


def _keys(ip: str, account: str | None) -> list[str]:
    keys = [f"ip:{ip}"]
    if account:
        keys.append(f"account:{account.strip().lower()[:254]}")
    return keys


def is_allowlisted(ip: str) -> bool:
    return in_networks(ip, settings.MAILWARDEN_LOGIN_ALLOWLIST)


def throttle_check(*, ip: str, account: str | None, now: datetime | None = None) -> None:
    """Raise ``TooManyAttempts`` while the IP or the account is locked."""
    if is_allowlisted(ip):
        return
    moment = now or timezone.now()
    until = (
        Throttle.objects.filter(key__in=_keys(ip, account), locked_until__gt=moment)
        .order_by("-locked_until")
        .values_list("locked_until", flat=True)
        .first()
    )
    if until is not None:
        wait = max(1, math.ceil((until - moment).total_seconds()))
        raise TooManyAttempts(f"too many failed attempts; try again in {wait} s", retry_after=wait)


@transaction.atomic
def throttle_fail(*, ip: str, account: str | None, now: datetime | None = None) -> bool:
    """Count one failure for the IP and the account; return True if this locked either."""
    if is_allowlisted(ip):
        return False
    moment = now or timezone.now()
    window = timedelta(seconds=settings.MAILWARDEN_LOGIN_WINDOW_SECONDS)
    locked = False
    for key in _keys(ip, account):
        row = _locked_row(key, moment)
        if row.window_start + window <= moment:
            row.failures = 0
            row.window_start = moment
        row.failures += 1
        if row.failures >= settings.MAILWARDEN_LOGIN_ATTEMPTS:
            row.locked_until = moment + timedelta(seconds=settings.MAILWARDEN_LOGIN_LOCKOUT_SECONDS)
            row.failures = 0
            row.window_start = moment
            locked = True
        row.save()
    return locked


def _locked_row(key: str, moment: datetime) -> Throttle:
    """The counter row for ``key``, locked for this transaction (created if new)."""
    try:
        with transaction.atomic():
            Throttle.objects.get_or_create(key=key, defaults={"window_start": moment})
    except IntegrityError:
        pass  # a concurrent request created it first
    return Throttle.objects.select_for_update().get(key=key)


def throttle_clear(*, ip: str, account: str | None) -> None:
    """Forget the failures of this IP and account: call only after a full, successful login."""
    Throttle.objects.filter(key__in=_keys(ip, account)).delete()
