"""The token format: ``mw_<8 hex>_<43 url-safe characters>``.

The first eleven characters are the visible prefix that names the token in lists and logs;
the rest carries 256 random bits. Only the SHA-256 digest of the whole token is stored: with
that much entropy a slow password hash would buy nothing and cost every request.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

PREFIX_LENGTH = 11
_FORMAT = re.compile(r"^mw_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$")
# Compared against when the prefix is unknown, so a miss costs what a hit costs.
_DUMMY_DIGEST = hashlib.sha256(b"mailwarden-no-such-token").hexdigest()


def new_token() -> str:
    return f"mw_{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}"


def well_formed(raw: str) -> bool:
    return bool(_FORMAT.match(raw))


def prefix_of(raw: str) -> str:
    return raw[:PREFIX_LENGTH]


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("ascii", "replace")).hexdigest()


def digest_matches(raw: str, digest: str | None) -> bool:
    """Constant-time comparison of the token's digest with the stored one (or a dummy)."""
    return hmac.compare_digest(digest_of(raw), digest or _DUMMY_DIGEST) and digest is not None
