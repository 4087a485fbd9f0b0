"""Limits hold when requests race: real threads, each with its own database connection."""

import threading

import pytest
from django.db import connection, connections

from mailwarden.addresses.models import Address
from mailwarden.addresses.services import alias_create
from mailwarden.core.actor import cli_actor
from mailwarden.core.errors import LimitReached
from mailwarden.domains.services import domain_create
from mailwarden.mailboxes.models import Mailbox
from mailwarden.mailboxes.services import mailbox_create
from tests.conftest import PASSWORD

RACERS = 8
GIB = 1024**3


def race(work) -> tuple[int, list[BaseException]]:
    """Start RACERS threads at one barrier; count successes and collect unexpected errors."""
    barrier = threading.Barrier(RACERS)
    succeeded = []
    unexpected: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
            succeeded.append(i)
        except LimitReached:
            pass
        except BaseException as exc:  # surfaced by the assertion below
            unexpected.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return len(succeeded), unexpected


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_never_pass_max_mailboxes():
    domain_create(actor=cli_actor(), name="race.example", create_postmaster=False, max_mailboxes=3)
    created, errors = race(
        lambda i: mailbox_create(actor=cli_actor(), address=f"u{i}@race.example", password=PASSWORD)
    )
    assert errors == []
    assert created == 3
    assert Mailbox.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_never_pass_the_total_quota():
    domain_create(
        actor=cli_actor(), name="race.example", create_postmaster=False, total_quota_bytes=5 * GIB
    )
    created, errors = race(
        lambda i: mailbox_create(
            actor=cli_actor(), address=f"u{i}@race.example", password=PASSWORD, quota_bytes=2 * GIB
        )
    )
    assert errors == []
    assert created == 2
    assert sum(Mailbox.objects.values_list("quota_bytes", flat=True)) == 4 * GIB


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_never_pass_max_aliases():
    domain_create(actor=cli_actor(), name="race.example", create_postmaster=False, max_aliases=2)
    created, errors = race(
        lambda i: alias_create(
            actor=cli_actor(), address=f"a{i}@race.example", targets=["x@else.example"]
        )
    )
    assert errors == []
    assert created == 2
    assert Address.objects.filter(kind="alias").count() == 2


def test_the_race_runs_on_the_engine_under_test():
    """The same file runs on SQLite, MariaDB and PostgreSQL (scripts/test runs all three)."""
    assert connection.vendor in ("sqlite", "mysql", "postgresql")
