"""One validator per field: domain names, local parts and addresses, normalised once.

Addresses are stored the way Postfix looks them up: lower case, domain in punycode. Every
door (CLI, web, APIs, imports) goes through these functions via the service layer.
"""

from __future__ import annotations

import re

import idna

from mailwarden.core.errors import Invalid

MAX_LOCAL_PART = 64
MAX_DOMAIN = 253
MAX_ADDRESS = 254

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# RFC 5321 dot-string: atoms of atext separated by single dots. Quoted local parts are refused:
# they cannot be typed reliably into mail clients and would need quoting in every map.
_ATEXT = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]"
_DOT_STRING = re.compile(rf"^{_ATEXT}+(?:\.{_ATEXT}+)*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def shown(value: str, limit: int = 60) -> str:
    """The input quoted for an error message, cut short so a megabyte field stays one line."""
    return repr(value if len(value) <= limit else value[:limit] + "...")


def normalize_domain(value: str, *, field: str = "domain") -> str:
    """Return the domain lower-cased in ASCII (punycode), or raise ``Invalid`` naming the fault."""
    raw = value.strip()
    if len(raw) > MAX_DOMAIN + 1:
        raise Invalid(
            f"{field}: a domain name is at most {MAX_DOMAIN} characters", fields={field: "too_long"}
        )
    if not raw:
        raise Invalid(f"{field}: a domain name is required", fields={field: "required"})
    if _CONTROL.search(raw):
        raise Invalid(f"{field}: control characters are not allowed", fields={field: "invalid"})
    if raw.endswith("."):
        raw = raw[:-1]
    try:
        ascii_name = idna.encode(raw, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError) as exc:
        raise Invalid(
            f"{field}: {shown(value)} is not a valid domain name ({exc})", fields={field: "invalid"}
        ) from None
    ascii_name = ascii_name.lower()
    labels = ascii_name.split(".")
    if len(labels) < 2:
        raise Invalid(
            f"{field}: {shown(value)} needs at least two labels, like example.org",
            fields={field: "invalid"},
        )
    if len(ascii_name) > MAX_DOMAIN:
        raise Invalid(
            f"{field}: a domain name is at most {MAX_DOMAIN} characters", fields={field: "too_long"}
        )
    for label in labels:
        if not _LABEL.match(label):
            raise Invalid(
                f"{field}: {shown(value)} is not a valid domain name (label {label!r})",
                fields={field: "invalid"},
            )
    if labels[-1].isdigit():
        raise Invalid(f"{field}: the top-level label cannot be numeric", fields={field: "invalid"})
    return ascii_name


def display_domain(ascii_name: str) -> str:
    """The domain as people read it (Unicode), falling back to ASCII if it cannot be decoded."""
    try:
        return idna.decode(ascii_name)
    except (idna.IDNAError, UnicodeError):
        return ascii_name


def normalize_local_part(value: str, *, field: str = "local_part") -> str:
    """Return the local part lower-cased, or raise ``Invalid``: RFC 5321 dot-string, 64 octets."""
    if _CONTROL.search(value):
        raise Invalid(f"{field}: control characters are not allowed", fields={field: "invalid"})
    local = value.strip().lower()
    if not local:
        raise Invalid(f"{field}: the local part (before @) is required", fields={field: "required"})
    if not local.isascii():
        raise Invalid(
            f"{field}: {shown(value)} has non-ASCII characters; local parts must be ASCII",
            fields={field: "invalid"},
        )
    if len(local) > MAX_LOCAL_PART:
        raise Invalid(
            f"{field}: the local part is at most {MAX_LOCAL_PART} characters, got {len(local)}",
            fields={field: "too_long"},
        )
    if not _DOT_STRING.match(local):
        raise Invalid(
            f"{field}: {shown(value)} is not a valid local part (letters, digits, "
            "!#$%&'*+/=?^_`{|}~- and single dots between them)",
            fields={field: "invalid"},
        )
    return local


def split_address(value: str, *, field: str = "address") -> tuple[str, str]:
    """Split and normalise ``local@domain`` into (local part, ASCII domain)."""
    if _CONTROL.search(value):
        raise Invalid(f"{field}: control characters are not allowed", fields={field: "invalid"})
    text = value.strip()
    if text.count("@") != 1:
        raise Invalid(
            f"{field}: {shown(value)} is not an address of the form name@domain",
            fields={field: "invalid"},
        )
    local_raw, domain_raw = text.split("@")
    local = normalize_local_part(local_raw, field=field)
    domain = normalize_domain(domain_raw, field=field)
    if len(local) + 1 + len(domain) > MAX_ADDRESS:
        raise Invalid(
            f"{field}: an address is at most {MAX_ADDRESS} characters", fields={field: "too_long"}
        )
    return local, domain


def normalize_address(value: str, *, field: str = "address") -> str:
    local, domain = split_address(value, field=field)
    return f"{local}@{domain}"


def split_alias_address(value: str, *, field: str = "address") -> tuple[str, str]:
    """Like ``split_address`` but also accepts a catch-all ``@domain`` (empty local part)."""
    text = value.strip()
    if text.startswith("@"):
        return "", normalize_domain(text[1:], field=field)
    return split_address(text, field=field)
