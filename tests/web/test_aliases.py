"""Aliases and alias domains in the panel."""

from mailwarden.addresses.models import Address
from mailwarden.domains.models import Domain
from tests.web.conftest import page


def targets_of(email):
    return list(Address.objects.get(email=email).targets.values_list("target", flat=True))


def test_a_domain_admin_creates_an_alias_with_several_targets(admin_a):
    response = admin_a.post(
        "/aliases/new/",
        {
            "local_part": "sales",
            "domain": "a.example",
            "targets": "alice@a.example, bob@a.example\nout@elsewhere.example",
            "active": "on",
        },
    )
    assert response["Location"] == "/aliases/sales@a.example/"
    assert targets_of("sales@a.example") == [
        "alice@a.example",
        "bob@a.example",
        "out@elsewhere.example",
    ]


def test_a_domain_admin_creates_its_domains_catch_all(admin_a):
    admin_a.post(
        "/aliases/new/",
        {"catch_all": "on", "domain": "a.example", "targets": "alice@a.example", "active": "on"},
    )
    assert targets_of("@a.example") == ["alice@a.example"]
    assert "catch-all @a.example" in page(admin_a.get("/aliases/?domain=a.example"))
    assert admin_a.get("/aliases/@a.example/").status_code == 200


def test_an_alias_needs_a_name_or_the_catch_all_box(admin_a, unchanged):
    with unchanged():
        body = page(
            admin_a.post("/aliases/new/", {"domain": "a.example", "targets": "alice@a.example"})
        )
    assert "tick catch-all" in body


def test_an_alias_cannot_shadow_a_mailbox(admin_a, unchanged):
    with unchanged():
        body = page(
            admin_a.post(
                "/aliases/new/",
                {"local_part": "alice", "domain": "a.example", "targets": "bob@a.example"},
            )
        )
    assert "already exists as a mailbox" in body


def test_edit_replaces_targets_and_state(admin_a):
    admin_a.post("/aliases/info@a.example/", {"targets": "bob@a.example", "active": ""})
    assert targets_of("info@a.example") == ["bob@a.example"]
    assert not Address.objects.get(email="info@a.example").active


def test_delete_on_post(admin_a):
    assert (
        admin_a.post("/aliases/info@a.example/delete/")["Location"] == "/aliases/?domain=a.example"
    )
    assert not Address.objects.filter(email="info@a.example").exists()


def test_a_superadmin_adds_and_deletes_an_alias_domain(boss):
    boss.post(
        "/aliasdomains/new/", {"name": "a-alias.example", "target": "a.example", "active": "on"}
    )
    assert Domain.objects.get(name="a-alias.example").alias_target.name == "a.example"
    assert "a-alias.example" in page(boss.get("/aliasdomains/?target=a.example"))
    boss.post("/aliasdomains/a-alias.example/delete/")
    assert not Domain.objects.filter(name="a-alias.example").exists()


def test_a_domain_admin_sees_its_alias_domains_but_cannot_add_one(cast, boss, admin_a):
    boss.post(
        "/aliasdomains/new/", {"name": "a-alias.example", "target": "a.example", "active": "on"}
    )
    assert "a-alias.example" in page(admin_a.get("/aliasdomains/"))
    assert admin_a.get("/aliasdomains/new/").status_code == 404
