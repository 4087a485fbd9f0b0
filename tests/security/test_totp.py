"""TOTP for admins: confirmed enrolment, no replay, one-time backup codes, encrypted secrets."""

import time

import pytest
from django.db import connection

from mailwarden.audit.models import AuditEvent
from mailwarden.core.errors import Conflict, Forbidden, Invalid
from mailwarden.security.login import totp_disable
from mailwarden.security.models import BackupCode, TOTPDevice
from mailwarden.security.totp import (
    current_code,
    totp_enabled,
    totp_enrol_begin,
    totp_enrol_confirm,
    totp_enrolment_pending,
    totp_reset,
    totp_verify,
)
from tests.conftest import PASSWORD


@pytest.fixture
def enrolled(cast):
    """admin@a.example with two-factor login on; returns (secret, backup codes, enrol time)."""
    enrolment = totp_enrol_begin(actor=cast.admin_a)
    at = time.time() - 60  # two steps ago, so the tests' "now" codes are fresh
    codes = totp_enrol_confirm(actor=cast.admin_a, code=current_code(enrolment.secret, at), now=at)
    return enrolment.secret, codes


def test_enrolment_is_off_until_confirmed_with_a_valid_code(cast):
    enrolment = totp_enrol_begin(actor=cast.admin_a)
    assert enrolment.uri.startswith("otpauth://totp/mailwarden:admin%40a.example?secret=")
    assert not totp_enabled(cast.admin_a.admin)
    with pytest.raises(Invalid):
        totp_enrol_confirm(actor=cast.admin_a, code="000000")
    codes = totp_enrol_confirm(actor=cast.admin_a, code=current_code(enrolment.secret))
    assert totp_enabled(cast.admin_a.admin)
    assert len(codes) == 10
    assert AuditEvent.objects.filter(action="2fa.enable").count() == 1


def test_the_secret_is_encrypted_at_rest(cast, enrolled):
    secret, _ = enrolled
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM mailwarden_totp_device")
        stored = cursor.fetchone()[0]
    assert secret not in stored


def test_a_code_is_accepted_once_and_never_replayed(cast, enrolled):
    secret, _ = enrolled
    admin = cast.admin_a.admin
    now = time.time()
    code = current_code(secret, now)
    assert totp_verify(admin=admin, code=code, now=now)
    assert not totp_verify(admin=admin, code=code, now=now)


def test_an_older_code_is_refused_after_a_newer_one(cast, enrolled):
    secret, _ = enrolled
    admin = cast.admin_a.admin
    now = time.time()
    assert totp_verify(admin=admin, code=current_code(secret, now), now=now)
    assert not totp_verify(admin=admin, code=current_code(secret, now - 30), now=now)


def test_codes_beyond_one_step_of_drift_are_refused(cast, enrolled):
    secret, _ = enrolled
    now = time.time()
    assert not totp_verify(admin=cast.admin_a.admin, code=current_code(secret, now + 90), now=now)


def test_backup_codes_work_once_each_and_are_stored_hashed(cast, enrolled):
    _, codes = enrolled
    admin = cast.admin_a.admin
    stored = set(BackupCode.objects.values_list("digest", flat=True))
    assert not stored & set(codes)
    assert totp_verify(admin=admin, code=codes[0])
    assert not totp_verify(admin=admin, code=codes[0])
    assert totp_verify(admin=admin, code=codes[1].upper())


def test_enrolling_again_while_on_is_refused(cast, enrolled):
    with pytest.raises(Conflict):
        totp_enrol_begin(actor=cast.admin_a)


def test_only_a_superadmin_resets_and_it_is_audited(cast, enrolled):
    with pytest.raises(Forbidden):
        totp_reset(actor=cast.admin_a, email="admin@a.example")
    assert totp_reset(actor=cast.root, email="admin@a.example") == ["admin@a.example"]
    assert not TOTPDevice.objects.exists()
    assert not BackupCode.objects.exists()
    assert AuditEvent.objects.filter(action="2fa.reset").count() == 1


def test_the_operator_at_the_shell_is_no_admin_and_cannot_enrol(cli):
    from mailwarden.core.actor import cli_actor

    with pytest.raises(Forbidden):
        totp_enrol_begin(actor=cli_actor())


def test_a_pending_enrolment_is_shown_again_but_a_confirmed_key_never(cast):
    enrolment = totp_enrol_begin(actor=cast.admin_a)
    assert totp_enrolment_pending(admin=cast.admin_a.admin) == enrolment
    totp_enrol_confirm(actor=cast.admin_a, code=current_code(enrolment.secret))
    assert totp_enrolment_pending(admin=cast.admin_a.admin) is None


def test_an_admin_turns_it_off_only_with_the_password_and_a_code(cast, enrolled, settings):
    settings.MAILWARDEN_LOGIN_ALLOWLIST = []
    secret, codes = enrolled
    for password, code in (("wrong password", current_code(secret)), (PASSWORD, "000000")):
        with pytest.raises(Invalid):
            totp_disable(actor=cast.admin_a, password=password, code=code)
    assert totp_enabled(cast.admin_a.admin)
    assert AuditEvent.objects.filter(action="2fa.disable_failure").count() == 2
    totp_disable(actor=cast.admin_a, password=PASSWORD, code=codes[0])
    assert not TOTPDevice.objects.exists()
    assert not BackupCode.objects.exists()
    assert AuditEvent.objects.filter(action="2fa.disable").count() == 1


def test_it_cannot_be_turned_off_where_it_is_required(cast, enrolled, settings):
    settings.MAILWARDEN_2FA_REQUIRED = True
    secret, _ = enrolled
    with pytest.raises(Forbidden):
        totp_disable(actor=cast.admin_a, password=PASSWORD, code=current_code(secret))
    assert totp_enabled(cast.admin_a.admin)
