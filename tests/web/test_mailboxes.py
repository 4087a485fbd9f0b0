"""Mailboxes in the panel: list and search, create, edit, password, forwarding, delete."""

import re

import pytest

from mailwarden.addresses.models import Address
from mailwarden.admins.services import admin_create
from mailwarden.mailboxes.models import Mailbox
from mailwarden.passwords import verify_password
from tests.conftest import PASSWORD
from tests.web.conftest import page

NEW = {
    "local_part": "Carol",
    "domain": "a.example",
    "name": "Carol C",
    "password": "carol's long pass",
    "quota": "1G",
    "active": "on",
}


def test_a_list_row_links_its_mailbox_and_names_its_forwards(admin_a):
    admin_a.post(
        "/mailboxes/alice@a.example/forwarding/",
        {"targets": "x@elsewhere.example\ny@elsewhere.example", "keep_copy": "on"},
    )
    body = page(admin_a.get("/mailboxes/?domain=a.example"))
    row = body.split('<a href="/mailboxes/alice@a.example/">', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert cells[-1] == "x@elsewhere.example y@elsewhere.example"  # itself not among them


def test_a_domain_list_and_a_global_search(boss):
    body = page(boss.get("/mailboxes/?domain=a.example"))
    assert "alice@a.example" in body
    assert "bob@b.example" not in body
    found = page(boss.get("/mailboxes/?q=bob"))
    assert "bob@a.example" in found
    assert "bob@b.example" in found
    assert "alice@" not in found


def test_the_create_page_offers_a_generator_and_a_strength_hint(admin_a):
    body = page(admin_a.get("/mailboxes/new/?domain=a.example"))
    assert 'data-generator="1"' in body
    assert 'data-strength="1"' in body
    assert 'value="a.example"' in body


@pytest.mark.parametrize(
    "url",
    [
        "/mailboxes/new/?domain=a.example",
        "/mailboxes/alice@a.example/password/",
        "/account/password/",
    ],
)
def test_every_password_form_states_the_policy_in_force(admin_a, settings, url):
    settings.MAILWARDEN_MIN_PASSWORD_LENGTH = 17
    assert "At least 17 characters." in page(admin_a.get(url))


def test_a_domain_admin_creates_a_mailbox(admin_a):
    response = admin_a.post("/mailboxes/new/", NEW)
    assert response["Location"] == "/mailboxes/carol@a.example/"
    mailbox = Mailbox.objects.get(address__email="carol@a.example")
    assert (mailbox.name, mailbox.quota_bytes) == ("Carol C", 1024**3)
    assert verify_password("carol's long pass", mailbox.password)


def test_service_refusals_land_on_their_fields(admin_a, unchanged):
    with unchanged():
        short = page(admin_a.post("/mailboxes/new/", NEW | {"password": "short"}))
        taken = page(admin_a.post("/mailboxes/new/", NEW | {"local_part": "info"}))
        bad = page(admin_a.post("/mailboxes/new/", NEW | {"local_part": "../x"}))
    assert "at least 10 characters" in short
    assert "already exists as an alias" in taken
    assert "not a valid local part" in bad


def test_edit_changes_name_quota_and_state(admin_a):
    admin_a.post("/mailboxes/alice@a.example/", {"name": "Alice A", "quota": "500M", "active": ""})
    entry = Address.objects.select_related("mailbox").get(email="alice@a.example")
    assert (entry.mailbox.name, entry.mailbox.quota_bytes, entry.active) == (
        "Alice A",
        500 * 1024**2,
        False,
    )


def test_set_password(admin_a):
    admin_a.post("/mailboxes/alice@a.example/password/", {"password": "a brand new secret"})
    assert verify_password(
        "a brand new secret", Mailbox.objects.get(address__email="alice@a.example").password
    )


def test_forwarding_with_and_without_a_copy(admin_a):
    admin_a.post(
        "/mailboxes/alice@a.example/forwarding/",
        {"targets": "x@elsewhere.example\ny@elsewhere.example", "keep_copy": "on"},
    )
    targets = set(
        Address.objects.get(email="alice@a.example").targets.values_list("target", flat=True)
    )
    assert targets == {"x@elsewhere.example", "y@elsewhere.example", "alice@a.example"}
    admin_a.post("/mailboxes/alice@a.example/forwarding/", {"targets": ""})
    assert list(
        Address.objects.get(email="alice@a.example").targets.values_list("target", flat=True)
    ) == ["alice@a.example"]


def test_delete_says_the_maildir_stays_and_deletes_on_post(admin_a):
    assert "a.example/alice/" in page(admin_a.get("/mailboxes/alice@a.example/delete/"))
    response = admin_a.post("/mailboxes/alice@a.example/delete/")
    assert response["Location"] == "/mailboxes/?domain=a.example"
    assert not Address.objects.filter(email="alice@a.example").exists()


def test_a_domain_admin_cannot_take_over_a_superadmins_mailbox(cast, admin_a, unchanged):
    admin_create(actor=cast.root, email="bob@a.example", password=PASSWORD, is_superadmin=True)
    with unchanged():
        body = page(
            admin_a.post("/mailboxes/bob@a.example/password/", {"password": "taken over now"})
        )
        page(admin_a.post("/mailboxes/bob@a.example/delete/"))
    assert "login of an admin above you" in body
