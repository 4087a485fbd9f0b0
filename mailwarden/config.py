"""Reads mailwarden's configuration from the environment, failing with one clear line.

Every setting has one source: an environment variable, or for secrets its ``*_FILE``
twin naming a file that holds the value. Nothing here touches Django, so the CLI can
report a bad setting before Django starts.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line a human can act on."""


SUPPORTED_SCHEMES = ("sqlite", "mysql", "mariadb", "postgresql", "postgres")


def env_value(name: str, default: str | None = None) -> str | None:
    """Return ``name`` from the environment, or the contents of the file ``name_FILE`` names."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE: cannot read {file_name}: {exc.strerror}") from exc
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def data_dir() -> Path:
    """The directory holding the embedded database and generated secrets."""
    configured = env_value("MAILWARDEN_DATA_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    return Path("~/.local/share/mailwarden").expanduser()


# Spellings of one engine, so two URLs can be compared.
_ENGINE_OF_SCHEME = {"mariadb": "mysql", "postgres": "postgresql"}
# Django's alias for the connection `mailwarden migrate` and `init` use when
# MAILWARDEN_MIGRATE_DATABASE_URL is set.
MIGRATE_DATABASE_ALIAS = "migrate"


def _checked_url(name: str, url: str) -> str:
    scheme = urlsplit(url).scheme.split("+")[0]
    if scheme not in SUPPORTED_SCHEMES:
        raise ConfigError(
            f"{name}: unsupported scheme {scheme!r}; "
            "use sqlite:///PATH, mysql://USER:PASS@HOST/DB or postgresql://USER:PASS@HOST/DB"
        )
    return url


def _database_of(url: str) -> tuple[str, str]:
    """The engine and database (or file) a URL names, without user, password or host."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]
    return _ENGINE_OF_SCHEME.get(scheme, scheme), parts.path


def database_url() -> str:
    """The database URL: MAILWARDEN_DATABASE_URL, else SQLite in the data directory."""
    url = env_value("MAILWARDEN_DATABASE_URL")
    if url is None:
        return f"sqlite:///{data_dir() / 'mailwarden.sqlite3'}"
    return _checked_url("MAILWARDEN_DATABASE_URL", url)


def migrate_database_url() -> str | None:
    """MAILWARDEN_MIGRATE_DATABASE_URL: the account schema changes run as, if not the app's.

    With it, the account the server runs as needs no right to change the schema. It must
    name the same database; only the user, password and host may differ.
    """
    name = "MAILWARDEN_MIGRATE_DATABASE_URL"
    url = env_value(name)
    if url is None:
        return None
    if _database_of(_checked_url(name, url)) != _database_of(database_url()):
        raise ConfigError(
            f"{name}: must name the same database as MAILWARDEN_DATABASE_URL "
            "(only the user, password and host may differ)"
        )
    return url


def secret_key_path() -> Path:
    return data_dir() / "secret_key"


def secret_key() -> str | None:
    """The Django secret key, or None before ``mailwarden init`` has generated one."""
    value = env_value("MAILWARDEN_SECRET_KEY")
    if value:
        return value
    path = secret_key_path()
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return None


def totp_key_path() -> Path:
    return data_dir() / "totp_key"


def totp_key() -> str | None:
    """The key that encrypts TOTP secrets at rest, or None before ``mailwarden init``."""
    value = env_value("MAILWARDEN_TOTP_KEY")
    if value:
        return value
    path = totp_key_path()
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return None


def env_bool(name: str, default: bool) -> bool:
    value = env_value(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}: expected true or false, got {value!r}")


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_value(name, default) or default
    if value not in choices:
        raise ConfigError(f"{name}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def env_list(name: str) -> list[str]:
    value = env_value(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else []


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = env_value(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {value!r}") from None
    if number < minimum:
        raise ConfigError(f"{name}: must be at least {minimum}, got {number}")
    return number


def env_cidrs(name: str) -> list[str]:
    """A comma-separated list of networks (``10.0.0.0/8, 2001:db8::/32``), each checked."""
    import ipaddress

    cidrs = env_list(name)
    for cidr in cidrs:
        try:
            ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            raise ConfigError(f"{name}: {cidr!r} is not an IP network like 192.0.2.0/24") from None
    return cidrs
