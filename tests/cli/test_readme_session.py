"""The README's first session on the command line runs as written on a fresh data directory,
and its postmap line answers alice's maildir."""

from __future__ import annotations

import re
import shutil
import subprocess

from tests.cli.test_setup_commands import SCRIPT, script, script_env
from tests.conftest import require
from tests.readme import readme_section, shell_lines

README_OUT = "/tmp/mail-config"


def readme_session() -> tuple[str, str]:
    """The section's indented shell lines, and the postmap command it says to run next."""
    section = readme_section("A first session on the command line")
    postmap = re.search(r"`(postmap -q [^`]+)`", section)
    assert postmap, "the section names a postmap command"
    return "\n".join(shell_lines(section)), postmap.group(1)


def test_the_readme_session_runs_as_written_and_postmap_finds_the_mailbox(tmp_path):
    require(SCRIPT.exists(), f"the console script {SCRIPT}")
    require(shutil.which("postmap") is not None, "postmap (scripts/install-mailstack)")
    commands, postmap = readme_session()
    assert commands.count(".venv/bin/mailwarden ") == 6
    out = str(tmp_path / "mail-config")
    env = script_env(tmp_path / "data")
    assert script(env, "init").returncode == 0
    ran = subprocess.run(
        ["bash", "-euo", "pipefail", "-c",
         commands.replace(".venv/bin/mailwarden", str(SCRIPT)).replace(README_OUT, out)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "alice@example.test" in ran.stdout
    assert "alias.create" in ran.stdout  # the audit list shows what was done
    answer = subprocess.run(
        postmap.replace(README_OUT, out).split(),
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert answer.stdout.strip() == "example.test/alice/", answer.stderr
