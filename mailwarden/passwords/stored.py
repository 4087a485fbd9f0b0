"""Reading stored password values the way Dovecot does: "{SCHEME}hash" or a bare crypt string."""

import re

_PREFIX = re.compile(r"\{([A-Za-z0-9][A-Za-z0-9.-]*)\}")

# crypt(3) identifiers Dovecot (through libxcrypt) recognises without a {SCHEME} prefix.
_CRYPT_IDS = (
    ("$1$", "MD5-CRYPT"),
    ("$5$", "SHA256-CRYPT"),
    ("$6$", "SHA512-CRYPT"),
    ("$2a$", "BLF-CRYPT"),
    ("$2b$", "BLF-CRYPT"),
    ("$2y$", "BLF-CRYPT"),
)


def crypt_scheme_of(value: str) -> str | None:
    """Name the Dovecot scheme of a bare crypt string such as "$6$salt$hash", if any."""
    for ident, scheme in _CRYPT_IDS:
        if value.startswith(ident):
            return scheme
    return None


def split_stored(stored: str) -> tuple[str, str] | None:
    """Split a stored value into (upper-case scheme name, hash), or None if it names none.

    Dovecot scheme names are case-insensitive. A bare crypt string gets the scheme its
    crypt identifier implies.
    """
    if not isinstance(stored, str):
        return None
    match = _PREFIX.match(stored)
    if match:
        return match[1].upper(), stored[match.end() :]
    implied = crypt_scheme_of(stored)
    return (implied, stored) if implied else None
