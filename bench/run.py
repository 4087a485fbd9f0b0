"""Load many mailboxes and aliases into a fresh SQLite database, then time the panel's pages.

    .venv/bin/python bench/run.py --mailboxes 100000 --aliases 100000 --domains 100

The load takes a documented fast path: the domains, the superadmin and its session are made
through the services; mailboxes, aliases and their targets are then bulk-inserted in one
transaction, as the services would write them (lower-case addresses, ``maildir_for`` paths,
a mailbox's own address as its target) but with ONE precomputed password hash shared by all
mailboxes. Hashing 100,000 Argon2 passwords would take hours and measures nothing the pages
do. Timings are server time through Django's test client (the full middleware stack, the
session, the templates), p50 and p95 over repeated requests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BATCH = 5000


def configure(path: Path) -> None:
    os.environ["MAILWARDEN_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["MAILWARDEN_DATA_DIR"] = str(path.parent)
    os.environ.setdefault("MAILWARDEN_SECRET_KEY", "bench-only-secret-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "mailwarden.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def load(domains: int, mailboxes: int, aliases: int) -> None:
    from django.db import transaction

    from mailwarden.addresses.models import Address, Target
    from mailwarden.admins.services import admin_create
    from mailwarden.core.actor import cli_actor
    from mailwarden.domains.services import domain_create
    from mailwarden.mailboxes.credentials import hash_mailbox_password
    from mailwarden.mailboxes.models import Mailbox
    from mailwarden.mailboxes.services import maildir_for

    root = cli_actor()
    admin_create(
        actor=root,
        email="bench@ops.example",
        password="bench password",  # noqa: S106 - a bench account
        is_superadmin=True,
    )
    names = [f"d{n:03}.example" for n in range(domains)]
    rows = [domain_create(actor=root, name=n, postmaster_to="bench@ops.example") for n in names]
    stored = hash_mailbox_password("bench mailbox password")
    now = rows[0].created
    per_mailbox = mailboxes // domains
    per_alias = aliases // domains
    with transaction.atomic():
        for domain in rows:
            for start in range(0, per_mailbox, BATCH):
                locals_ = [f"user{i:07}" for i in range(start, min(start + BATCH, per_mailbox))]
                made = Address.objects.bulk_create(
                    Address(
                        domain=domain, local_part=lp, email=f"{lp}@{domain.name}", kind="mailbox"
                    )
                    for lp in locals_
                )
                Mailbox.objects.bulk_create(
                    Mailbox(
                        address=a,
                        password=stored,
                        maildir=maildir_for(a.local_part, domain.name),
                        password_changed=now,
                    )
                    for a in made
                )
                Target.objects.bulk_create(Target(address=a, target=a.email) for a in made)
            for start in range(0, per_alias, BATCH):
                locals_ = [f"list{i:07}" for i in range(start, min(start + BATCH, per_alias))]
                made = Address.objects.bulk_create(
                    Address(domain=domain, local_part=lp, email=f"{lp}@{domain.name}", kind="alias")
                    for lp in locals_
                )
                Target.objects.bulk_create(
                    Target(address=a, target=f"user{i % max(per_mailbox, 1):07}@{domain.name}")
                    for i, a in enumerate(made)
                )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]


def timings(client, url: str, repeat: int) -> tuple[float, float, float]:
    """Wall-clock p50 and p95, and the p95 of this process's CPU time (less disturbed when
    other work shares the machine; SQLite runs in-process, so it includes the queries)."""
    client.get(url)  # warm the page cache and the template loader
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(wall), _p95(wall), _p95(cpu)


def machine_reference() -> float:
    """Milliseconds of a fixed pure-Python loop, best of five: the same kind of machine runs
    at different speeds on different days, so runs are compared with this beside them."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def measure(repeat: int, domains: int) -> list[tuple[str, str, float, float, float]]:
    from django.test import Client

    from mailwarden.admins.models import Admin

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(Admin.objects.get(email="bench@ops.example"))
    middle = f"d{domains // 2:03}.example"
    pages = [
        ("a domain's mailbox list, first page", f"/mailboxes/?domain={middle}"),
        ("all mailboxes, first page", "/mailboxes/"),
        ("all mailboxes, newest first", "/mailboxes/?order=-created"),
        ("substring search over all mailboxes", "/mailboxes/?q=ser00042"),
        # One address in each domain, at any size: what looking someone up costs.
        ("search for one local part, 100 matches", "/mailboxes/?q=ser0000042"),
        ("the domain list", "/domains/"),
        ("a domain's alias list, first page", f"/aliases/?domain={middle}"),
        ("the dashboard", "/dashboard/"),
    ]
    return [(name, url, *timings(client, url, repeat)) for name, url in pages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domains", type=int, default=100)
    parser.add_argument("--mailboxes", type=int, default=100_000)
    parser.add_argument("--aliases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--db", type=Path, help="SQLite file (default: a new temporary one)")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="mailwarden-bench-")) / "bench.sqlite3"
    fresh = not path.exists()
    configure(path)
    if fresh:
        started = time.perf_counter()
        load(args.domains, args.mailboxes, args.aliases)
        print(
            f"loaded {args.mailboxes} mailboxes and {args.aliases} aliases in {args.domains} "
            f"domains in {time.perf_counter() - started:.0f} s into {path}"
        )
    print(f"machine reference: {machine_reference():.1f} ms (a fixed pure-Python loop)")
    print(f"{'page':38} {'p50 ms':>7} {'p95 ms':>7} {'cpu p95':>7}  url")
    for name, url, p50, p95, cpu in measure(args.repeat, args.domains):
        print(f"{name:38} {p50:7.1f} {p95:7.1f} {cpu:7.1f}  {url}")


if __name__ == "__main__":
    main()
