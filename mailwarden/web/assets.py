"""The panel's own CSS and JS, read once and served with a content hash (no CDN, no
collectstatic step): a handful of small files does not need a static-file server."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static" / "web"
FILES = ("app.css", "app.js", "favicon.svg")


@dataclass(frozen=True)
class Asset:
    body: bytes
    content_type: str
    version: str


@cache
def asset(name: str) -> Asset | None:
    """The named file of the allow-list above, or None for anything else."""
    if name not in FILES:
        return None
    body = (STATIC_DIR / name).read_bytes()
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type.endswith("javascript"):
        content_type += "; charset=utf-8"
    return Asset(body, content_type, hashlib.sha256(body).hexdigest()[:12])


def versions() -> dict[str, str]:
    """``{"app.css": "<hash>", ...}`` for cache-busting query strings in templates."""
    return {name.replace(".", "_"): found.version for name in FILES if (found := asset(name))}
