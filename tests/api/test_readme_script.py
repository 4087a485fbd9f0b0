"""The README's first script over the APIs runs as written, with curl, against a live server."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from mailwarden.addresses.models import Address
from mailwarden.audit.models import AuditEvent
from tests.api.live import serving
from tests.conftest import require
from tests.readme import readme_section, shell_lines
from tests.tokens.support import make_token

README_BASE = "http://127.0.0.1:8000"

pytestmark = pytest.mark.django_db(transaction=True)


def readme_script() -> str:
    """The section's indented shell lines, less the token's own two (the test makes it)."""
    lines = shell_lines(readme_section("A first script over the APIs"))
    return "\n".join(
        line for line in lines if not line.startswith((".venv/bin/mailwarden token", "TOKEN="))
    )


def test_the_readme_script_creates_a_domain_a_mailbox_and_an_alias_over_each_api(cast):
    require(shutil.which("curl") is not None, "curl (Debian package curl)")
    script = readme_script()
    assert script.count("curl ") == 4
    token = make_token("provisioning", scopes=("read", "write"))
    with serving() as base:
        ran = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script.replace(README_BASE, base)],
            env={"PATH": "/usr/bin:/bin", "TOKEN": token},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert ran.returncode == 0, ran.stderr
    assert '"generated_password"' in ran.stdout
    assert '"error"' not in ran.stdout
    made = set(Address.objects.values_list("email", "kind"))
    assert {
        ("alice@example.org", "mailbox"),
        ("sales@example.org", "alias"),
        ("bob@example.com", "mailbox"),
        ("info@example.com", "alias"),
    } <= made
    doors = AuditEvent.objects.filter(actor="token:provisioning", action="mailbox.create")
    assert set(doors.values_list("door", flat=True)) == {"api", "rpc"}
