"""Security headers on every page, and pages that need no inline script or style."""

import re

import pytest
from django.test import Client

from tests.web.test_pages_render import PAGES

INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    re.compile(r"<style", re.I),
    re.compile(r"\sstyle=", re.I),
    re.compile(r"\son[a-z]+=", re.I),
    re.compile(r"javascript:", re.I),
    re.compile(r"https?://(?!127\.0\.0\.1|testserver)", re.I),
]


def test_pages_carry_the_security_headers(boss):
    response = boss.get("/domains/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


def test_hsts_is_sent_only_over_tls(cast):
    assert "Strict-Transport-Security" not in Client().get("/login/")
    assert "max-age=" in Client().get("/login/", secure=True)["Strict-Transport-Security"]


@pytest.mark.parametrize(("url", "expected"), PAGES)
def test_no_page_holds_inline_script_style_or_outside_assets(boss, url, expected):
    body = boss.get(url).content.decode()
    for pattern in INLINE:
        assert not pattern.search(body), f"{url}: {pattern.pattern}"


def test_the_assets_are_served_from_here_with_a_long_cache(cast):
    for name, kind in (("app.css", "text/css"), ("app.js", "javascript"), ("favicon.svg", "svg")):
        response = Client().get(f"/static/web/{name}")
        assert response.status_code == 200
        assert kind in response["Content-Type"]
        assert "immutable" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["../settings.py", "app.css.bak", "x.js", "%2e%2e%2fsettings.py"])
def test_only_the_listed_assets_are_served(cast, name):
    assert Client().get(f"/static/web/{name}").status_code == 404
