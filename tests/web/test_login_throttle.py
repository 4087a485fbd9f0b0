"""The panel's login goes through the throttled login service: forged headers do not help."""

from django.test import Client

from tests.conftest import PASSWORD

ATTACKER = "203.0.113.9"


def post_login(password, forged):
    return Client(REMOTE_ADDR=ATTACKER).post(
        "/login/",
        {"email": "admin@a.example", "password": password},
        HTTP_X_FORWARDED_FOR=forged,
    )


def test_it_locks_out_an_attacker_who_forges_x_forwarded_for(cast, settings):
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 3
    for i in range(3):
        assert post_login("guess password", f"198.51.100.{i}").status_code == 200
    response = post_login(PASSWORD, "198.51.100.99")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in response.client.session


def test_an_allowlisted_office_network_is_not_locked_out(cast, settings):
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 3
    settings.MAILWARDEN_LOGIN_ALLOWLIST = ["203.0.113.0/24"]
    for _ in range(5):
        post_login("guess password", "")
    assert post_login(PASSWORD, "").status_code == 302


def test_the_site_root_leads_to_the_dashboard(cast):
    assert Client().get("/")["Location"] == "/dashboard/"
