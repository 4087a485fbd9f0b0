"""Two-factor login in a real browser, on a phone: enrol from the account page (the QR code
renders under the CSP), log out, log in again with a code from the app."""

from __future__ import annotations

import time

import pytest

from mailwarden.security.secretbox import new_key
from mailwarden.security.totp import current_code, totp_enabled
from tests.browser.test_panel import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _totp_key(monkeypatch):
    """The live server runs in this process: it reads the same environment."""
    monkeypatch.setenv("MAILWARDEN_TOTP_KEY", new_key())


def test_enrol_log_out_and_log_in_with_a_code(cast, open_page, shots):
    page = open_page(width=360, height=740)
    login(page, "admin@a.example")
    page.wait_for_url("**/dashboard/")
    page.click("text=Two-factor login")
    page.click("text=Set up two-factor login")
    page.wait_for_url("**/account/two-factor/")
    box = page.locator(".qr svg").bounding_box()
    assert box is not None
    assert 100 < box["width"] <= 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=shots / "two-factor-enrol.png", full_page=True)
    secret = page.inner_text(".facts dd code >> nth=0").strip()

    page.fill("#id_code", current_code(secret))
    page.click("button.primary")
    page.wait_for_selector("text=Your backup codes")
    assert page.locator(".backup-codes li").count() == 10
    assert totp_enabled(cast.admin_a.admin)

    page.click("text=Log out")
    page.wait_for_url("**/login/")
    login(page, "admin@a.example")
    page.wait_for_url("**/login/code/")
    page.fill("#id_code", current_code(secret, time.time() + 30))  # the next step's code
    page.click("button.primary")
    page.wait_for_url("**/dashboard/")
