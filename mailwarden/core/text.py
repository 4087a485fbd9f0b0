"""Free text (display names, descriptions) and search terms, checked once for every door.

What no engine stores, what reorders text on screen, and what no engine compares as given
is refused with a one-line message naming the field, so it never becomes a database error.
"""

from __future__ import annotations

import unicodedata

from mailwarden.core.errors import Invalid

MAX_SEARCH = 1000  # the API's bound; longer than anything stored, so it could match nothing
# Embeddings, overrides and isolates make text read otherwise than it is stored
# ("Trojan Source", CVE-2021-42574): "invoice\u202efdp.exe" shows as "invoiceexe.pdf".
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unsafe(char: str, *, direction: bool = True) -> str | None:
    """What is wrong with one character, if anything. Control characters (C0, DEL, C1):
    PostgreSQL refuses NUL and SQLite's LIKE stops at it; the others garble terminals and
    logs. Lone surrogates (from arguments that were not UTF-8): no engine encodes them."""
    category = unicodedata.category(char)
    if category == "Cc":
        return "control characters are not allowed"
    if category == "Cs":
        return "the text is not valid Unicode"
    if direction and char in DIRECTION_CONTROLS:
        return "text direction controls are not allowed"
    return None


def _fault(text: str, *, direction: bool) -> str | None:
    return next((f for c in text if (f := _unsafe(c, direction=direction)) is not None), None)


def clean_text(value: str, *, field: str, max_length: int) -> str:
    """``value`` stripped, or ``Invalid``: at most ``max_length`` characters of printable,
    encodable text without direction controls. Any script and emoji are welcome."""
    text = value.strip()
    if len(text) > max_length:
        raise Invalid(f"{field}: at most {max_length} characters", fields={field: "too_long"})
    if (fault := _fault(text, direction=True)) is not None:
        raise Invalid(f"{field}: {fault}", fields={field: "invalid"})
    return text


def search_text(value: str, *, field: str = "search") -> str:
    """A search or filter term stripped, or ``Invalid`` when no engine could compare it as
    given. Its LIKE wildcards stay literal: the ORM escapes them."""
    text = value.strip()
    if len(text) > MAX_SEARCH:
        raise Invalid(f"{field}: at most {MAX_SEARCH} characters", fields={field: "too_long"})
    if (fault := _fault(text, direction=False)) is not None:
        raise Invalid(f"{field}: {fault}", fields={field: "invalid"})
    return text


def inert(text: str) -> str:
    """``text`` with each character ``clean_text`` refuses spelled as an escape (``\\x1b``):
    for text kept as it came, such as the address a failed login typed, so that listing the
    audit log in a terminal or a page shows it and never acts on it."""
    return "".join(
        char.encode("unicode_escape").decode("ascii") if _unsafe(char) else char for char in text
    )
