"""docs/security.md maps each defence to its test: every test and file it names exists, so
the map cannot quietly point at a renamed or deleted test."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "security.md").read_text()


def test_every_test_named_in_the_security_doc_exists():
    sources = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("*.py"))
    named = set(re.findall(r"`(?:[\w/.]+::)?(test_\w+)`", DOC))
    assert named, "the doc names no test: the pattern above is out of date"
    defined = set(re.findall(r"def (test_\w+)\(", sources))
    # "`..._for_another_domain`" abbreviations are written with a leading ellipsis.
    assert sorted(named - defined) == []


def test_every_path_named_in_the_security_doc_exists():
    paths = set(re.findall(r"`((?:tests|contrib|docs)/[\w/.]+?)(?:::\w+)?`", DOC))
    assert paths
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []
