"""Reads of mailboxes, scoped to the domains the actor may see."""

from __future__ import annotations

from django.db.models import QuerySet

from mailwarden import passwords
from mailwarden.addresses.models import Address
from mailwarden.addresses.selectors import (
    address_get,
    address_list,
    visible_addresses,
    with_targets,
)
from mailwarden.core.actor import Actor
from mailwarden.core.pagination import Page


def _mailbox_addresses(actor: Actor) -> QuerySet[Address]:
    return with_targets(visible_addresses(actor)).select_related("mailbox")


def mailbox_get(*, actor: Actor, address: str) -> Address:
    """The mailbox's address row (with ``.mailbox`` and targets loaded), or NotFound."""
    return address_get(
        actor=actor, address=address, kind=Address.Kind.MAILBOX, queryset=_mailbox_addresses(actor)
    )


def mailbox_list(**kwargs) -> Page[Address]:
    actor: Actor = kwargs["actor"]
    return address_list(kind=Address.Kind.MAILBOX, queryset=_mailbox_addresses(actor), **kwargs)


def mailbox_to_dict(address: Address) -> dict:
    """A mailbox as every door shows it: never the hash, only the scheme it is in."""
    mailbox = address.mailbox
    forwards = address.forwards
    keeps_copy = address.email in address.destinations
    return {
        "address": address.email,
        "domain": address.domain.name,
        "name": mailbox.name,
        "active": address.active,
        "quota_bytes": mailbox.quota_bytes,
        "maildir": mailbox.maildir,
        "password_scheme": passwords.scheme_of(mailbox.password),
        "password_changed": mailbox.password_changed.isoformat(),
        "forward_to": forwards,
        "keep_copy": bool(forwards) and keeps_copy,
        "created": address.created.isoformat() if address.created else None,
        "modified": mailbox.modified.isoformat() if mailbox.modified else None,
    }
