"""Admin accounts in the panel (superadmins only) and the protected first superadmin."""

from mailwarden.admins.models import Admin
from tests.web.conftest import page


def test_a_superadmin_creates_a_domain_admin(boss):
    response = boss.post(
        "/admins/new/",
        {"email": "helper@a.example", "password": "helper's long pass", "domains": "a.example"},
    )
    assert response.status_code == 302
    admin = Admin.objects.get(email="helper@a.example")
    assert [m.domain.name for m in admin.domain_memberships.all()] == ["a.example"]


def test_a_domain_admin_needs_a_domain(boss, unchanged):
    with unchanged():
        body = page(
            boss.post(
                "/admins/new/", {"email": "helper@a.example", "password": "helper's long pass"}
            )
        )
    assert "at least one domain" in body


def test_a_superadmin_moves_an_admin_to_other_domains_and_deactivates_it(boss):
    boss.post("/admins/admin@a.example/", {"domains": "a.example\nb.example", "active": ""})
    admin = Admin.objects.get(email="admin@a.example")
    assert not admin.is_active
    assert sorted(m.domain.name for m in admin.domain_memberships.all()) == [
        "a.example",
        "b.example",
    ]


def test_the_protected_superadmin_cannot_be_demoted_or_deleted(cast, boss, unchanged):
    boss.post(
        "/admins/new/",
        {"email": "two@ops.example", "password": "second long pass", "is_superadmin": "on"},
    )
    from tests.web.conftest import client_for

    second = client_for("two@ops.example")
    with unchanged():
        demoted = page(
            second.post("/admins/boss@ops.example/", {"domains": "a.example", "active": "on"})
        )
        deleted = page(second.post("/admins/boss@ops.example/delete/"))
        password = page(
            second.post("/admins/boss@ops.example/password/", {"password": "taken over now"})
        )
    for body in (demoted, deleted, password):
        assert "protected first superadmin" in body


def test_a_superadmin_deletes_another_admin_on_post(boss):
    boss.post("/admins/admin@b.example/delete/")
    assert not Admin.objects.filter(email="admin@b.example").exists()
