"""The one settings module: everything comes from the environment through ``mailwarden.config``."""

from __future__ import annotations

from typing import Any

import dj_database_url

from mailwarden import config

DATA_DIR = config.data_dir()
DATABASE_URL = config.database_url()

# Django refuses to start without a key; commands that need none (init) run before one exists,
# and the CLI refuses every other command until ``mailwarden init`` has generated it.
SECRET_KEY = config.secret_key() or "mailwarden-uninitialised"
SECRET_KEY_CONFIGURED = config.secret_key() is not None

DEBUG = config.env_bool("MAILWARDEN_DEBUG", False)
ALLOWED_HOSTS = config.env_list("MAILWARDEN_ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "mailwarden.core",
    "mailwarden.domains",
    "mailwarden.addresses",
    "mailwarden.mailboxes",
    "mailwarden.admins",
    "mailwarden.audit",
    "mailwarden.mailstack",
    "mailwarden.security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "mailwarden.urls"
WSGI_APPLICATION = "mailwarden.wsgi.application"
AUTH_USER_MODEL = "admins.Admin"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]


def _database(url: str) -> dict[str, Any]:
    """Turn the URL into Django's DATABASES entry with the options each engine needs."""
    # A connection kept across requests saves its set-up on every request (a new SQLite
    # connection re-reads the schema); the health check drops one the server closed.
    db: dict[str, Any] = dict(
        dj_database_url.parse(
            url,
            conn_max_age=config.env_int("MAILWARDEN_DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    )
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        # IMMEDIATE transactions serialise writers, so limits checked inside a transaction hold.
        # The journal stays in rollback mode: Postfix reads the file as another user, and WAL
        # mode fails for read-only readers (docs/mailstack.md).
        db["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
        test_name = config.env_value("MAILWARDEN_TEST_SQLITE_PATH")
        if test_name:
            db["TEST"] = {"NAME": test_name}
    elif engine.endswith("mysql"):
        import pymysql

        pymysql.install_as_MySQLdb()
        db["OPTIONS"] = {"charset": "utf8mb4", "isolation_level": "read committed"}
        db["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_bin"}
    return db


DATABASES = {"default": _database(DATABASE_URL)}
# `mailwarden migrate` and `init` change the schema through this second connection when it
# is configured, so the server's own account needs no DDL rights (docs/configuration.md).
# (Lower case: not a setting, so a debug page never shows the URL's password.)
_migrate_url = config.migrate_database_url()
if _migrate_url:
    DATABASES[config.MIGRATE_DATABASE_ALIAS] = _database(_migrate_url) | {
        "TEST": {"MIRROR": "default"}
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# The hash scheme written for new mailbox passwords; every scheme Dovecot accepts is verified.
MAILWARDEN_PASSWORD_SCHEME = config.env_choice(
    "MAILWARDEN_PASSWORD_SCHEME", "ARGON2ID", ("ARGON2ID", "BLF-CRYPT", "SHA512-CRYPT", "SSHA512")
)
# "python" hashes natively; "doveadm" runs `doveadm pw` (argument list, no shell).
MAILWARDEN_PASSWORD_HASHER = config.env_choice(
    "MAILWARDEN_PASSWORD_HASHER", "python", ("python", "doveadm")
)
MAILWARDEN_MIN_PASSWORD_LENGTH = config.env_int("MAILWARDEN_MIN_PASSWORD_LENGTH", 10, minimum=1)
# How many character classes (lower, upper, digit, other) a password must mix: 0 to 4.
MAILWARDEN_PASSWORD_CLASSES = config.env_int("MAILWARDEN_PASSWORD_CLASSES", 0, minimum=0)

LANGUAGE_CODE = "en"
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Where postmaster@ of a new domain points when the caller names no target.
MAILWARDEN_POSTMASTER_TARGET = config.env_value("MAILWARDEN_POSTMASTER_TARGET")

# The web panel (mailwarden.web): docs/web.md explains each of these.
INSTALLED_APPS += ["django.contrib.messages", "mailwarden.web"]
# Outermost, so it sees (and can mark Secure) the cookies the session and CSRF layers set.
MIDDLEWARE = [
    "mailwarden.web.middleware.SecurityHeadersMiddleware",
    *MIDDLEWARE,
    "mailwarden.web.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES[0]["OPTIONS"]["context_processors"] += [  # type: ignore[index]
    "django.contrib.messages.context_processors.messages",
    "mailwarden.web.context.panel",
]
LOGIN_URL = "web:login"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Idle timeout: the session expires this long after the last request (IdleTimeoutMiddleware
# pushes it back, saving the session at most once a minute).
SESSION_COOKIE_AGE = config.env_int("MAILWARDEN_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
CSRF_COOKIE_HTTPONLY = True
# Sent by SecurityMiddleware only on requests that arrived over TLS.
SECURE_HSTS_SECONDS = 31536000
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto: trust it only when told to.
if config.env_bool("MAILWARDEN_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Brute-force limits for every login door (per source IP and per account).
MAILWARDEN_LOGIN_ATTEMPTS = config.env_int("MAILWARDEN_LOGIN_ATTEMPTS", 5, minimum=1)
MAILWARDEN_LOGIN_WINDOW_SECONDS = config.env_int("MAILWARDEN_LOGIN_WINDOW_SECONDS", 900, minimum=1)
MAILWARDEN_LOGIN_LOCKOUT_SECONDS = config.env_int(
    "MAILWARDEN_LOGIN_LOCKOUT_SECONDS", 900, minimum=1
)
MAILWARDEN_LOGIN_ALLOWLIST = config.env_cidrs("MAILWARDEN_LOGIN_ALLOWLIST")
# Whose X-Forwarded-For to believe: auto (loopback peers), on (listed CIDRs), off.
MAILWARDEN_TRUSTED_PROXY = config.env_choice(
    "MAILWARDEN_TRUSTED_PROXY", "auto", ("auto", "on", "off")
)
MAILWARDEN_TRUSTED_PROXIES = config.env_cidrs("MAILWARDEN_TRUSTED_PROXIES")
# Two-factor login: required for every admin, and admins whose factor goes at next login.
MAILWARDEN_2FA_REQUIRED = config.env_bool("MAILWARDEN_2FA_REQUIRED", False)
MAILWARDEN_2FA_RESET_ADMINS = [e.lower() for e in config.env_list("MAILWARDEN_2FA_RESET_ADMINS")]

# The automation APIs (mailwarden.tokens, mailwarden.api): docs/api.md explains each of these.
INSTALLED_APPS += ["mailwarden.tokens", "mailwarden.api"]
# Each door can be switched off (it then answers 404); none answers without a valid token.
MAILWARDEN_API_RPC_ENABLED = config.env_bool("MAILWARDEN_API_RPC_ENABLED", True)
MAILWARDEN_API_REST_ENABLED = config.env_bool("MAILWARDEN_API_REST_ENABLED", True)
MAILWARDEN_API_MCP_ENABLED = config.env_bool("MAILWARDEN_API_MCP_ENABLED", True)
# Largest request body and JSON-RPC batch the APIs accept.
MAILWARDEN_API_MAX_REQUEST_BYTES = config.env_int(
    "MAILWARDEN_API_MAX_REQUEST_BYTES", 1024 * 1024, minimum=1024
)
MAILWARDEN_API_MAX_BATCH = config.env_int("MAILWARDEN_API_MAX_BATCH", 100, minimum=1)
# Destructive calls (the "delete" scope) allowed per token and window.
MAILWARDEN_API_DELETE_LIMIT = config.env_int("MAILWARDEN_API_DELETE_LIMIT", 60, minimum=1)
MAILWARDEN_API_DELETE_WINDOW_SECONDS = config.env_int(
    "MAILWARDEN_API_DELETE_WINDOW_SECONDS", 3600, minimum=1
)
