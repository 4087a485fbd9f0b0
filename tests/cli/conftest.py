"""Runs the ``mailwarden`` command in-process and hands back what it printed and returned."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.cli.support import PASSWORD, Run, cli_runner

Mailwarden = Callable[..., Run]


@pytest.fixture
def mw(capsys, monkeypatch) -> Mailwarden:
    """``mw("domain", "list", stdin="...")`` runs ``mailwarden domain list``.

    ``stdin`` is text (never a terminal) or a stand-in object; argparse usage errors come
    back as exit code 2.
    """

    return cli_runner(capsys, monkeypatch)


@pytest.fixture
def issue_domains(cast):
    """The cast plus the domains the issue's bad inputs name: b.test with user@b.test, d.test."""
    from mailwarden.core.actor import cli_actor
    from mailwarden.domains.services import domain_create
    from mailwarden.mailboxes.services import mailbox_create

    root = cli_actor()
    for name in ("b.test", "d.test"):
        domain_create(actor=root, name=name, postmaster_to="boss@ops.example")
    mailbox_create(actor=root, address="user@b.test", password=PASSWORD)
    return cast
