"""One running deployment (nginx + gunicorn, tests/deploy/harness.py) shared by a module."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.conftest import require
from tests.deploy import harness


@pytest.fixture(scope="module")
def deployment() -> Iterator[harness.Deployment]:
    require(shutil.which("nginx") is not None, "nginx (scripts/install-nginx)")
    running = harness.new_deployment()
    try:
        harness.start(running)
        yield running
    finally:
        harness.stop(running)
