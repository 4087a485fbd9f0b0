"""Two-factor login in the panel: the code step after the password, a new session id after
each step, enrolment from the account page and at login, backup codes shown once, turning
it off with password and code, and the escape hatch of MAILWARDEN_2FA_RESET_ADMINS."""

import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from mailwarden.admins.services import admin_set_password
from mailwarden.audit.models import AuditEvent
from mailwarden.security.models import TOTPDevice
from mailwarden.security.secretbox import new_key
from mailwarden.security.totp import (
    current_code,
    totp_enabled,
    totp_enrol_begin,
    totp_enrol_confirm,
)
from mailwarden.web.access import ADMIN, SUPERADMIN
from mailwarden.web.login_flow import PENDING_KEY
from tests.conftest import PASSWORD
from tests.web.test_access_rules import SAMPLES, panel_routes
from tests.web.test_headers import INLINE

REFUSED = "That code is not valid."
SECRET_IN_PAGE = re.compile(r"secret=([A-Z2-7]+)")
BACKUP_CODE = re.compile(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>")


@pytest.fixture(autouse=True)
def _totp_key(monkeypatch):
    """Second-factor secrets need the key kept outside the database."""
    monkeypatch.setenv("MAILWARDEN_TOTP_KEY", new_key())


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 3
    settings.MAILWARDEN_LOGIN_ALLOWLIST = []


def enrol(actor):
    """Two-factor login on for ``actor``'s admin, enrolled a minute ago so that the codes of
    now are fresh; returns (secret, backup codes)."""
    enrolment = totp_enrol_begin(actor=actor)
    at = time.time() - 60
    codes = totp_enrol_confirm(actor=actor, code=current_code(enrolment.secret, at), now=at)
    return enrolment.secret, codes


@pytest.fixture
def secret(cast):
    """admin@a.example with two-factor login on."""
    return enrol(cast.admin_a)[0]


def password_step(client, email="admin@a.example", next_url=None):
    data = {"email": email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_it_asks_for_a_code_after_the_password_and_then_logs_in(cast, secret):
    client = Client()
    response = password_step(client)
    assert response["Location"] == "/login/code/"
    assert not logged_in(client)
    assert "Enter your code" in client.get("/login/code/").content.decode()
    assert not AuditEvent.objects.filter(action="login.success").exists()
    response = client.post("/login/code/", {"code": current_code(secret)})
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    assert AuditEvent.objects.filter(action="login.success", actor="admin@a.example").count() == 1
    assert PENDING_KEY not in client.session


def test_it_goes_on_to_the_page_asked_for_before_login(cast, secret):
    client = Client()
    password_step(client, next_url="/aliases/?q=info")
    response = client.post("/login/code/", {"code": current_code(secret)})
    assert response["Location"] == "/aliases/?q=info"


def test_the_session_id_changes_after_the_password_and_again_after_the_code(cast, secret):
    """A session id fixed by an attacker before login is worthless at every step."""
    client = Client()
    client.get("/login/")
    session = client.session
    session["planted"] = True
    session.save()
    fixed = session.session_key
    password_step(client)
    after_password = client.session.session_key
    assert after_password != fixed
    assert not Session.objects.filter(session_key=fixed).exists()
    client.post("/login/code/", {"code": current_code(secret)})
    after_code = client.session.session_key
    assert after_code not in (fixed, after_password)
    assert not Session.objects.filter(session_key=after_password).exists()
    assert logged_in(client)


def test_the_password_step_alone_opens_no_page(cast):
    """Every page behind a login still sends the admin to the login page."""
    enrol(cast.superadmin)
    client = Client()
    assert password_step(client, email="boss@ops.example")["Location"] == "/login/code/"
    for name in [*panel_routes(ADMIN), *panel_routes(SUPERADMIN)]:
        url = reverse(name, kwargs=SAMPLES[name.removeprefix("web:")])
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/login/?next="), name


def test_a_wrong_code_is_refused_and_counts_toward_the_lockout(cast, secret):
    client = Client()
    password_step(client)
    for _ in range(3):
        response = client.post("/login/code/", {"code": "000000"})
        assert response.status_code == 200
        assert REFUSED in response.content.decode()
    assert AuditEvent.objects.filter(action="login.second_factor_failure").count() == 3
    assert AuditEvent.objects.filter(action="login.lockout").count() == 1
    response = client.post("/login/code/", {"code": current_code(secret)})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many failed attempts" in response.content.decode()
    assert not logged_in(client)


def test_a_code_is_never_accepted_twice(cast, secret):
    code = current_code(secret)
    first = Client()
    password_step(first)
    assert first.post("/login/code/", {"code": code})["Location"] == "/dashboard/"
    second = Client()
    password_step(second)
    response = second.post("/login/code/", {"code": code})
    assert REFUSED in response.content.decode()
    assert not logged_in(second)


def test_a_backup_code_logs_in_once(cast):
    _, codes = enrol(cast.admin_a)
    first = Client()
    password_step(first)
    assert first.post("/login/code/", {"code": codes[0]})["Location"] == "/dashboard/"
    second = Client()
    password_step(second)
    assert REFUSED in second.post("/login/code/", {"code": codes[0]}).content.decode()
    assert not logged_in(second)


def test_the_pending_login_expires(cast, secret):
    client = Client()
    password_step(client)
    session = client.session
    session[PENDING_KEY] = session[PENDING_KEY] | {"until": int(time.time()) - 1}
    session.save()
    step = TOTPDevice.objects.get().last_step
    response = client.post("/login/code/", {"code": current_code(secret)})
    assert response["Location"] == "/login/"
    assert not logged_in(client)
    assert PENDING_KEY not in client.session
    assert TOTPDevice.objects.get().last_step == step  # the code was not even checked


def test_a_password_change_ends_a_pending_login(cast, secret):
    client = Client()
    password_step(client)
    admin_set_password(actor=cast.root, email="admin@a.example", password="another long one")
    response = client.post("/login/code/", {"code": current_code(secret)})
    assert response["Location"] == "/login/"
    assert not logged_in(client)


@pytest.mark.parametrize("url", ["/login/code/", "/login/enrol/"])
def test_the_second_steps_send_anyone_without_a_password_step_to_login(cast, secret, url):
    client = Client()
    for response in (client.get(url), client.post(url, {"code": current_code(secret)})):
        assert response["Location"] == "/login/"
    assert not logged_in(client)


def test_the_code_page_is_not_the_enrolment_page(cast, secret, settings):
    """A pending code step cannot be used to enrol a new second factor instead."""
    settings.MAILWARDEN_2FA_REQUIRED = True
    client = Client()
    password_step(client)
    assert client.post("/login/enrol/begin/")["Location"] == "/login/"
    assert totp_enabled(cast.admin_a.admin)


# Enrolment from the account page


def begin(client, url="/account/two-factor/begin/", page="/account/two-factor/"):
    """Start enrolment; return the page showing it and the secret it shows."""
    assert client.post(url)["Location"] == page
    body = client.get(page).content.decode()
    return body, SECRET_IN_PAGE.search(body).group(1)


def test_an_admin_enrols_from_the_account_page(admin_a):
    body = admin_a.get("/account/two-factor/").content.decode()
    assert "Set up two-factor login" in body
    body, secret = begin(admin_a)
    assert "<svg" in body
    assert "otpauth://totp/mailwarden:admin%40a.example?secret=" in body
    for pattern in INLINE:
        assert not pattern.search(body), pattern.pattern
    assert not re.search(rf"<input[^>]*{secret}", body)  # the key is never a form field

    refused = admin_a.post("/account/two-factor/confirm/", {"code": "000000"})
    assert "that code is not valid now" in refused.content.decode()
    assert not totp_enabled(TOTPDevice.objects.get().admin)

    done = admin_a.post("/account/two-factor/confirm/", {"code": current_code(secret)})
    codes = BACKUP_CODE.findall(done.content.decode())
    assert len(codes) == 10
    assert totp_enabled(TOTPDevice.objects.get().admin)
    assert AuditEvent.objects.filter(action="2fa.enable", actor="admin@a.example").count() == 1

    admin_a.post("/logout/")
    client = Client()
    assert password_step(client)["Location"] == "/login/code/"
    client.post("/login/code/", {"code": codes[3]})
    assert client.get("/dashboard/").status_code == 200


def test_backup_codes_are_shown_once_and_kept_nowhere_in_clear(admin_a):
    _, secret = begin(admin_a)
    done = admin_a.post("/account/two-factor/confirm/", {"code": current_code(secret)})
    codes = BACKUP_CODE.findall(done.content.decode())
    assert len(codes) == 10
    session = repr(dict(admin_a.session.items()))
    again = admin_a.post(
        "/account/two-factor/confirm/", {"code": current_code(secret)}, follow=True
    )
    later = admin_a.get("/account/two-factor/").content.decode()
    for code in codes:
        assert code not in session
        assert code not in again.content.decode()
        assert code not in later
    assert "no enrolment in progress" in again.content.decode()
    assert secret not in later  # once on, the key is never shown again
    assert "<svg" not in later


def test_starting_again_makes_a_new_key(admin_a):
    _, first = begin(admin_a)
    _, second = begin(admin_a)
    assert first != second
    assert TOTPDevice.objects.count() == 1


def test_turning_it_off_needs_the_password_and_a_code(cast, secret):
    client = Client()
    client.force_login(cast.admin_a.admin)
    for data in (
        {"password": "wrong password", "code": current_code(secret)},
        {"password": PASSWORD, "code": "000000"},
        {"password": PASSWORD, "code": ""},
    ):
        response = client.post("/account/two-factor/disable/", data)
        assert response.status_code == 200
        assert totp_enabled(cast.admin_a.admin)
    assert AuditEvent.objects.filter(action="2fa.disable_failure").count() == 2
    response = client.post(
        "/account/two-factor/disable/", {"password": PASSWORD, "code": current_code(secret)}
    )
    assert response["Location"] == "/account/two-factor/"
    assert not totp_enabled(cast.admin_a.admin)
    assert AuditEvent.objects.filter(action="2fa.disable", actor="admin@a.example").count() == 1
    assert password_step(Client())["Location"] == "/dashboard/"


def test_wrong_answers_to_turn_it_off_count_toward_the_lockout(cast, secret):
    """A stolen session cannot guess the password through this form."""
    client = Client()
    client.force_login(cast.admin_a.admin)
    for _ in range(3):
        client.post("/account/two-factor/disable/", {"password": "guess", "code": "000000"})
    response = client.post(
        "/account/two-factor/disable/", {"password": PASSWORD, "code": current_code(secret)}
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert totp_enabled(cast.admin_a.admin)
    assert password_step(Client()).status_code == 429


def test_it_cannot_be_turned_off_where_it_is_required(cast, secret, settings):
    settings.MAILWARDEN_2FA_REQUIRED = True
    client = Client()
    client.force_login(cast.admin_a.admin)
    assert "Turn off two-factor login" not in client.get("/account/two-factor/").content.decode()
    client.post(
        "/account/two-factor/disable/", {"password": PASSWORD, "code": current_code(secret)}
    )
    assert totp_enabled(cast.admin_a.admin)


# Enrolment at login, when the server requires a second factor


def test_a_required_second_factor_is_enrolled_at_login(cast, settings):
    settings.MAILWARDEN_2FA_REQUIRED = True
    client = Client()
    client.get("/login/")
    fixed = client.session.session_key
    assert password_step(client, next_url="/aliases/")["Location"] == "/login/enrol/"
    after_password = client.session.session_key
    assert after_password != fixed
    assert not logged_in(client)
    assert client.get("/dashboard/")["Location"].startswith("/login/")

    body, secret = begin(client, "/login/enrol/begin/", "/login/enrol/")
    assert "<svg" in body
    assert "requires a second factor" in body
    refused = client.post("/login/enrol/", {"code": "000000"})
    assert "that code is not valid now" in refused.content.decode()
    assert not logged_in(client)

    done = client.post("/login/enrol/", {"code": current_code(secret)})
    assert len(BACKUP_CODE.findall(done.content.decode())) == 10
    assert 'href="/aliases/"' in done.content.decode()
    assert logged_in(client)
    assert client.session.session_key not in (fixed, after_password)
    assert client.get("/dashboard/").status_code == 200
    for action in ("2fa.enable", "login.success"):
        assert AuditEvent.objects.filter(action=action, actor="admin@a.example").count() == 1


def test_enrolment_at_login_never_replaces_a_second_factor_that_is_on(cast, settings):
    """Someone holding only the password while the admin enrols elsewhere gets nothing."""
    settings.MAILWARDEN_2FA_REQUIRED = True
    client = Client()
    password_step(client)
    secret, _ = enrol(cast.admin_a)  # meanwhile, from the admin's own session
    sealed = TOTPDevice.objects.get().secret
    response = client.post("/login/enrol/begin/", follow=True)
    assert "two-factor login is already on" in response.content.decode()
    response = client.post("/login/enrol/", {"code": current_code(secret)}, follow=True)
    assert "no enrolment in progress" in response.content.decode()
    assert not logged_in(client)
    assert TOTPDevice.objects.get().secret == sealed


def test_a_listed_admin_logs_in_with_the_password_alone_once_reset(cast, secret, settings):
    settings.MAILWARDEN_2FA_RESET_ADMINS = ["admin@a.example"]
    client = Client()
    assert password_step(client)["Location"] == "/dashboard/"
    assert logged_in(client)
    assert not TOTPDevice.objects.exists()
    assert AuditEvent.objects.filter(action="2fa.reset_at_login").count() == 1


def test_a_reset_admin_enrols_again_at_login_where_it_is_required(cast, secret, settings):
    settings.MAILWARDEN_2FA_RESET_ADMINS = ["admin@a.example"]
    settings.MAILWARDEN_2FA_REQUIRED = True
    client = Client()
    assert password_step(client)["Location"] == "/login/enrol/"
    assert not logged_in(client)
    assert not TOTPDevice.objects.exists()


# CSRF on the second steps, with a real pending login


def csrf_client():
    client = Client(enforce_csrf_checks=True)
    client.get("/login/")
    return client, client.cookies["csrftoken"].value


def test_the_code_step_needs_the_csrf_token(cast, secret):
    client, token = csrf_client()
    data = {"email": "admin@a.example", "password": PASSWORD, "csrfmiddlewaretoken": token}
    assert client.post("/login/", data)["Location"] == "/login/code/"
    step = TOTPDevice.objects.get().last_step
    response = client.post("/login/code/", {"code": current_code(secret)})
    assert response.status_code == 403
    assert not logged_in(client)
    assert TOTPDevice.objects.get().last_step == step
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/login/code/", {"code": current_code(secret), "csrfmiddlewaretoken": token}
    )
    assert response["Location"] == "/dashboard/"


def test_the_enrolment_at_login_needs_the_csrf_token(cast, settings):
    settings.MAILWARDEN_2FA_REQUIRED = True
    client, token = csrf_client()
    data = {"email": "admin@a.example", "password": PASSWORD, "csrfmiddlewaretoken": token}
    assert client.post("/login/", data)["Location"] == "/login/enrol/"
    assert client.post("/login/enrol/begin/").status_code == 403
    assert not TOTPDevice.objects.exists()
    token = client.cookies["csrftoken"].value
    client.post("/login/enrol/begin/", {"csrfmiddlewaretoken": token})
    body = client.get("/login/enrol/").content.decode()
    secret = SECRET_IN_PAGE.search(body).group(1)
    assert client.post("/login/enrol/", {"code": current_code(secret)}).status_code == 403
    assert not totp_enabled(cast.admin_a.admin)
    assert not logged_in(client)


def test_the_account_forms_need_the_csrf_token(cast, secret):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.admin_a.admin)
    data = {"password": PASSWORD, "code": current_code(secret)}
    assert client.post("/account/two-factor/disable/", data).status_code == 403
    assert client.post("/account/two-factor/begin/").status_code == 403
    assert totp_enabled(cast.admin_a.admin)
    assert not AuditEvent.objects.filter(action__startswith="2fa.disable").exists()
