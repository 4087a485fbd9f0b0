"""Fixtures for the lookup tests: the shared mail world and the engine under test."""

from __future__ import annotations

import pytest

from tests.mailstack.world import World, make_world


@pytest.fixture
def world(db) -> World:
    return make_world()


@pytest.fixture
def engine() -> str:
    from django.db import connection

    return connection.vendor
