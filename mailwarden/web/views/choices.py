"""Suggestions for the domain fields of the create forms (an HTML datalist)."""

from __future__ import annotations

from mailwarden.core.actor import Actor
from mailwarden.domains.models import Domain
from mailwarden.domains.selectors import domain_list

SUGGESTED = 200


def domain_choices(actor: Actor) -> list[Domain]:
    """The first hosted domains the actor manages; the field still takes any name typed."""
    return domain_list(actor=actor, kinds=("virtual",), limit=SUGGESTED).items
