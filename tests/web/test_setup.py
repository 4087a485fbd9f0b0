"""First run: the setup page, guarded by a one-time token, creates the first superadmin and
then disappears for good."""

import pytest
from django.test import Client

from mailwarden.admins.models import Admin
from mailwarden.admins.setup import setup_token_issue
from mailwarden.audit.models import AuditEvent
from mailwarden.cli.main import main

NEW = {"email": "Root@Example.org", "password": "a long first password"}


@pytest.mark.parametrize("url", ["/dashboard/", "/domains/", "/mailboxes/x@y.example/", "/login/"])
def test_it_sends_every_page_to_setup_while_no_admin_exists(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == "/setup/"


def test_it_asks_for_the_token_email_and_password(db):
    body = Client().get("/setup/").content.decode()
    assert "Setup token" in body
    assert "Email" in body


@pytest.mark.parametrize("token", ["", "guess", "x" * 32])
def test_it_creates_nothing_without_the_right_token(db, token):
    setup_token_issue()
    response = Client().post("/setup/", NEW | {"token": token})
    assert response.status_code == 200
    assert not Admin.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_creates_nothing_before_any_token_was_issued(db):
    Client().post("/setup/", NEW | {"token": "anything"})
    assert not Admin.objects.exists()


def test_it_creates_the_protected_superadmin_with_the_token_and_logs_it_in(db):
    client = Client()
    response = client.post("/setup/", NEW | {"token": setup_token_issue()})
    assert response.status_code == 302
    admin = Admin.objects.get()
    assert admin.email == "root@example.org"
    assert admin.is_superadmin
    assert admin.is_protected
    assert client.get("/dashboard/").status_code == 200


def test_it_writes_the_setup_in_the_audit_log(db):
    Client().post("/setup/", NEW | {"token": setup_token_issue()}, REMOTE_ADDR="192.0.2.7")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.door) == ("admin.create", "setup", "web")
    assert event.source_ip == "192.0.2.7"


def test_it_answers_404_once_an_admin_exists_even_with_a_token(db):
    token = setup_token_issue()
    Client().post("/setup/", NEW | {"token": token})
    assert Client().get("/setup/").status_code == 404
    response = Client().post(
        "/setup/", {"email": "x@evil.example", "password": "p" * 12, "token": token}
    )
    assert response.status_code == 404
    assert Admin.objects.count() == 1


def test_a_new_token_replaces_the_old_one(db):
    old = setup_token_issue()
    new = setup_token_issue()
    Client().post("/setup/", NEW | {"token": old})
    assert not Admin.objects.exists()
    Client().post("/setup/", NEW | {"token": new})
    assert Admin.objects.exists()


def test_it_shows_the_services_validation_and_keeps_the_token(db):
    token = setup_token_issue()
    response = Client().post(
        "/setup/", {"email": "not-an-address", "password": "short", "token": token}
    )
    assert "not an address" in response.content.decode()
    Client().post("/setup/", NEW | {"token": token})
    assert Admin.objects.exists()


def test_the_token_is_stored_only_as_a_hash(db, settings):
    token = setup_token_issue()
    stored = "".join(p.read_text() for p in settings.DATA_DIR.iterdir() if p.is_file())
    assert token not in stored


def test_the_setup_token_command_prints_a_working_token(db, capsys):
    assert main(["setup-token"]) == 0
    out = capsys.readouterr().out
    token = out.split("setup token: ")[1].split()[0]
    Client().post("/setup/", NEW | {"token": token})
    assert Admin.objects.exists()


def test_the_setup_token_command_refuses_once_an_admin_exists(cast, capsys):
    assert main(["setup-token"]) == 1
    assert "already exists" in capsys.readouterr().err
