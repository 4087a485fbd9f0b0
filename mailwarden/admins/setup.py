"""First run: the one-time setup token and the creation of the first superadmin.

While no admin exists, whoever reaches the web panel first could claim it. The setup token
closes that window: ``mailwarden serve`` (and ``mailwarden setup-token``) prints a fresh
random token on the operator's console; only its SHA-256 is stored, in the data directory.
The setup page creates the first superadmin only with that token and only while no admin
exists; after that the token file is removed and the page answers 404 for good.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction

from mailwarden.admins.models import Admin
from mailwarden.admins.services import admin_create
from mailwarden.core.actor import Actor
from mailwarden.core.errors import Forbidden, NotFound

TOKEN_FILE = "setup-token.sha256"  # noqa: S105 - a file name; it holds a hash
LOCK_FILE = "setup-token.lock"


def setup_open() -> bool:
    """True while no admin exists: the panel then sends every page to the setup page."""
    return not Admin.objects.exists()


def _path(name: str) -> Path:
    return Path(settings.DATA_DIR) / name


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@contextmanager
def _exclusive() -> Iterator[None]:
    """Serialise token issue and use across processes (gunicorn workers, the CLI).

    No database row exists to lock before the first admin does; a file lock in the data
    directory makes two simultaneous setups queue, so the second one sees the first admin.
    """
    lock = _path(LOCK_FILE)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _discard_token() -> None:
    _path(TOKEN_FILE).unlink(missing_ok=True)


def setup_token_issue() -> str | None:
    """A new setup token (the previous one stops working), or None once an admin exists.

    The token is returned once for the console; only its hash is written (mode 0600).
    """
    with _exclusive():
        if not setup_open():
            _discard_token()
            return None
        token = secrets.token_urlsafe(24)
        path = _path(TOKEN_FILE)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(_digest(token) + "\n")
        os.replace(tmp, path)
        return token


def _token_matches(token: str) -> bool:
    try:
        stored = _path(TOKEN_FILE).read_text(encoding="ascii").strip()
    except OSError:
        return False
    return bool(token) and hmac.compare_digest(stored, _digest(token.strip()))


def first_superadmin_create(
    *, token: str, email: str, password: str, source_ip: str | None = None
) -> Admin:
    """Create the first, protected superadmin with the setup token, in one transaction.

    NotFound once any admin exists (the setup page is gone); Forbidden for a wrong or
    missing token; the admin services' own validation for the email and password. The
    audit event (``admin.create`` by ``setup``) is written in the same transaction.
    """
    with _exclusive():
        if not setup_open():
            raise NotFound("setup is complete")
        if not _token_matches(token):
            raise Forbidden("the setup token is not valid; run `mailwarden setup-token`")
        actor = Actor(label="setup", door="web", is_superadmin=True, source_ip=source_ip)
        with transaction.atomic():
            admin = admin_create(actor=actor, email=email, password=password, is_superadmin=True)
        _discard_token()
        return admin
