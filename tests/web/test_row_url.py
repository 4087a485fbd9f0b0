"""A list row's link is exactly the URL ``{% url %}`` would give, for any address."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from mailwarden.web.templatetags.panel import row_url

ADDRESSES = [
    "alice@a.example",
    "first.last+tag@a.example",
    "o'brien&co=1!$*@a.example",
    "per%cent@a.example",
    "space here@a.example",
    "@a.example",
    "käthe@xn--mller-kva.example",
    "a/b@a.example",
    "q?x#y@a.example",
]


@pytest.mark.parametrize("view", ["web:mailbox_detail", "web:alias_detail"])
@pytest.mark.parametrize("address", ADDRESSES)
def test_it_quotes_every_address_as_reverse_does(view, address):
    assert row_url(address, view) == reverse(view, args=[address])


def test_it_follows_the_script_prefix_of_the_request():
    set_script_prefix("/mail admin/")
    try:
        assert row_url("alice@a.example", "web:mailbox_detail") == reverse(
            "web:mailbox_detail", args=["alice@a.example"]
        )
        assert row_url("alice@a.example", "web:mailbox_detail").startswith("/mail%20admin/")
    finally:
        clear_script_prefix()
