"""The per-token limit on destructive calls: a stolen delete token empties a domain slowly.

A fixed window per token, counted in the database (``Throttle`` row ``token-delete:<id>``)
so every app process shares it. Attempts count, refused or not: the limit is on tries.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mailwarden.core.errors import TooManyAttempts
from mailwarden.security.models import Throttle


@transaction.atomic
def token_spend_destructive(*, token_id: int, now: datetime | None = None) -> None:
    """Count one destructive call of the token, or raise ``TooManyAttempts`` past the limit."""
    moment = now or timezone.now()
    window = timedelta(seconds=settings.MAILWARDEN_API_DELETE_WINDOW_SECONDS)
    row = _locked_row(f"token-delete:{token_id}", moment)
    if row.window_start + window <= moment:
        row.failures = 0
        row.window_start = moment
    if row.failures >= settings.MAILWARDEN_API_DELETE_LIMIT:
        wait = max(1, math.ceil((row.window_start + window - moment).total_seconds()))
        raise TooManyAttempts(
            f"this token reached its limit of {settings.MAILWARDEN_API_DELETE_LIMIT} destructive "
            f"calls; try again in {wait} s",
            retry_after=wait,
        )
    row.failures += 1
    row.save(update_fields=["failures", "window_start"])


def _locked_row(key: str, moment: datetime) -> Throttle:
    try:
        with transaction.atomic():
            Throttle.objects.get_or_create(key=key, defaults={"window_start": moment})
    except IntegrityError:
        pass  # a concurrent request created it first
    return Throttle.objects.select_for_update().get(key=key)
