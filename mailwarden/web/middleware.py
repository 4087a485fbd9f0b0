"""Response headers every panel page needs beyond Django's own security middleware."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# No inline script or style anywhere: the panel's CSS and JS are files served from 'self'.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Adds the CSP and friends, and marks cookies Secure when the request came over TLS.

    Cookies are Secure only behind TLS so that the default http://127.0.0.1:8000 set-up
    still logs in; HSTS likewise is sent by Django only on secure requests.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        # Pages show account data: never kept by shared caches or the browser's back cache.
        response.headers.setdefault("Cache-Control", "no-store")
        if request.is_secure():
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if name in response.cookies:
                    response.cookies[name]["secure"] = True
        return response


# Where the session keeps the time (epoch seconds) its expiry was last pushed back.
REFRESHED_KEY = "_idle_refreshed"


class IdleTimeoutMiddleware:
    """Pushes a session's idle deadline back, writing the session at most once per interval.

    A session expires ``SESSION_COOKIE_AGE`` after it was last saved. Saving it on every
    request (Django's SESSION_SAVE_EVERY_REQUEST) would cost each page view a write and, on
    SQLite, the database's write lock; instead the session is saved when a tenth of the
    timeout (at most a minute) has passed since the last push, so it ends between 90% and
    100% of the timeout after its last request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if not session.is_empty():
            now = int(time.time())
            refreshed = session.get(REFRESHED_KEY)
            interval = min(60, settings.SESSION_COOKIE_AGE // 10)
            if session.modified or refreshed is None or now - refreshed >= interval:
                session[REFRESHED_KEY] = now
        return response
