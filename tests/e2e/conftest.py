"""The e2e stack: one private Postfix + Dovecot per test session, fresh mail data per test.

The daemons read the database through the files ``mailstack config`` writes for the engine
under test, as a read-only role made with ``db grants`` (MySQL, PostgreSQL) or as their own
users reading the SQLite file. Tests use ``django_db(transaction=True)`` so rows are
committed where the daemons can see them; each test's data is made through the services.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import require
from tests.e2e import harness
from tests.e2e.mail import SmtpSink
from tests.mailstack.world import World, make_world

ROLE = "mw_e2e_ro"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
    if report.failed:
        item.session.config._mw_e2e_failed = True


def _require_mail_stack() -> None:
    for binary in ("postfix", "postconf", "dovecot", "doveadm"):
        require(shutil.which(binary) is not None, f"{binary} (scripts/install-mailstack)")
    require(Path(harness.POSTFIX_MASTER).exists(), "Postfix master (scripts/install-mailstack)")
    require(os.geteuid() == 0, "root, to run Postfix and Dovecot")
    try:
        harness.vmail_ids()
    except KeyError:
        require(False, "the vmail user (scripts/install-mailstack)")


def _sqlite_readable(path: str) -> bool:
    directory = Path(path).parent
    return path not in ("", ":memory:") and bool(directory.stat().st_mode & stat.S_IXOTH)


def _readonly_connection(engine: str, settings_dict) -> tuple:
    """Create the read-only role with ``db grants``'s SQL; return (Connection, cleanup)."""
    from django.db import connection

    from mailwarden.mailstack import configs, grants

    if engine == "sqlite":
        require(
            _sqlite_readable(str(settings_dict["NAME"])),
            "MAILWARDEN_TEST_SQLITE_PATH in a directory others can traverse (scripts/test)",
        )
        return configs.build_connection("sqlite", settings_dict), lambda: None
    password = secrets.token_urlsafe(18)
    statements = grants.readonly_role_statements(
        engine, user=ROLE, password=password, database=settings_dict["NAME"]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)

    def drop() -> None:
        with connection.cursor() as cursor:
            for statement in grants.drop_role_statements(engine, user=ROLE):
                cursor.execute(statement)

    conn = configs.build_connection(
        engine, settings_dict, host="127.0.0.1", user=ROLE, password=password
    )
    return conn, drop


@pytest.fixture(scope="session")
def e2e_session(request, django_db_setup, django_db_blocker) -> Iterator[tuple]:
    _require_mail_stack()
    from django.db import connection

    engine = connection.vendor
    base = harness.make_base()
    ports = dict(zip(harness.PORT_NAMES, harness.free_ports(len(harness.PORT_NAMES)), strict=True))
    uid, gid = harness.vmail_ids()
    stack = harness.Stack(
        base=base, ports=ports, maps=base / "maps", vmail=base / "vmail", uid=uid, gid=gid
    )
    sink = SmtpSink(ports["sink"])
    with django_db_blocker.unblock():
        conn, drop_role = _readonly_connection(engine, connection.settings_dict)
    failed = True
    try:
        harness.write_mailstack_files(stack, conn)
        harness.write_postfix_config(stack)
        harness.write_dovecot_config(stack)
        sink.start()
        harness.start(stack)
        yield stack, sink
        failed = getattr(request.config, "_mw_e2e_failed", False)
    finally:
        harness.stop(stack)
        sink.stop() if hasattr(sink, "_server") else None
        with django_db_blocker.unblock():
            drop_role()
        if failed:
            print(f"\ne2e: kept {base} for inspection")
        else:
            harness.remove(stack)


@pytest.fixture
def stack(e2e_session, transactional_db, request) -> Iterator[harness.Stack]:
    """The running stack with empty maildirs; prints the daemons' logs if the test fails."""
    stack, sink = e2e_session
    harness.clear_mail(stack)
    sink.received.clear()
    yield stack
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(stack.logs())


@pytest.fixture
def sink(e2e_session) -> SmtpSink:
    return e2e_session[1]


@pytest.fixture
def world(stack, sink) -> World:
    """The shared world without its catch-all, so unknown and inactive addresses bounce."""
    return make_world(relay_hop=f"smtp:[127.0.0.1]:{sink.port}", catchall=False)
