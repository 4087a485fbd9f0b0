"""One small mail world, made through the services, that the lookup and e2e tests share.

example.test   hosted: mailboxes alice (1 MiB quota), bob, carol (inactive); dave forwards to
               bob; erin forwards to bob and keeps a copy; aliases sales -> alice,
               team -> alice + bob, old (inactive) -> alice; catch-all @example.test -> bob
               (optional: with a catch-all, mail for inactive addresses goes there);
               postmaster@ -> alice (the domain's first mailbox)
off.test       hosted but inactive, with mailbox zed
alias.test     alias domain of example.test
relay.test     relay domain with a next hop; relay2.test without one
"""

from __future__ import annotations

from dataclasses import dataclass

PASSWORD = "correct horse battery"
QUOTA = 1024 * 1024
RELAY_HOP = "smtp:[127.0.0.1]:2526"


@dataclass(frozen=True)
class World:
    password: str = PASSWORD
    maildir_alice: str = "example.test/alice/"


def make_world(*, relay_hop: str = RELAY_HOP, catchall: bool = True) -> World:
    """Create the world; without ``catchall`` unknown addresses of example.test are refused."""
    from mailwarden.addresses.services import alias_create
    from mailwarden.core.actor import cli_actor
    from mailwarden.domains.services import aliasdomain_create, domain_create
    from mailwarden.mailboxes.services import mailbox_create, mailbox_set_forwarding

    root = cli_actor()
    domain_create(actor=root, name="example.test")
    mailbox_create(actor=root, address="alice@example.test", password=PASSWORD, quota_bytes=QUOTA)
    for local in ("bob", "dave", "erin"):
        mailbox_create(actor=root, address=f"{local}@example.test", password=PASSWORD)
    mailbox_create(actor=root, address="carol@example.test", password=PASSWORD, active=False)
    mailbox_set_forwarding(
        actor=root, address="dave@example.test", targets=["bob@example.test"], keep_copy=False
    )
    mailbox_set_forwarding(
        actor=root, address="erin@example.test", targets=["bob@example.test"], keep_copy=True
    )
    alias_create(actor=root, address="sales@example.test", targets=["alice@example.test"])
    alias_create(
        actor=root, address="team@example.test", targets=["alice@example.test", "bob@example.test"]
    )
    alias_create(
        actor=root, address="old@example.test", targets=["alice@example.test"], active=False
    )
    if catchall:
        alias_create(actor=root, address="@example.test", targets=["bob@example.test"])

    domain_create(actor=root, name="off.test", create_postmaster=False)
    mailbox_create(actor=root, address="zed@off.test", password=PASSWORD)
    from mailwarden.domains.services import domain_update

    domain_update(actor=root, name="off.test", active=False)

    aliasdomain_create(actor=root, name="alias.test", target="example.test")
    domain_create(actor=root, name="relay.test", relay=True, relay_transport=relay_hop)
    domain_create(actor=root, name="relay2.test", relay=True)
    return World()
