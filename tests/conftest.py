"""The shared cast of every test: a superadmin, the admin of a.example who must see nothing of
b.example, and mailboxes and aliases in each domain, all made through the services."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from mailwarden.core.actor import Actor, admin_actor, cli_actor

IN_CI = os.environ.get("CI") == "true"


def require(condition: bool, reason: str) -> None:
    """Skip locally when a real part is missing; in CI (CI=true) that is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}", pytrace=False)
    pytest.skip(f"MISSING REAL PART: {reason}")


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    """Cheap hashes keep the suite fast; tests of the schemes themselves set their own."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILWARDEN_PASSWORD_SCHEME = "SSHA512"
    settings.MAILWARDEN_POSTMASTER_TARGET = None


@dataclass
class Cast:
    root: Actor
    superadmin: Actor
    admin_a: Actor
    admin_b: Actor


PASSWORD = "correct horse battery"


@pytest.fixture
def cli(db) -> Actor:
    """The operator at the shell, with a database to work on."""
    return cli_actor()


@pytest.fixture
def cast(db) -> Cast:
    """Domains a.example and b.example, each with alice@/bob@ mailboxes and an info@ alias,
    a superadmin, and one admin per domain."""
    return make_cast()


def make_cast() -> Cast:
    """The cast's rows, made through the services (also for data shared by a whole module)."""
    from mailwarden.addresses.services import alias_create
    from mailwarden.admins.services import admin_create
    from mailwarden.domains.services import domain_create
    from mailwarden.mailboxes.services import mailbox_create

    root = cli_actor()
    boss = admin_create(actor=root, email="boss@ops.example", password=PASSWORD, is_superadmin=True)
    for name in ("a.example", "b.example"):
        domain_create(actor=root, name=name, postmaster_to="boss@ops.example")
        for local in ("alice", "bob"):
            mailbox_create(actor=root, address=f"{local}@{name}", password=PASSWORD)
        alias_create(actor=root, address=f"info@{name}", targets=[f"alice@{name}"])
    admin_a = admin_create(
        actor=root, email="admin@a.example", password=PASSWORD, domains=["a.example"]
    )
    admin_b = admin_create(
        actor=root, email="admin@b.example", password=PASSWORD, domains=["b.example"]
    )
    return Cast(
        root=root,
        superadmin=admin_actor(boss, door="web"),
        admin_a=admin_actor(admin_a, door="web"),
        admin_b=admin_actor(admin_b, door="web"),
    )


def table_snapshot() -> dict[str, list[tuple]]:
    """Every row of every mailwarden table except the audit log, to prove nothing changed."""
    from django.db import connection

    tables = [
        "mailwarden_domain",
        "mailwarden_address",
        "mailwarden_target",
        "mailwarden_mailbox",
        "mailwarden_admin",
        "mailwarden_domain_admin",
    ]
    snapshot = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            snapshot[table] = [tuple(row) for row in cursor.fetchall()]
    return snapshot


@pytest.fixture
def unchanged(db):
    """``with unchanged(): ...`` around a refused call: rows and audit log stay as they were.
    (A refused API call is audited as a call, ``api.call``: that record is not a change.)"""
    from contextlib import contextmanager

    from mailwarden.audit.models import AuditEvent

    @contextmanager
    def check():
        before = table_snapshot()
        changes = AuditEvent.objects.filter(call=False)
        events = changes.count()
        yield
        assert table_snapshot() == before
        assert changes.count() == events

    return check
