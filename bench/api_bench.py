"""API benchmark: mailbox.create one by one over REST and JSON-RPC, mailboxes.list page
latency, and requests per second under concurrent load, with 100,000 mailboxes on SQLite.

Run: ``.venv/bin/python bench/api_bench.py [--mailboxes 100000] [--creates 200]``. It makes
its own data directory and database in a temporary directory, serves mailwarden with
gunicorn on a free loopback port, and drives it over HTTP (keep-alive, one connection).
The seed rows are bulk-inserted (one precomputed hash) because the benchmark is of the API,
not of the seed; every measured create goes through the API and the service layer.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = 10
PASSWORD = "bench-password-1"  # noqa: S105 - a throwaway database


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def setup_django(data: Path) -> None:
    os.environ.update(
        MAILWARDEN_DATA_DIR=str(data),
        MAILWARDEN_DATABASE_URL=f"sqlite:///{data}/bench.sqlite3",
        MAILWARDEN_SECRET_KEY="bench-secret",  # noqa: S106 - a throwaway database
        DJANGO_SETTINGS_MODULE="mailwarden.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(count: int) -> str:
    """Domains d0..d9.bench with ``count`` mailboxes in all; returns a full-scope token."""
    from django.db import transaction
    from django.utils import timezone

    from mailwarden.addresses.models import Address, Target
    from mailwarden.admins.services import admin_create
    from mailwarden.core.actor import cli_actor
    from mailwarden.domains.services import domain_create
    from mailwarden.mailboxes.credentials import hash_mailbox_password
    from mailwarden.mailboxes.models import Mailbox
    from mailwarden.tokens.services import token_create

    root = cli_actor()
    admin_create(actor=root, email="boss@ops.bench", password=PASSWORD, is_superadmin=True)
    stored = hash_mailbox_password(PASSWORD)
    now = timezone.now()
    per_domain = count // DOMAINS
    for d in range(DOMAINS):
        domain = domain_create(actor=root, name=f"d{d}.bench", postmaster_to="boss@ops.bench")
        for start in range(0, per_domain, 5000):
            with transaction.atomic():
                rows = [
                    Address(
                        domain=domain,
                        local_part=f"u{i}",
                        email=f"u{i}@{domain.name}",
                        kind="mailbox",
                    )
                    for i in range(start, min(start + 5000, per_domain))
                ]
                Address.objects.bulk_create(rows)
                rows = list(
                    Address.objects.filter(
                        domain=domain, kind="mailbox", local_part__in=[r.local_part for r in rows]
                    )
                )
                Mailbox.objects.bulk_create(
                    Mailbox(
                        address=a,
                        password=stored,
                        maildir=f"{domain.name}/{a.local_part}/",
                        password_changed=now,
                    )
                    for a in rows
                )
                Target.objects.bulk_create(Target(address=a, target=a.email) for a in rows)
    return token_create(
        actor=root, name="bench", owner_email="boss@ops.bench", scopes=["read", "write", "delete"]
    ).secret


def hash_seconds(samples: int = 20) -> float:
    """Median time of one mailbox password hash in the configured scheme, in this process."""
    from mailwarden.mailboxes.credentials import hash_mailbox_password

    timings = []
    for i in range(samples):
        start = time.perf_counter()
        hash_mailbox_password(f"bench-password-{i}")
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


class Api:
    def __init__(self, port: int, token: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def timed(self, method: str, path: str, body: dict | None = None) -> tuple[float, int]:
        data = json.dumps(body) if body is not None else None
        start = time.perf_counter()
        self.connection.request(method, path, body=data, headers=self.headers)
        response = self.connection.getresponse()
        payload = response.read()
        elapsed = time.perf_counter() - start
        if response.status >= 400 or b'"error"' in payload[:20]:
            raise RuntimeError(f"{method} {path}: {response.status} {payload[:200]!r}")
        return elapsed, response.status


def rpc(method: str, params: dict) -> dict:
    return {"jsonrpc": "2.0", "id": 1, "method": method, "params": params}


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def summary(timings: list[float], hash_s: float = 0.0) -> dict:
    ms = sorted(t * 1000 for t in timings)
    p95 = ms[int(len(ms) * 0.95) - 1]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(p95, 2),
        "median_minus_hash_ms": round(statistics.median(ms) - hash_s * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mailboxes", type=int, default=100_000)
    parser.add_argument("--creates", type=int, default=200)
    parser.add_argument("--lists", type=int, default=300)
    parser.add_argument("--load-seconds", type=float, default=10)
    parser.add_argument("--load-threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mw-api-bench-") as tmp:
        data = Path(tmp)
        setup_django(data)
        started = time.perf_counter()
        token = seed(args.mailboxes)
        print(f"seeded {args.mailboxes} mailboxes in {time.perf_counter() - started:.1f} s")
        from django.conf import settings

        hash_s = hash_seconds()
        print(f"one {settings.MAILWARDEN_PASSWORD_SCHEME} hash: {hash_s * 1000:.1f} ms (median)")

        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "mailwarden.wsgi:application",
            ],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port)
            api = Api(port, token)
            api.timed("GET", "/api/v1/ping")  # warm up
            results: dict[str, dict] = {"hash_ms": {"median": round(hash_s * 1000, 2)}}
            rest = [
                api.timed(
                    "POST",
                    "/api/v1/mailboxes",
                    {"address": f"rest{i}@d1.bench", "password": PASSWORD},
                )[0]
                for i in range(args.creates)
            ]
            results["mailbox.create REST"] = summary(rest, hash_s)
            calls = [
                api.timed(
                    "POST",
                    "/rpc",
                    rpc(
                        "mailbox.create",
                        {"address": f"rpc{i}@d2.bench", "password": PASSWORD},
                    ),
                )[0]
                for i in range(args.creates)
            ]
            results["mailbox.create RPC"] = summary(calls, hash_s)
            rng = random.Random(7)  # noqa: S311 - picks pages, not secrets
            pages = [
                api.timed(
                    "GET",
                    f"/api/v1/mailboxes?domain=d{rng.randrange(DOMAINS)}.bench"
                    f"&limit=50&offset={rng.randrange(0, 9950)}",
                )[0]
                for _ in range(args.lists)
            ]
            results["mailboxes.list REST, one domain (10k), random page"] = summary(pages)
            pages = [
                api.timed(
                    "POST",
                    "/rpc",
                    rpc("mailboxes.list", {"limit": 50, "offset": rng.randrange(0, 1000)}),
                )[0]
                for _ in range(args.lists)
            ]
            results["mailboxes.list RPC, all 100k, early page"] = summary(pages)
            first = [api.timed("GET", "/api/v1/mailboxes?limit=50")[0] for _ in range(args.lists)]
            results["mailboxes.list REST, all 100k, first page"] = summary(first)
            load = subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "bench" / "api_load.py"),
                    str(port),
                    token,
                    str(args.load_threads),
                    str(args.load_seconds),
                ],
                capture_output=True,
                text=True,
                check=True,
                timeout=args.load_seconds + 60,
            )
            results["concurrent load (second process)"] = json.loads(load.stdout)
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
