"""Brute-force limits per IP and per account, cleared only by a complete login."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mailwarden.core.errors import TooManyAttempts
from mailwarden.security.throttle import throttle_check, throttle_clear, throttle_fail

IP = "203.0.113.9"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 3
    settings.MAILWARDEN_LOGIN_WINDOW_SECONDS = 600
    settings.MAILWARDEN_LOGIN_LOCKOUT_SECONDS = 300
    settings.MAILWARDEN_LOGIN_ALLOWLIST = ["192.0.2.0/24"]


def test_it_locks_an_ip_after_the_configured_failures(db):
    for _ in range(2):
        assert not throttle_fail(ip=IP, account="a@x.example")
        throttle_check(ip=IP, account="a@x.example")
    assert throttle_fail(ip=IP, account="a@x.example")
    with pytest.raises(TooManyAttempts) as caught:
        throttle_check(ip=IP, account="other@x.example")
    assert 290 < caught.value.retry_after <= 300


def test_it_locks_an_account_attacked_from_many_ips(db):
    for i in range(3):
        throttle_fail(ip=f"198.51.100.{i}", account="Victim@x.example")
    with pytest.raises(TooManyAttempts):
        throttle_check(ip="198.51.100.200", account="victim@x.example")


def test_the_lock_ends_after_the_lockout(db):
    for _ in range(3):
        throttle_fail(ip=IP, account=None)
    later = timezone.now() + timedelta(seconds=301)
    throttle_check(ip=IP, account=None, now=later)


def test_failures_outside_the_window_do_not_add_up(db):
    start = timezone.now()
    throttle_fail(ip=IP, account=None, now=start)
    throttle_fail(ip=IP, account=None, now=start)
    assert not throttle_fail(ip=IP, account=None, now=start + timedelta(seconds=601))
    throttle_check(ip=IP, account=None, now=start + timedelta(seconds=602))


def test_clearing_forgets_the_failures(db):
    throttle_fail(ip=IP, account="a@x.example")
    throttle_fail(ip=IP, account="a@x.example")
    throttle_clear(ip=IP, account="a@x.example")
    assert not throttle_fail(ip=IP, account="a@x.example")


def test_an_allowlisted_network_is_never_locked(db):
    for _ in range(10):
        assert not throttle_fail(ip="192.0.2.44", account="a@x.example")
    throttle_check(ip="192.0.2.44", account="a@x.example")
