"""The per-token limit on destructive calls."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mailwarden.core.errors import TooManyAttempts
from mailwarden.tokens.ratelimit import token_spend_destructive


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.MAILWARDEN_API_DELETE_LIMIT = 3
    settings.MAILWARDEN_API_DELETE_WINDOW_SECONDS = 600


def test_it_allows_the_configured_number_then_refuses_with_the_wait(db):
    start = timezone.now()
    for _ in range(3):
        token_spend_destructive(token_id=1, now=start)
    with pytest.raises(TooManyAttempts) as caught:
        token_spend_destructive(token_id=1, now=start + timedelta(seconds=100))
    assert caught.value.retry_after == 500


def test_each_token_has_its_own_count(db):
    for _ in range(3):
        token_spend_destructive(token_id=1)
    token_spend_destructive(token_id=2)


def test_a_new_window_starts_a_new_count(db):
    start = timezone.now()
    for _ in range(3):
        token_spend_destructive(token_id=1, now=start)
    token_spend_destructive(token_id=1, now=start + timedelta(seconds=601))
