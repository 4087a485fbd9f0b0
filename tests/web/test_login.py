"""Login and session: one failure message, a new session id at login, logout by POST only,
an idle timeout, and cookies that scripts and other sites cannot use."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mailwarden.admins.services import admin_update
from mailwarden.audit.models import AuditEvent
from mailwarden.web.middleware import REFRESHED_KEY
from tests.conftest import PASSWORD

FAILED = "The email or the password is not correct."


def login(client, email="admin@a.example", password=PASSWORD, **extra):
    return client.post("/login/", {"email": email, "password": password}, **extra)


def test_it_logs_in_with_email_and_password_whatever_the_case(cast):
    client = Client()
    response = login(client, email=" Admin@A.example ")
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("admin@a.example", "wrong password"), ("nobody@a.example", PASSWORD), ("not an email", "x")],
)
def test_it_gives_one_message_for_unknown_accounts_and_wrong_passwords(cast, email, password):
    body = login(Client(), email=email, password=password).content.decode()
    assert FAILED in body


def test_it_refuses_a_deactivated_admin(cast):
    admin_update(actor=cast.root, email="admin@a.example", active=False)
    assert FAILED in login(Client()).content.decode()


def test_it_renews_the_session_id_at_login(cast):
    client = Client()
    client.get("/login/")
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key
    login(client)
    assert client.session.session_key != before


def test_it_sends_anonymous_visitors_to_login_and_back(cast):
    client = Client()
    response = client.get("/domains/?q=a")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/domains/%3Fq%3Da"
    response = client.post(
        "/login/?next=/domains/%3Fq%3Da",
        {"email": "admin@a.example", "password": PASSWORD, "next": "/domains/?q=a"},
    )
    assert response["Location"] == "/domains/?q=a"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "http:/\\evil"])
def test_it_never_redirects_off_site_after_login(cast, target):
    client = Client()
    response = client.post(
        "/login/", {"email": "admin@a.example", "password": PASSWORD, "next": target}
    )
    assert response["Location"] == "/dashboard/"


def test_logout_is_a_post_and_ends_the_session(admin_a):
    assert admin_a.get("/logout/").status_code == 405
    assert admin_a.get("/dashboard/").status_code == 200
    assert admin_a.post("/logout/").status_code == 302
    assert admin_a.get("/dashboard/").status_code == 302


def test_the_session_expires_after_the_idle_timeout(admin_a, settings):
    admin_a.get("/dashboard/")
    key = admin_a.session.session_key
    assert admin_a.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert admin_a.get("/dashboard/").status_code == 302


def deadline_after_a_request(client, *, refreshed_ago: int, expiring_in: int):
    """The session's stored deadline after one more page view, when its deadline was last
    pushed back ``refreshed_ago`` seconds ago and is ``expiring_in`` seconds away."""
    client.get("/dashboard/")
    session = client.session
    session[REFRESHED_KEY] -= refreshed_ago
    session.save()
    stored = Session.objects.filter(session_key=session.session_key)
    stored.update(expire_date=timezone.now() + timedelta(seconds=expiring_in))
    client.get("/dashboard/")
    return stored.get().expire_date


def test_a_request_after_the_refresh_interval_pushes_the_idle_deadline_back(admin_a):
    deadline = deadline_after_a_request(admin_a, refreshed_ago=61, expiring_in=60)
    assert deadline > timezone.now() + timedelta(minutes=5)


def test_requests_within_the_refresh_interval_do_not_write_the_session(admin_a):
    """The deadline moves at most once a minute: a page view costs no session write."""
    admin_a.get("/dashboard/")
    with CaptureQueriesContext(connection) as queries:
        assert admin_a.get("/dashboard/").status_code == 200
    writes = [q["sql"] for q in queries if "django_session" in q["sql"]]
    assert [sql for sql in writes if not sql.startswith("SELECT")] == []


def test_the_refresh_interval_is_a_tenth_of_a_short_timeout(admin_a, settings):
    settings.SESSION_COOKIE_AGE = 60
    deadline = deadline_after_a_request(admin_a, refreshed_ago=6, expiring_in=10)
    assert deadline > timezone.now() + timedelta(seconds=50)


def test_session_and_csrf_cookies_are_httponly_and_samesite_lax(cast):
    client = Client()
    client.get("/login/")
    response = login(client)
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies.get(name) or client.cookies[name]
        assert cookie["httponly"]
        assert cookie["samesite"] == "Lax"
        assert not cookie["secure"]


def test_cookies_are_secure_behind_tls(cast):
    client = Client()
    client.get("/login/", secure=True)
    response = login(client, secure=True)
    assert response.cookies["sessionid"]["secure"]
    assert client.cookies["csrftoken"]["secure"]


def test_an_admin_changes_their_own_password_after_giving_the_current_one(admin_a):
    refused = admin_a.post(
        "/account/password/", {"current": "wrong", "password": "another long one"}
    )
    assert "not your current password" in refused.content.decode()
    done = admin_a.post("/account/password/", {"current": PASSWORD, "password": "another long one"})
    assert done.status_code == 302
    assert admin_a.get("/dashboard/").status_code == 200
    assert login(Client(), password="another long one").status_code == 302


def test_guessing_the_current_password_counts_toward_the_login_lockout(admin_a, settings):
    """A stolen session must not guess its way to the password: wrong current passwords
    lock the account as failed logins do, and while it is locked the right one is refused
    too, so nothing changes."""
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 3
    for _ in range(3):
        admin_a.post("/account/password/", {"current": "a guess", "password": "taken over now"})
    refused = admin_a.post("/account/password/", {"current": PASSWORD, "password": "taken over"})
    assert refused.status_code == 429
    assert "Too many failed attempts" in refused.content.decode()
    assert login(Client(), password="taken over").status_code != 302
    assert AuditEvent.objects.filter(action="password.change_failure").count() == 3
