"""The panel in a real browser: first run, the everyday tasks, a domain admin's view, a phone."""

from __future__ import annotations

import pytest

from mailwarden.addresses.models import Address
from mailwarden.admins.models import Admin
from mailwarden.admins.setup import setup_token_issue
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def login(page, email, password=PASSWORD):
    page.goto("/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_first_run_then_a_domain_a_mailbox_and_an_alias(open_page, shots):
    page = open_page()
    page.goto("/dashboard/")
    assert page.url.endswith("/setup/")
    page.screenshot(path=shots / "setup.png")
    page.fill("#id_token", setup_token_issue())
    page.fill("#id_email", "root@example.org")
    page.fill("#id_password", "a long first password")
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard/")
    assert Admin.objects.get().is_protected

    page.click("text=Domains")
    page.click("text=Add domain")
    page.fill("#id_name", "shop.example")
    page.fill("#id_description", "The shop")
    page.fill("#id_max_mailboxes", "50")
    page.fill("#id_default_quota", "1G")
    page.click("button.primary")
    page.wait_for_url("**/domains/shop.example/")

    page.click("a:text('add') >> nth=0")
    page.fill("#id_local_part", "alice")
    page.fill("#id_name", "Alice Liddell")
    page.click("text=Generate")
    assert len(page.input_value("#id_password")) == 20
    assert "strong" in page.inner_text(".strength")
    page.screenshot(path=shots / "mailbox-new.png", full_page=True)
    page.click("button.primary")
    page.wait_for_url("**/mailboxes/alice@shop.example/")
    assert "shop.example/alice/" in page.inner_text("dl")

    page.goto("/aliases/new/?domain=shop.example")
    page.fill("#id_local_part", "sales")
    page.fill("#id_targets", "alice@shop.example\npartner@elsewhere.example")
    page.click("button.primary")
    page.wait_for_url("**/aliases/sales@shop.example/")
    alias = Address.objects.get(email="sales@shop.example")
    targets = list(alias.targets.values_list("target", flat=True))
    assert targets == ["alice@shop.example", "partner@elsewhere.example"]

    page.goto("/domains/shop.example/")
    page.screenshot(path=shots / "domain-detail.png", full_page=True)
    page.goto("/dashboard/")
    page.screenshot(path=shots / "dashboard.png", full_page=True)
    page.goto("/setup/")
    assert "Not Found" in page.content()


def test_a_domain_admin_sees_only_their_domain(cast, open_page, shots):
    page = open_page()
    login(page, "admin@a.example")
    page.wait_for_url("**/dashboard/")
    page.goto("/mailboxes/")
    listed = page.inner_text("table")
    assert "alice@a.example" in listed
    assert "b.example" not in listed
    page.screenshot(path=shots / "mailboxes-domain-admin.png", full_page=True)
    page.goto("/domains/")
    assert "b.example" not in page.inner_text("main")
    assert page.goto("/domains/b.example/").status == 404
    assert page.locator("text=Admins").count() == 0


def test_the_superadmin_lists_search_and_audit(cast, open_page, shots):
    page = open_page()
    login(page, "boss@ops.example")
    page.goto("/domains/")
    page.screenshot(path=shots / "domains.png", full_page=True)
    page.goto("/mailboxes/")
    page.fill("input[type=search]", "bob")
    page.click("text=Show")
    assert page.locator("tbody tr").count() == 2
    page.goto("/audit/")
    page.screenshot(path=shots / "audit.png", full_page=True)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_360_pixel_phone_needs_no_sideways_scrolling(cast, open_page, shots, dark):
    page = open_page(width=360, height=740, dark=dark)
    login(page, "admin@a.example")
    for url in ("/dashboard/", "/domains/a.example/", "/mailboxes/new/?domain=a.example"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} is {width}px wide"
    page.goto("/mailboxes/?domain=a.example")
    scheme = "dark" if dark else "light"
    page.screenshot(path=shots / f"phone-mailboxes-{scheme}.png", full_page=True)
