"""Every page of the panel renders for the superadmin, with the cast's data on it."""

import pytest

from tests.web.conftest import page

PAGES = [
    ("/dashboard/", "alice@a.example"),
    ("/domains/", "b.example"),
    ("/domains/?q=a.ex&active=1&order=-name", "a.example"),
    ("/domains/new/", "Domain name"),
    ("/domains/a.example/", "a.example"),
    ("/domains/a.example/edit/", "Max mailboxes"),
    ("/domains/a.example/delete/", "Type"),
    ("/mailboxes/", "bob@b.example"),
    ("/mailboxes/?domain=a.example", "alice@a.example"),
    ("/mailboxes/?q=bob", "bob@a.example"),
    ("/mailboxes/new/?domain=a.example", "Password"),
    ("/mailboxes/alice@a.example/", "a.example/alice/"),
    ("/mailboxes/alice@a.example/password/", "New password"),
    ("/mailboxes/alice@a.example/forwarding/", "Forward to"),
    ("/mailboxes/alice@a.example/delete/", "stays on disk"),
    ("/aliases/", "info@a.example"),
    ("/aliases/?domain=b.example", "info@b.example"),
    ("/aliases/new/", "Catch-all"),
    ("/aliases/info@a.example/", "alice@a.example"),
    ("/aliases/info@a.example/delete/", "alice@a.example"),
    ("/aliasdomains/", "Alias domains"),
    ("/aliasdomains/new/", "Target domain"),
    ("/admins/", "admin@b.example"),
    ("/admins/new/", "Superadmin"),
    ("/admins/admin@a.example/", "a.example"),
    ("/admins/admin@a.example/password/", "New password"),
    ("/admins/admin@a.example/delete/", "Delete"),
    ("/audit/", "mailbox.create"),
    ("/audit/?domain=a.example&action=alias.create", "info@a.example"),
    ("/account/password/", "Current password"),
    ("/account/two-factor/", "Set up two-factor login"),
    ("/tokens/", "Show revoked tokens too"),
    ("/tokens/new/", "Acts for"),
]


@pytest.mark.parametrize(("url", "expected"), PAGES)
def test_it_renders_every_page_for_the_superadmin(boss, url, expected):
    body = page(boss.get(url))
    assert expected in body
    assert "Log out" in body
