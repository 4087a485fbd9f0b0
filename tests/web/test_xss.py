"""Stored or reflected markup renders as text: autoescaping is never switched off."""

import pytest
from django.test import Client

from mailwarden.domains.services import domain_update
from mailwarden.mailboxes.services import mailbox_update

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def stored(cast):
    """The payload in every free-text field a service accepts it in."""
    domain_update(actor=cast.root, name="a.example", description=PAYLOAD)
    mailbox_update(actor=cast.root, address="alice@a.example", name=PAYLOAD)
    return cast


@pytest.mark.parametrize(
    "url",
    [
        "/domains/",
        "/domains/a.example/",
        "/domains/a.example/edit/",
        "/mailboxes/?domain=a.example",
        "/mailboxes/alice@a.example/",
    ],
)
def test_stored_markup_renders_inert(stored, boss, url):
    body = boss.get(url).content.decode()
    assert PAYLOAD not in body
    assert ESCAPED in body


@pytest.mark.parametrize(
    "url",
    [
        f"/domains/?q={PAYLOAD}",
        f"/mailboxes/?q={PAYLOAD}",
        f"/aliases/?q={PAYLOAD}",
        f"/audit/?actor={PAYLOAD}&action={PAYLOAD}",
    ],
)
def test_reflected_markup_renders_inert(stored, boss, url):
    body = boss.get(url).content.decode()
    assert PAYLOAD not in body
    assert ESCAPED in body


def test_markup_in_a_refused_form_renders_inert(stored, boss):
    for url, data in (
        ("/domains/new/", {"name": PAYLOAD}),
        ("/aliases/new/", {"local_part": "x", "domain": "a.example", "targets": PAYLOAD}),
        (
            "/mailboxes/new/",
            {"local_part": PAYLOAD, "domain": "a.example", "password": "long enough pw"},
        ),
        (
            "/tokens/new/",
            {"name": "x", "owner": "boss@ops.example", "scopes": "read", "networks": PAYLOAD},
        ),
    ):
        body = boss.post(url, data).content.decode()
        assert PAYLOAD not in body, url


def test_the_login_form_echoes_markup_inert(cast):
    body = Client().post("/login/", {"email": PAYLOAD, "password": "x"}).content.decode()
    assert PAYLOAD not in body
