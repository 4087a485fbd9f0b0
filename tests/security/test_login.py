"""Admin login: the same answer for unknown and wrong, throttled, second step, audited."""

import time

import pytest

from mailwarden.audit.models import AuditEvent
from mailwarden.core.errors import Invalid, TooManyAttempts
from mailwarden.security.login import (
    admin_login,
    admin_login_enrol_begin,
    admin_login_enrol_confirm,
    admin_login_second_factor,
)
from mailwarden.security.models import Throttle, TOTPDevice
from mailwarden.security.throttle import throttle_fail
from mailwarden.security.totp import current_code, totp_enrol_begin, totp_enrol_confirm
from tests.conftest import PASSWORD

IP = "203.0.113.9"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 3
    settings.MAILWARDEN_LOGIN_ALLOWLIST = []


def test_a_right_password_logs_in_and_is_audited(cast):
    step = admin_login(email="Admin@A.example", password=PASSWORD, ip=IP)
    assert step.next_step == "done"
    event = AuditEvent.objects.get(action="login.success")
    assert (event.actor, event.source_ip, event.door) == ("admin@a.example", IP, "web")


def test_unknown_account_and_wrong_password_get_the_same_message(cast):
    with pytest.raises(Invalid) as unknown:
        admin_login(email="nobody@a.example", password=PASSWORD, ip=IP)
    with pytest.raises(Invalid) as wrong:
        admin_login(email="admin@a.example", password="wrong password", ip="198.51.100.1")
    assert unknown.value.message == wrong.value.message
    assert AuditEvent.objects.filter(action="login.failure").count() == 2


def test_failures_never_put_the_password_in_the_audit_log(cast):
    with pytest.raises(Invalid):
        admin_login(email="admin@a.example", password="hunter2-secret", ip=IP)
    for event in AuditEvent.objects.all():
        assert "hunter2-secret" not in repr(event.to_dict())


def test_an_attacker_is_locked_out_even_with_the_right_password_afterwards(cast):
    for _ in range(3):
        with pytest.raises(Invalid):
            admin_login(email="admin@a.example", password="guess password", ip=IP)
    assert AuditEvent.objects.filter(action="login.lockout").count() == 1
    with pytest.raises(TooManyAttempts):
        admin_login(email="admin@a.example", password=PASSWORD, ip=IP)


def test_a_locked_unknown_account_is_refused_like_a_known_one(cast):
    for _ in range(3):
        throttle_fail(ip=IP, account=None)
    for email in ("admin@a.example", "nobody@a.example"):
        with pytest.raises(TooManyAttempts):
            admin_login(email=email, password=PASSWORD, ip=IP)


def test_an_inactive_admin_cannot_log_in(cast):
    from mailwarden.admins.services import admin_update

    admin_update(actor=cast.root, email="admin@a.example", active=False)
    with pytest.raises(Invalid):
        admin_login(email="admin@a.example", password=PASSWORD, ip=IP)


def enrol(cast):
    enrolment = totp_enrol_begin(actor=cast.admin_a)
    at = time.time() - 60
    totp_enrol_confirm(actor=cast.admin_a, code=current_code(enrolment.secret, at), now=at)
    return enrolment.secret


def test_with_two_factor_the_password_alone_grants_nothing(cast):
    secret = enrol(cast)
    step = admin_login(email="admin@a.example", password=PASSWORD, ip=IP)
    assert step.next_step == "second_factor"
    assert not AuditEvent.objects.filter(action="login.success").exists()
    admin_login_second_factor(admin=step.admin, code=current_code(secret), ip=IP)
    assert AuditEvent.objects.filter(action="login.success").count() == 1


def test_wrong_second_factor_codes_count_toward_the_lockout(cast):
    secret = enrol(cast)
    step = admin_login(email="admin@a.example", password=PASSWORD, ip=IP)
    for _ in range(3):
        with pytest.raises(Invalid):
            admin_login_second_factor(admin=step.admin, code="000000", ip=IP)
    with pytest.raises(TooManyAttempts):
        admin_login_second_factor(admin=step.admin, code=current_code(secret), ip=IP)


def test_only_a_complete_login_clears_the_counters(cast):
    enrol(cast)
    with pytest.raises(Invalid):
        admin_login(email="admin@a.example", password="guess password", ip=IP)
    with pytest.raises(Invalid):
        admin_login(email="admin@a.example", password="guess password", ip=IP)
    admin_login(email="admin@a.example", password=PASSWORD, ip=IP)  # password step only
    with pytest.raises(Invalid):
        admin_login(email="admin@a.example", password="guess password", ip=IP)
    with pytest.raises(TooManyAttempts):
        admin_login(email="admin@a.example", password=PASSWORD, ip=IP)


def test_required_two_factor_sends_an_unenrolled_admin_to_enrolment(cast, settings):
    settings.MAILWARDEN_2FA_REQUIRED = True
    assert admin_login(email="admin@a.example", password=PASSWORD, ip=IP).next_step == "enrol"


def test_a_listed_admin_loses_the_second_factor_at_next_login(cast, settings):
    enrol(cast)
    settings.MAILWARDEN_2FA_RESET_ADMINS = ["admin@a.example"]
    assert admin_login(email="admin@a.example", password=PASSWORD, ip=IP).next_step == "done"
    assert not TOTPDevice.objects.exists()
    assert AuditEvent.objects.filter(action="2fa.reset_at_login").count() == 1


def test_an_admin_who_must_enrol_completes_the_login_by_enrolling(cast, settings):
    settings.MAILWARDEN_2FA_REQUIRED = True
    with pytest.raises(Invalid):
        admin_login(email="admin@a.example", password="guess password", ip=IP)
    step = admin_login(email="admin@a.example", password=PASSWORD, ip=IP)
    enrolment = admin_login_enrol_begin(admin=step.admin, ip=IP)
    with pytest.raises(Invalid):
        admin_login_enrol_confirm(admin=step.admin, code="000000", ip=IP)
    assert not AuditEvent.objects.filter(action="login.success").exists()
    codes = admin_login_enrol_confirm(admin=step.admin, code=current_code(enrolment.secret), ip=IP)
    assert len(codes) == 10
    enabled = AuditEvent.objects.get(action="2fa.enable")
    assert (enabled.actor, enabled.door, enabled.source_ip) == ("admin@a.example", "web", IP)
    assert AuditEvent.objects.filter(action="login.success").count() == 1
    assert not Throttle.objects.exists()  # a complete login clears the counters


def test_enrolment_at_login_is_refused_while_locked(cast, settings):
    settings.MAILWARDEN_2FA_REQUIRED = True
    step = admin_login(email="admin@a.example", password=PASSWORD, ip=IP)
    for _ in range(3):
        throttle_fail(ip=IP, account="admin@a.example")
    with pytest.raises(TooManyAttempts):
        admin_login_enrol_begin(admin=step.admin, ip=IP)
    assert not TOTPDevice.objects.exists()
