"""``mailwarden audit list|prune``."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta

from django.utils import timezone

from mailwarden.audit.selectors import audit_list
from mailwarden.audit.services import audit_prune
from mailwarden.cli.common import action_parser, add_pagination, group_parser
from mailwarden.cli.output import Output
from mailwarden.core.actor import cli_actor


def _when(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO date like 2026-11-22, got {value!r}"
        ) from None
    if moment.tzinfo is None:
        from datetime import UTC

        moment = moment.replace(tzinfo=UTC)
    return moment


def register(groups: argparse._SubParsersAction) -> None:
    actions = group_parser(groups, "audit", "read the audit log")
    listing = action_parser(actions, "list", "list audit events, newest first", list_command)
    listing.add_argument("--domain")
    listing.add_argument("--actor", help="e.g. cli:root or admin@example.org")
    listing.add_argument("--action", help="e.g. mailbox.create")
    listing.add_argument("--since", type=_when, help="ISO date or time (UTC unless given)")
    listing.add_argument("--until", type=_when)
    listing.add_argument(
        "--without-calls",
        action="store_true",
        help="leave out the records of API calls that changed nothing",
    )
    add_pagination(listing)
    prune = action_parser(actions, "prune", "delete audit events older than N days", prune_command)
    prune.add_argument("--older-than-days", type=_days, required=True, metavar="N")
    prune.add_argument(
        "--calls-only",
        action="store_true",
        help="delete only the records of API calls that changed nothing",
    )


def _days(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, 1 or more: {value!r}")
    return int(value)


def prune_command(args: argparse.Namespace, out: Output) -> None:
    before = timezone.now() - timedelta(days=args.older_than_days)
    deleted = audit_prune(actor=cli_actor(), before=before, calls_only=args.calls_only)
    out.line(f"deleted {deleted} audit events from before {before:%Y-%m-%d %H:%M:%S} UTC")
    if out.as_json:
        out.json({"deleted": deleted, "before": before.isoformat()})


def list_command(args: argparse.Namespace, out: Output) -> None:
    page = audit_list(
        actor=cli_actor(),
        domain=args.domain,
        actor_label=args.actor,
        action=args.action,
        since=args.since,
        until=args.until,
        without_calls=args.without_calls,
        offset=args.offset,
        limit=args.limit,
    )
    rows = [e.to_dict() for e in page.items]
    out.table(rows, ["at", "actor", "door", "action", "object"], total=page.total)
