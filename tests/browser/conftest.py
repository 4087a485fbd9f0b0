"""Playwright's sync API driving Debian's chromium against pytest-django's live server.

Locally a missing browser is a loud skip; with CI=true it fails (``tests.conftest.require``).
Screenshots go to ``$MAILWARDEN_SCREENSHOTS`` when set (``docs/screenshots`` to refresh the
ones in the README), else to the test's temporary directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import require

CHROMIUM = Path("/usr/bin/chromium")
# Without these, Chromium reaches for Google's hosts at start, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in the test's thread; Django's ORM calls made by
# the test itself (fixtures, assertions) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _live_server_static_url():
    """pytest-django's live server wraps a static-file handler that needs a STATIC_URL; the
    panel serves its own assets, so point that handler at a path nothing uses."""
    from django.conf import settings

    settings.STATIC_URL = "/live-server-static-unused/"


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    require(sync_playwright is not None, "the playwright package (pip install -e '.[dev]')")
    require(CHROMIUM.exists(), f"{CHROMIUM} (scripts/install-browser)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    target = Path(os.environ.get("MAILWARDEN_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(width=1100, dark=False)``: a fresh browser context on the live server,
    failing the test on any CSP violation or script error a page reports."""
    contexts = []
    problems: list[str] = []

    def make(width: int = 1100, height: int = 800, dark: bool = False):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            color_scheme="dark" if dark else "light",
        )
        contexts.append(context)
        page = context.new_page()
        # Console errors (a CSP violation is one); 404s are asked for on purpose here.
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and "Failed to load resource" not in m.text
                and problems.append(m.text)
            ),
        )
        page.on("pageerror", lambda e: problems.append(str(e)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert problems == [], problems
