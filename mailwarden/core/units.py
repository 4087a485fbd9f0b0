"""Sizes as people write them (``500M``, ``2G``) and as the database stores them (bytes)."""

from __future__ import annotations

import re

from mailwarden.core.errors import Invalid

_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
_SIZE = re.compile(r"^\s*(\d+)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)
MAX_BYTES = 2**62


def parse_size(value: str | int, *, field: str = "size") -> int:
    """Bytes from ``1048576``, ``1024K``, ``500M``, ``2G``, ``1T`` (binary units); 0 = unlimited."""
    if isinstance(value, int):
        number = value
    else:
        match = _SIZE.match(value)
        if not match:
            raise Invalid(
                f"{field}: {value!r} is not a size (examples: 0, 500M, 2G)",
                fields={field: "invalid"},
            )
        number = int(match.group(1)) * _UNITS[match.group(2).lower()]
    if not 0 <= number <= MAX_BYTES:
        raise Invalid(
            f"{field}: must be between 0 and {MAX_BYTES} bytes", fields={field: "invalid"}
        )
    return number


def format_size(number: int) -> str:
    """The shortest exact binary-unit spelling: 0 -> "unlimited", 524288000 -> "500M"."""
    if number == 0:
        return "unlimited"
    for suffix in ("T", "G", "M", "K"):
        unit = _UNITS[suffix.lower()]
        if number % unit == 0:
            return f"{number // unit}{suffix}"
    return str(number)
