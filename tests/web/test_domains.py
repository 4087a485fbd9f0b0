"""Domains in the panel: list, create, edit, disable, delete."""

from mailwarden.addresses.models import Address
from mailwarden.domains.models import Domain
from tests.web.conftest import page


def test_the_list_searches_filters_and_sorts_in_sql(boss, cast):
    Domain.objects.filter(name="b.example").update(active=False)
    assert "b.example" not in page(boss.get("/domains/?q=a.ex"))
    active = page(boss.get("/domains/?active=1"))
    assert "a.example" in active
    assert "b.example" not in active
    body = page(boss.get("/domains/?order=-name"))
    assert body.index("b.example") < body.index("a.example")


def test_the_list_pages_by_fifty(boss, cast):
    Domain.objects.bulk_create([Domain(name=f"d{n:03}.example") for n in range(60)])
    first = page(boss.get("/domains/"))
    assert "1\u201350 of 62" in first
    assert "d047.example" in first
    assert "d049.example" not in first
    second = page(boss.get("/domains/?page=2"))
    assert "51\u201362 of 62" in second
    assert "d049.example" in second


def test_a_superadmin_creates_a_domain_with_limits_and_postmaster(boss):
    response = boss.post(
        "/domains/new/",
        {
            "name": "New.Example",
            "description": "shop",
            "active": "on",
            "create_postmaster": "on",
            "postmaster_to": "boss@ops.example",
            "max_mailboxes": "10",
            "max_aliases": "0",
            "max_quota": "2G",
            "total_quota": "10G",
            "default_quota": "1G",
        },
    )
    assert response["Location"] == "/domains/new.example/"
    domain = Domain.objects.get(name="new.example")
    assert (domain.max_mailboxes, domain.max_quota_bytes) == (10, 2 * 1024**3)
    assert Address.objects.filter(email="postmaster@new.example").exists()


def test_a_bad_domain_name_or_size_is_shown_on_its_field(boss, unchanged):
    with unchanged():
        name = page(boss.post("/domains/new/", {"name": "$(id).x"}))
        size = page(boss.post("/domains/new/", {"name": "ok.example", "max_quota": "lots"}))
    assert "not a valid domain name" in name
    assert "is not a size" in size


def test_an_existing_domain_is_a_form_error(boss, unchanged):
    with unchanged():
        body = page(
            boss.post(
                "/domains/new/", {"name": "a.example", "max_mailboxes": "0", "max_aliases": "0"}
            )
        )
    assert "already exists" in body


def test_the_detail_shows_limits_and_usage(boss):
    Domain.objects.filter(name="a.example").update(max_mailboxes=5)
    body = page(boss.get("/domains/a.example/"))
    assert "2 / 5" in body
    assert "<meter" in body


def test_a_superadmin_edits_limits_and_a_domain_admin_only_the_description(boss, admin_a):
    boss.post(
        "/domains/a.example/edit/",
        {
            "description": "x",
            "active": "on",
            "max_mailboxes": "7",
            "max_aliases": "0",
            "max_quota": "0",
            "total_quota": "0",
            "default_quota": "0",
        },
    )
    assert Domain.objects.get(name="a.example").max_mailboxes == 7
    form = page(admin_a.get("/domains/a.example/edit/"))
    assert "max_mailboxes" not in form
    admin_a.post(
        "/domains/a.example/edit/", {"description": "ours", "max_mailboxes": "999", "active": ""}
    )
    domain = Domain.objects.get(name="a.example")
    assert (domain.description, domain.max_mailboxes, domain.active) == ("ours", 7, True)


def test_limits_below_usage_are_refused_on_the_field(boss, unchanged):
    with unchanged():
        body = page(
            boss.post(
                "/domains/a.example/edit/",
                {
                    "description": "",
                    "active": "on",
                    "max_mailboxes": "1",
                    "max_aliases": "0",
                    "max_quota": "0",
                    "total_quota": "0",
                    "default_quota": "0",
                },
            )
        )
    assert "already has 2 mailboxes" in body


def test_a_superadmin_disables_and_enables_a_domain_by_post_only(boss):
    assert boss.get("/domains/a.example/active/").status_code == 405
    boss.post("/domains/a.example/active/", {"active": "0"})
    assert not Domain.objects.get(name="a.example").active
    boss.post("/domains/a.example/active/", {"active": "1"})
    assert Domain.objects.get(name="a.example").active


def test_the_delete_page_counts_what_goes(boss):
    body = page(boss.get("/domains/a.example/delete/"))
    assert "<strong>2</strong> mailboxes" in body
    assert "<strong>2</strong> aliases" in body
    assert "<strong>0</strong> alias domains" in body
    assert "admin@a.example (their only domain: the account is deactivated)" in body


def test_delete_needs_the_domain_name_typed(boss, unchanged):
    with unchanged():
        body = page(boss.post("/domains/a.example/delete/", {"confirm": "b.example"}))
    assert "not the domain" in body
    response = boss.post("/domains/a.example/delete/", {"confirm": "A.example"})
    assert response.status_code == 302
    assert not Domain.objects.filter(name="a.example").exists()
    assert not Address.objects.filter(domain__name="a.example").exists()


def test_the_domain_of_the_protected_superadmin_cannot_be_deleted(boss, cast, unchanged):
    boss.post("/domains/new/", {"name": "ops.example", "max_mailboxes": "0", "max_aliases": "0"})
    with unchanged():
        body = page(boss.post("/domains/ops.example/delete/", {"confirm": "ops.example"}))
    assert "protected first superadmin" in body
