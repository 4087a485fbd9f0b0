"""The lookup queries Postfix and Dovecot run against mailwarden's views, per engine.

These strings are the contract in action: ``mailstack config`` writes them into the map
files and the Dovecot SQL config, and the tests run them exactly as written (after
substituting the placeholders the way the daemons do) and check that each is an index seek.
Every query reads only the ``mailstack_*`` views of ``mailwarden.mailstack.schema``.
"""

from __future__ import annotations

from dataclasses import dataclass

ENGINES = ("sqlite", "mysql", "postgresql")
DOVECOT_VERSIONS = ("2.3", "2.4")

# Postfix's name for each engine's lookup table type (``sqlite:``, ``mysql:``, ``pgsql:``).
POSTFIX_TABLE_TYPE = {"sqlite": "sqlite", "mysql": "mysql", "postgresql": "pgsql"}
# Dovecot's SQL driver name for each engine.
DOVECOT_DRIVER = {"sqlite": "sqlite", "mysql": "mysql", "postgresql": "pgsql"}


@dataclass(frozen=True)
class PostfixMap:
    """One Postfix lookup table: the file stem, the main.cf parameter using it, its query."""

    name: str
    parameter: str
    query: str
    # Why this map exists, written as a comment into the generated file.
    purpose: str


# The order inside virtual_alias_maps matters: exact addresses first, then alias-domain
# rewrites, then alias-domain catch-alls (only reached for the ``@domain`` key).
POSTFIX_MAPS: tuple[PostfixMap, ...] = (
    PostfixMap(
        "virtual-mailbox-domains",
        "virtual_mailbox_domains",
        "SELECT name FROM mailstack_domains WHERE name = '%s'",
        "hosted domains and active alias domains",
    ),
    PostfixMap(
        "virtual-mailbox-maps",
        "virtual_mailbox_maps",
        "SELECT maildir FROM mailstack_mailboxes WHERE email = '%s'",
        "active mailboxes; only the existence of a row matters with LMTP delivery",
    ),
    PostfixMap(
        "virtual-alias-maps",
        "virtual_alias_maps",
        "SELECT target FROM mailstack_aliases WHERE email = '%s'",
        "aliases, catch-alls (@domain), forwards and each mailbox's own address",
    ),
    PostfixMap(
        "virtual-alias-domain-maps",
        "virtual_alias_maps",
        "SELECT target_email FROM mailstack_alias_domains"
        " WHERE alias_domain = '%d' AND local_part = '%u'",
        "user@alias.test -> user@target.test for each active address of the target",
    ),
    PostfixMap(
        "virtual-alias-domain-catchall-maps",
        "virtual_alias_maps",
        "SELECT target FROM mailstack_alias_domain_catchalls"
        " WHERE alias_domain = '%d' AND '%s' LIKE '@%%'",
        "@alias.test -> the target domain's catch-all (Postfix skips %u queries for @domain)",
    ),
    PostfixMap(
        "relay-domains",
        "relay_domains",
        "SELECT name FROM mailstack_relay_domains WHERE name = '%s'",
        "backup-MX / relay domains",
    ),
    PostfixMap(
        "transport-maps",
        "transport_maps",
        "SELECT transport FROM mailstack_relay_domains WHERE name = '%s' AND transport <> ''",
        "the next hop of each relay domain that names one",
    ),
    PostfixMap(
        "relay-recipient-maps",
        "relay_recipient_maps",
        "SELECT 'OK' FROM mailstack_relay_domains WHERE name = '%d'",
        "every recipient of an active relay domain (no per-recipient list in this version)",
    ),
    PostfixMap(
        "sender-login-maps",
        "smtpd_sender_login_maps",
        "SELECT email FROM mailstack_mailboxes WHERE email = '%s'"
        " UNION ALL SELECT target FROM mailstack_aliases WHERE email = '%s' AND kind = 'alias'",
        "who may send as an address: the mailbox itself and the targets of an alias",
    ),
)


def postfix_maps() -> tuple[PostfixMap, ...]:
    """The Postfix maps; the query text is the same on every engine."""
    return POSTFIX_MAPS


@dataclass(frozen=True)
class DovecotQueries:
    """Dovecot's passdb/userdb queries for one engine and Dovecot version."""

    password_query: str
    user_query: str
    iterate_query: str


def _concat(engine: str, *parts: str) -> str:
    """String concatenation in the engine's dialect (MySQL's ``||`` is a logical OR)."""
    if engine == "mysql":
        return f"CONCAT({', '.join(parts)})"
    return " || ".join(parts)


def dovecot_queries(
    engine: str, version: str, *, mail_root: str, uid: int, gid: int
) -> DovecotQueries:
    """The queries for ``engine`` in Dovecot ``version``'s variable syntax.

    ``mail_root``, ``uid`` and ``gid`` must already be validated (``configs.validate_*``):
    they are written into the SQL text as literals.
    """
    user = "%u" if version == "2.3" else "%{user}"
    home = _concat(engine, f"'{mail_root}/'", "maildir")
    if version == "2.3":
        quota = "quota_rule"
    else:
        # Dovecot 2.4 replaced quota_rule with the quota_storage_size setting, in bytes.
        quota = "CASE WHEN quota_bytes > 0 THEN quota_bytes ELSE NULL END AS quota_storage_size"
    # Every interpolated piece is a constant of this module or a validated path/number.
    where = f" FROM mailstack_users WHERE email = '{user}'"
    return DovecotQueries(
        password_query="SELECT email AS user, password" + where,
        user_query=f"SELECT {home} AS home, {uid} AS uid, {gid} AS gid, {quota}" + where,
        iterate_query="SELECT email AS user FROM mailstack_users",
    )


def sql_escape(engine: str, value: str) -> str:
    """Escape ``value`` for a single-quoted SQL literal the way the daemons' drivers do.

    Postfix and Dovecot call the client library's escape function (``'`` doubled by SQLite
    and PostgreSQL; MySQL also escapes backslashes and NUL).
    """
    if engine == "mysql":
        value = value.replace("\\", "\\\\").replace("\0", "\\0")
    return value.replace("'", "''")


def expand_postfix(query: str, key: str, *, engine: str) -> str | None:
    """Expand Postfix's ``%s``/``%u``/``%d``/``%%`` in ``query`` for lookup ``key``.

    Returns None where Postfix suppresses the query: ``%u`` with an empty local part
    (the key ``@domain``) and ``%d`` for a key without a domain (mysql_table(5)).
    """
    local, at, domain = key.rpartition("@")
    if not at:
        local, domain = key, ""
    out: list[str] = []
    index = 0
    while index < len(query):
        char = query[index]
        if char != "%" or index + 1 == len(query):
            out.append(char)
            index += 1
            continue
        code = query[index + 1]
        index += 2
        if code == "%":
            out.append("%")
        elif code == "s":
            out.append(sql_escape(engine, key))
        elif code == "u":
            if not local:
                return None
            out.append(sql_escape(engine, local))
        elif code == "d":
            if not domain:
                return None
            out.append(sql_escape(engine, domain))
        else:
            raise ValueError(f"unsupported Postfix placeholder %{code}")
    return "".join(out)


def expand_dovecot(query: str, user: str, *, engine: str) -> str:
    """Expand the user variable (2.3 ``%u``, 2.4 ``%{user}``) the way Dovecot does."""
    escaped = sql_escape(engine, user)
    return query.replace("%{user}", escaped).replace("%u", escaped)
