"""Web panel fixtures: logged-in clients for the shared cast, and a private data directory
for the setup token."""

from __future__ import annotations

import pytest
from django.test import Client

from mailwarden.admins.models import Admin


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    """The setup token file lives in the data directory: one per test."""
    settings.DATA_DIR = tmp_path


def client_for(email: str) -> Client:
    client = Client()
    client.force_login(Admin.objects.get(email=email))
    return client


@pytest.fixture
def boss(cast) -> Client:
    """The superadmin, logged in."""
    return client_for("boss@ops.example")


@pytest.fixture
def admin_a(cast) -> Client:
    """The admin of a.example, logged in; b.example must not exist for it."""
    return client_for("admin@a.example")


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()
