"""The shipped nginx site, running in front of a real `mailwarden serve`, over real TLS.

Each test talks to nginx from its own loopback address (127.0.0.x), so nginx's per-client
rate limits and mailwarden's per-IP lockout of one test never reach another.
"""

from __future__ import annotations

import gzip

from mailwarden.web.assets import STATIC_DIR
from mailwarden.web.middleware import CONTENT_SECURITY_POLICY
from tests.deploy.harness import (
    ADMIN,
    ADMIN_PASSWORD,
    ENGINE_INDEPENDENT,
    LOGIN_ATTEMPTS,
    SERVER_NAME,
)

pytestmark = ENGINE_INDEPENDENT

HSTS = "max-age=31536000"
BROWSER = "127.0.0.10"
FORGED = "203.0.113.9"


def test_every_security_header_arrives_exactly_once(deployment):
    """nginx adds HSTS and drops Django's copy; the app's content headers pass untouched."""
    page = deployment.request("GET", "/login/", source=BROWSER)
    assert page.status == 200, deployment.logs()
    assert page.one("Strict-Transport-Security") == HSTS
    assert page.one("Content-Security-Policy") == CONTENT_SECURITY_POLICY
    assert page.one("X-Frame-Options") == "DENY"
    assert page.one("Referrer-Policy") == "same-origin"
    assert page.one("X-Content-Type-Options") == "nosniff"


def test_the_server_header_and_error_pages_name_no_version(deployment):
    page = deployment.request("GET", "/login/", source=BROWSER)
    missing = deployment.request("GET", "/static/web/missing.css", source=BROWSER)
    assert page.one("Server") == "nginx"
    assert missing.status == 404
    assert missing.one("Server") == "nginx"
    assert b"nginx/" not in missing.body


def test_pages_are_never_compressed_even_when_the_client_asks(deployment):
    """BREACH: Debian's nginx.conf turns gzip on for every site; the site turns it off."""
    page = deployment.request("GET", "/login/", source=BROWSER, headers={"Accept-Encoding": "gzip"})
    assert page.status == 200
    assert page.all("Content-Encoding") == []
    assert "csrfmiddlewaretoken" in page.text


def test_it_serves_the_panel_assets_from_disk_compressed_and_cached_for_a_year(deployment):
    asset = deployment.request(
        "GET", "/static/web/app.css?v=1", source=BROWSER, headers={"Accept-Encoding": "gzip"}
    )
    assert asset.status == 200
    assert asset.one("Content-Encoding") == "gzip"
    assert gzip.decompress(asset.body) == (STATIC_DIR / "app.css").read_bytes()
    assert asset.one("Cache-Control") == "public, max-age=31536000, immutable"
    assert asset.one("X-Content-Type-Options") == "nosniff"
    assert asset.one("Strict-Transport-Security") == HSTS


def test_it_refuses_an_oversized_form_body_with_413_but_lets_api_calls_through(deployment):
    """64 KiB for the panel's forms; the API doors take up to 1 MiB, as the app does."""
    body = b"x" * (100 * 1024)
    form = deployment.request(
        "POST",
        "/login/",
        source=BROWSER,
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status == 413
    assert b"nginx/" not in form.body
    api = deployment.request(
        "POST", "/rpc", source=BROWSER, body=body, headers={"Content-Type": "application/json"}
    )
    assert api.status == 401  # reached mailwarden, which wants a token


def test_plain_http_redirects_to_https_except_for_certificate_challenges(deployment):
    moved = deployment.request("GET", "/login/?next=/domains/", source=BROWSER, https=False)
    assert moved.status == 301
    assert moved.one("Location") == f"https://{SERVER_NAME}/login/?next=/domains/"
    challenge = deployment.webroot / ".well-known" / "acme-challenge" / "t0ken"
    challenge.write_text("t0ken.thumbprint")
    answer = deployment.request(
        "GET", "/.well-known/acme-challenge/t0ken", source=BROWSER, https=False
    )
    assert (answer.status, answer.text) == (200, "t0ken.thumbprint")


def test_a_client_cannot_smuggle_gunicorns_other_scheme_headers(deployment):
    """gunicorn believes X-Forwarded-Ssl from 127.0.0.1 and answers 400 when it contradicts
    nginx's X-Forwarded-Proto; the site drops the client's copy."""
    page = deployment.request("GET", "/login/", source=BROWSER, headers={"X-Forwarded-Ssl": "off"})
    assert page.status == 200


def test_cookies_are_secure_over_tls_and_the_login_records_the_real_client(deployment):
    """X-Forwarded-Proto makes the cookies Secure; X-Forwarded-For from nginx, the one
    trusted proxy in the shipped settings, gives the audit log the browser's address."""
    page = deployment.request("GET", "/login/", source="127.0.0.2")
    assert page.cookies()["csrftoken"]["secure"]
    answer = deployment.login(ADMIN, ADMIN_PASSWORD, source="127.0.0.2")
    assert answer.status == 302, answer.text
    session = answer.cookies()["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    sources = [event["source_ip"] for event in deployment.audit("login.success")]
    assert "127.0.0.2" in sources


def test_a_forged_x_forwarded_for_does_not_dodge_the_login_lockout(deployment):
    """The attempt that reaches the limit and the next one claim to come from 203.0.113.9.
    Had nginx appended to the client's header ($proxy_add_x_forwarded_for), mailwarden would
    skip the trusted 127.0.0.1 hop, count them for 203.0.113.9, and let the right password
    of the last attempt in. The site replaces the header, so all count for 127.0.0.1."""
    client = "127.0.0.1"
    for attempt in range(LOGIN_ATTEMPTS - 1):
        answer = deployment.login(f"guess{attempt}@deploy.example", "wrong", source=client)
        assert answer.status == 200
    last = deployment.login("guess-last@deploy.example", "wrong", source=client, forged_for=FORGED)
    assert last.status == 200
    refused = deployment.login(ADMIN, ADMIN_PASSWORD, source=client, forged_for=FORGED)
    assert refused.status == 429
    assert int(refused.one("Retry-After")) > 0
    events = deployment.audit("login.failure", "login.lockout", "login.refused_locked")
    mine = [(e["action"], e["source_ip"]) for e in events if e["object"].startswith("guess")]
    assert mine == [("login.failure", client)] * LOGIN_ATTEMPTS + [("login.lockout", client)]
    refusals = [e["source_ip"] for e in events if e["action"] == "login.refused_locked"]
    assert refusals == [client]


def test_nginx_rate_limits_the_login_page_per_client_with_429(deployment):
    """10 per minute with a burst of 10: of 20 quick requests the first 11 pass."""
    statuses = []
    for _ in range(20):
        answer = deployment.request("GET", "/login/", source="127.0.0.3")
        statuses.append(answer.status)
        if answer.status == 429:
            limited = answer
    assert statuses[:11] == [200] * 11
    assert set(statuses[11:]) <= {200, 429}
    assert statuses[11:].count(429) >= 8
    assert limited.one("Strict-Transport-Security") == HSTS
    assert limited.one("Server") == "nginx"
