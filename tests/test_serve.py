"""`mailwarden init` then `mailwarden serve` answer HTTP on the chosen address (real gunicorn)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

MAILWARDEN = str(Path(sys.executable).with_name("mailwarden"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_it_serves_the_status_page_on_sqlite_and_writes_nothing_in_home(tmp_path):
    """gunicorn 27 would open a control socket in ~/.gunicorn; ``serve`` turns it off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILWARDEN_")}
    env["MAILWARDEN_DATA_DIR"] = str(tmp_path / "data")
    home = tmp_path / "home"
    home.mkdir()
    env["HOME"] = str(home)
    subprocess.run([MAILWARDEN, "init"], env=env, check=True, capture_output=True, timeout=60)
    port = free_port()
    server = subprocess.Popen(
        [MAILWARDEN, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not body:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/status/", timeout=2
                ) as response:
                    body = response.read().decode()
            except OSError:
                time.sleep(0.2)
        assert "mailwarden is running" in body
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert list(home.iterdir()) == []
