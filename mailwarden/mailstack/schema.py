"""The SQL views Postfix and Dovecot query: mailwarden's public contract with the mail stack.

Lookup configurations (``mailwarden mailstack config``) read only these views, never the
tables behind them, so the tables can change while the contract stays. Each view is a plain
join without UNION or aggregates, so every engine merges it into the lookup query and a
lookup by its key column is an index seek on the tables beneath (tests check the plans).

A migration that alters a table named here must drop the views first and create them again
afterwards (``drop_views``/``create_views``), because SQLite rebuilds altered tables.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

# Columns of each view, in order; docs/contract.md describes them.
VIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    "mailstack_domains": ("name",),
    "mailstack_mailboxes": ("email", "local_part", "domain", "maildir", "quota_bytes"),
    "mailstack_users": ("email", "password", "maildir", "quota_bytes", "quota_rule"),
    "mailstack_aliases": ("email", "target", "kind"),
    "mailstack_alias_domains": ("alias_domain", "local_part", "target_email"),
    "mailstack_alias_domain_catchalls": ("alias_domain", "target"),
    "mailstack_relay_domains": ("name", "transport"),
}


def _quota_rule(vendor: str) -> str:
    """Dovecot's ``quota_rule`` userdb field, NULL (no limit) when the quota is 0."""
    if vendor == "mysql":
        text = "CONCAT('*:bytes=', m.quota_bytes)"
    elif vendor == "postgresql":
        text = "'*:bytes=' || m.quota_bytes::text"
    else:
        text = "'*:bytes=' || m.quota_bytes"
    return f"CASE WHEN m.quota_bytes > 0 THEN {text} ELSE NULL END"


def view_definitions(vendor: str) -> dict[str, str]:
    """The SELECT behind each view for the engine ``vendor`` (Django's vendor name)."""
    return {
        # Hosted domains and alias domains whose target is active: virtual_mailbox_domains.
        "mailstack_domains": """
            SELECT d.name AS name
            FROM mailwarden_domain d
            LEFT JOIN mailwarden_domain t ON t.id = d.alias_target_id
            WHERE d.active AND (d.kind = 'virtual' OR (d.kind = 'alias' AND t.active))
        """,
        # Active mailboxes in active hosted domains: virtual_mailbox_maps.
        "mailstack_mailboxes": """
            SELECT a.email AS email, a.local_part AS local_part, d.name AS domain,
                   m.maildir AS maildir, m.quota_bytes AS quota_bytes
            FROM mailwarden_address a
            JOIN mailwarden_mailbox m ON m.address_id = a.id
            JOIN mailwarden_domain d ON d.id = a.domain_id
            WHERE a.active AND d.active AND d.kind = 'virtual'
        """,
        # The same mailboxes with what Dovecot's passdb and userdb need.
        "mailstack_users": f"""
            SELECT a.email AS email, m.password AS password, m.maildir AS maildir,
                   m.quota_bytes AS quota_bytes, {_quota_rule(vendor)} AS quota_rule
            FROM mailwarden_address a
            JOIN mailwarden_mailbox m ON m.address_id = a.id
            JOIN mailwarden_domain d ON d.id = a.domain_id
            WHERE a.active AND d.active AND d.kind = 'virtual'
        """,
        # One row per destination of an active address (aliases, catch-alls, mailbox
        # self-delivery and forwards): virtual_alias_maps joins a key's rows with commas.
        "mailstack_aliases": """
            SELECT a.email AS email, t.target AS target, a.kind AS kind
            FROM mailwarden_address a
            JOIN mailwarden_target t ON t.address_id = a.id
            JOIN mailwarden_domain d ON d.id = a.domain_id
            WHERE a.active AND d.active AND d.kind = 'virtual'
        """,
        # user@alias.test -> user@target.test for every active address of the target domain.
        "mailstack_alias_domains": """
            SELECT ad.name AS alias_domain, a.local_part AS local_part, a.email AS target_email
            FROM mailwarden_domain ad
            JOIN mailwarden_domain td ON td.id = ad.alias_target_id
            JOIN mailwarden_address a ON a.domain_id = td.id
            WHERE ad.kind = 'alias' AND ad.active AND td.active AND a.active
                  AND a.local_part <> ''
        """,
        # @alias.test -> the destinations of the target domain's catch-all, if it has one.
        "mailstack_alias_domain_catchalls": """
            SELECT ad.name AS alias_domain, t.target AS target
            FROM mailwarden_domain ad
            JOIN mailwarden_domain td ON td.id = ad.alias_target_id
            JOIN mailwarden_address a ON a.domain_id = td.id AND a.local_part = ''
            JOIN mailwarden_target t ON t.address_id = a.id
            WHERE ad.kind = 'alias' AND ad.active AND td.active AND a.active
        """,
        # Backup MX / relay domains and their next hop: relay_domains and transport_maps.
        "mailstack_relay_domains": """
            SELECT d.name AS name, d.relay_transport AS transport
            FROM mailwarden_domain d
            WHERE d.kind = 'relay' AND d.active
        """,
    }


# PostgreSQL forgets a view's grants when it is dropped (MariaDB keeps them by name), so a
# migration that rebuilds the views would cut Postfix and Dovecot off. ``drop_views`` notes
# them as GRANT statements, quoted by the server, and ``create_views`` issues them again.
_REGRANTS_SQL = """
    SELECT format('GRANT %%s ON %%I TO %%s', a.privilege_type, c.relname,
                  CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END)
    FROM pg_class c
    CROSS JOIN LATERAL aclexplode(c.relacl) a
    LEFT JOIN pg_roles r ON r.oid = a.grantee
    WHERE c.oid = to_regclass(%s) AND a.grantee <> c.relowner
"""
_regrants: dict[str, list[str]] = {}


def create_views(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for name, select in view_definitions(connection.vendor).items():
            cursor.execute(f"CREATE VIEW {name} AS {select}")
        for grant in _regrants.pop(connection.alias, []):
            cursor.execute(grant)


def drop_views(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            grants = []
            for name in VIEW_COLUMNS:
                cursor.execute(_REGRANTS_SQL, [name])
                grants += [row[0] for row in cursor.fetchall()]
            _regrants[connection.alias] = grants
        for name in reversed(list(VIEW_COLUMNS)):
            cursor.execute(f"DROP VIEW IF EXISTS {name}")
