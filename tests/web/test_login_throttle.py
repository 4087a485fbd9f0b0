"""The panel's login goes through the throttled login service: forged headers do not help."""

import pytest
from django.test import Client

from mailwarden.audit.models import AuditEvent
from tests.conftest import PASSWORD

ATTACKER = "203.0.113.9"


PROXY = "10.0.0.5"
LOCAL_PROXY = "127.0.0.1"


def post_login(password, forged, peer=ATTACKER):
    return Client(REMOTE_ADDR=peer).post(
        "/login/",
        {"email": "admin@a.example", "password": password},
        HTTP_X_FORWARDED_FOR=forged,
    )


PROXY_MODES = pytest.mark.parametrize(
    ("mode", "proxies", "peer", "chain"),
    [
        pytest.param("auto", [], ATTACKER, "{forged}", id="auto-direct"),
        pytest.param("auto", [], LOCAL_PROXY, "{forged}, " + ATTACKER, id="auto-local-proxy"),
        pytest.param("on", ["10.0.0.0/8"], ATTACKER, "{forged}", id="on-direct"),
        pytest.param("on", ["10.0.0.0/8"], PROXY, "{forged}, " + ATTACKER, id="on-behind-proxy"),
        pytest.param("off", [], ATTACKER, "{forged}", id="off"),
    ],
)


@PROXY_MODES
def test_it_locks_out_an_attacker_who_forges_x_forwarded_for(
    cast, settings, mode, proxies, peer, chain
):
    """Each attempt claims another address; in every proxy mode the attacker stays one, and
    the audit log names the attacker's real address (the account's own counter would lock
    it anyway: the recorded address is what proves the proxy handling)."""
    settings.MAILWARDEN_TRUSTED_PROXY = mode
    settings.MAILWARDEN_TRUSTED_PROXIES = proxies
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 3
    for i in range(3):
        forged = chain.format(forged=f"198.51.100.{i}")
        assert post_login("guess password", forged, peer).status_code == 200
    response = post_login(PASSWORD, chain.format(forged="198.51.100.99"), peer)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in response.client.session
    failures = AuditEvent.objects.filter(action__in=["login.failure", "login.refused_locked"])
    assert set(failures.values_list("source_ip", flat=True)) == {ATTACKER}


@PROXY_MODES
def test_a_password_spray_over_many_accounts_is_locked_out_by_address(
    cast, settings, mode, proxies, peer, chain
):
    """One guess per account, so no account's counter fills: the address's counter must."""
    settings.MAILWARDEN_TRUSTED_PROXY = mode
    settings.MAILWARDEN_TRUSTED_PROXIES = proxies
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 3
    for i in range(3):
        response = Client(REMOTE_ADDR=peer).post(
            "/login/",
            {"email": f"nobody{i}@a.example", "password": "guess password"},
            HTTP_X_FORWARDED_FOR=chain.format(forged=f"198.51.100.{i}"),
        )
        assert response.status_code == 200
    response = post_login(PASSWORD, chain.format(forged="198.51.100.99"), peer)
    assert response.status_code == 429


def test_under_auto_a_client_on_the_lan_is_locked_out_by_its_own_address(cast, settings):
    """Regression: ``auto`` trusted every private peer, so a host on the LAN claimed a new
    address per guess in X-Forwarded-For and its spray was never locked out."""
    settings.MAILWARDEN_TRUSTED_PROXY = "auto"
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 3
    for i in range(3):
        response = Client(REMOTE_ADDR="10.0.0.66").post(
            "/login/",
            {"email": f"nobody{i}@a.example", "password": "guess password"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        )
        assert response.status_code == 200
    assert post_login(PASSWORD, "198.51.100.99", peer="10.0.0.66").status_code == 429
    failures = AuditEvent.objects.filter(action="login.failure")
    assert set(failures.values_list("source_ip", flat=True)) == {"10.0.0.66"}


def test_an_allowlisted_office_network_is_not_locked_out(cast, settings):
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 3
    settings.MAILWARDEN_LOGIN_ALLOWLIST = ["203.0.113.0/24"]
    for _ in range(5):
        post_login("guess password", "")
    assert post_login(PASSWORD, "").status_code == 302


def test_the_site_root_leads_to_the_dashboard(cast):
    assert Client().get("/")["Location"] == "/dashboard/"
