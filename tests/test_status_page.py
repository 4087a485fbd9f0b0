"""The status page answers without a login and reveals nothing about the data."""

from django.test import Client


def test_it_says_mailwarden_is_running(cast):
    response = Client().get("/status/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "mailwarden is running" in body
    assert "a.example" not in body


def test_it_refuses_state_changes(db):
    assert Client().post("/status/").status_code == 405
