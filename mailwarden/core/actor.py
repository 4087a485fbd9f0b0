"""Who is asking: every service takes an ``Actor`` and decides on it, never on the door."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mailwarden.admins.models import Admin

DOORS = ("web", "api", "rpc", "cli", "system")


@dataclass(frozen=True)
class Actor:
    """The caller of a service: an admin acting through a door, or the local operator (CLI).

    ``domain_ids`` is the set of domains a domain admin manages; a superadmin has
    ``is_superadmin`` and an empty set. ``label`` is what the audit log shows.
    """

    label: str
    door: str
    is_superadmin: bool
    admin: Admin | None = None
    domain_ids: frozenset[int] = field(default_factory=frozenset)
    source_ip: str | None = None


def cli_actor() -> Actor:
    """The operator at the mail host's shell: full rights, like root over the database file."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Actor(label=f"cli:{user}", door="cli", is_superadmin=True)


def admin_actor(admin: Admin, *, door: str, source_ip: str | None = None) -> Actor:
    """An actor for a logged-in admin, with their domain set read once (a superadmin sees
    every domain, so theirs is not read at all)."""
    domain_ids: frozenset[int] = frozenset()
    if not admin.is_superadmin:
        domain_ids = frozenset(admin.domain_memberships.values_list("domain_id", flat=True))
    return Actor(
        label=admin.email,
        door=door,
        is_superadmin=admin.is_superadmin,
        admin=admin,
        domain_ids=domain_ids,
        source_ip=source_ip,
    )
