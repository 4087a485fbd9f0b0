"""The benchmarks in bench/ still run: each is started at a toy size, so a change that
breaks a bench script fails here rather than on the day someone needs the figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_bench(script: str, *args: str, tmp_path: Path) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAILWARDEN_")}
    env["MAILWARDEN_PASSWORD_SCHEME"] = "SSHA512"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_the_panel_bench_loads_and_times_every_page(tmp_path):
    out = run_bench(
        "run.py",
        "--domains",
        "2",
        "--mailboxes",
        "20",
        "--aliases",
        "20",
        "--repeat",
        "2",
        "--db",
        str(tmp_path / "bench.sqlite3"),
        tmp_path=tmp_path,
    )
    assert "loaded 20 mailboxes and 20 aliases in 2 domains" in out
    for page in ("mailbox list", "substring search", "domain list", "alias list", "dashboard"):
        assert page in out


def test_the_api_bench_creates_lists_and_loads(tmp_path):
    out = run_bench(
        "api_bench.py",
        "--mailboxes",
        "40",
        "--creates",
        "3",
        "--lists",
        "3",
        "--load-seconds",
        "1",
        "--load-threads",
        "2",
        "--workers",
        "1",
        tmp_path=tmp_path,
    )
    figures = json.loads(out[out.index("{") :])
    assert figures["concurrent load (second process)"]["errors"] == 0
    assert figures["concurrent load (second process)"]["requests"] > 0
    assert "mailbox.create" in out
