"""Strict validators for every value ``mailstack config`` and ``db grants`` write into a file.

Postfix map files, Dovecot configs and SQL scripts are not escaped by anyone downstream:
a host, user, database name, path or password reaches them verbatim. So each value must
match a narrow allow-list, and anything else is refused with one clear line (a database
named ``$(id).x`` never reaches a file).
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import PurePosixPath

from mailwarden.core.errors import Invalid

_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)
# SQL identifiers that need no quoting on any engine: a role or database name.
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
# Absolute paths of safe characters only (no spaces, quotes, $, ; or backslashes).
_PATH = re.compile(r"^/[A-Za-z0-9._+@/-]*$")
# Passwords go into key = value files and Dovecot's space-separated connect string.
_PASSWORD = re.compile(r"^[A-Za-z0-9._~+=:,@%^*!/-]{8,128}$")


def validate_host(value: str, *, field: str = "db-host") -> str:
    """A hostname, an IP address or an absolute unix-socket path."""
    if value.startswith("/"):
        return validate_path(value, field=field)
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        pass
    if not _HOSTNAME.match(value):
        raise Invalid(
            f"{field}: {value!r} is not a host name, IP address or absolute socket path",
            fields={field: "invalid"},
        )
    return value


def validate_port(value: int | str, *, field: str = "db-port") -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise Invalid(
            f"{field}: {value!r} is not a port number", fields={field: "invalid"}
        ) from None
    if not 1 <= port <= 65535:
        raise Invalid(f"{field}: {port} is not between 1 and 65535", fields={field: "invalid"})
    return port


def validate_identifier(value: str, *, field: str) -> str:
    """A database or role name: letters, digits and underscores, at most 63 characters."""
    if not _IDENTIFIER.match(value):
        raise Invalid(
            f"{field}: {value!r} must be letters, digits and underscores "
            "(not starting with a digit), at most 63 characters",
            fields={field: "invalid"},
        )
    return value


def validate_path(value: str, *, field: str) -> str:
    """An absolute path of plain characters, without ``..`` components."""
    if not _PATH.match(value) or ".." in PurePosixPath(value).parts:
        raise Invalid(
            f"{field}: {value!r} must be an absolute path of letters, digits and ._+@/- "
            "without '..'",
            fields={field: "invalid"},
        )
    return value.rstrip("/") or "/"


def validate_password(value: str, *, field: str = "password") -> str:
    """A password that every config format can hold unquoted (generate one if refused)."""
    if not _PASSWORD.match(value):
        raise Invalid(
            f"{field}: use 8-128 characters from letters, digits and ._~+=:,@%^*!/- "
            "(config files cannot hold spaces, quotes, #, $ or backslashes safely)",
            fields={field: "invalid"},
        )
    return value


def validate_uid(value: int | str, *, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Invalid(f"{field}: {value!r} is not a number", fields={field: "invalid"}) from None
    if not 1 <= number < 2**31:
        raise Invalid(f"{field}: {number} is not a valid non-root id", fields={field: "invalid"})
    return number
