"""The README's sections and their shell lines, for the tests that run them as written."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_section(title: str) -> str:
    """The text under the heading ``## title``, up to the next heading of that level."""
    return README.read_text(encoding="utf-8").split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def shell_lines(section: str) -> list[str]:
    """The section's indented (code block) lines, unindented."""
    return [line[4:] for line in section.splitlines() if line.startswith("    ")]
