"""The admin of a.example against every object of b.example: 404 exactly as for a missing
object, on every URL and method, and not one row changed."""

import pytest
from django.urls import reverse

from mailwarden.domains.services import aliasdomain_create
from tests.web.test_access_rules import SAMPLES

OBJECT_ROUTES = [
    name
    for name, kwargs in SAMPLES.items()
    if kwargs and name not in ("static", "admin_password", "admin_delete", "admin_detail")
]
# (``/mailboxes/new/?domain=b.example`` only pre-fills a text field: it reveals nothing.)
FILTERED_LISTS = [
    "/mailboxes/?domain=b.example",
    "/aliases/?domain=b.example",
    "/aliasdomains/?target=b.example",
]
# What a hostile form could carry: every field pointing into b.example.
HOSTILE = {
    "name": "hijacked",
    "description": "hijacked",
    "quota": "1G",
    "active": "on",
    "password": "taken over password",
    "targets": "evil@elsewhere.example",
    "confirm": "b.example",
}


@pytest.fixture
def world(cast):
    for name in ("a.example", "b.example"):
        aliasdomain_create(actor=cast.root, name=f"alias-of-{name}", target=name)
    return cast


@pytest.mark.parametrize("name", OBJECT_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_object_of_b_is_not_found_for_the_admin_of_a(world, admin_a, unchanged, name, method):
    """404, or 405 where the route takes no such method at all, exactly as for a missing one."""
    call = getattr(admin_a, method)
    data = HOSTILE if method == "post" else None
    with unchanged():
        response = call(reverse(f"web:{name}", kwargs=SAMPLES[name]), data)
        missing = call(reverse(f"web:{name}", kwargs=_missing(SAMPLES[name])), data)
    assert response.status_code in (404, 405)
    assert response.status_code == missing.status_code
    assert response.content == missing.content


def _missing(kwargs):
    return {key: value.replace("b.example", "zz.example") for key, value in kwargs.items()}


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_a_missing_object_answers_the_same_404(world, boss, name):
    response = boss.get(reverse(f"web:{name}", kwargs=_missing(SAMPLES[name])))
    assert response.status_code == (405 if name == "domain_set_active" else 404)


@pytest.mark.parametrize("url", FILTERED_LISTS)
def test_lists_filtered_on_b_are_not_found(world, admin_a, url):
    assert admin_a.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/domains/", "/mailboxes/", "/aliases/", "/aliasdomains/", "/audit/", "/dashboard/"]
)
def test_no_list_shows_anything_of_b(world, admin_a, url):
    body = admin_a.get(url).content.decode()
    assert "a.example" in body
    assert "b.example" not in body


@pytest.mark.parametrize("url", ["/mailboxes/?q=@b.ex", "/aliases/?q=@b.ex", "/domains/?q=b.ex"])
def test_searches_find_nothing_of_b(world, admin_a, url):
    body = admin_a.get(url).content.decode()
    assert "b.example" not in body
    assert "Nothing here." in body


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (
            "/mailboxes/new/",
            {"local_part": "x", "domain": "b.example", "password": "long enough pw"},
        ),
        ("/aliases/new/", {"local_part": "x", "domain": "b.example", "targets": "alice@a.example"}),
        ("/aliases/new/", {"catch_all": "on", "domain": "b.example", "targets": "alice@a.example"}),
    ],
)
def test_creating_in_b_is_refused_as_not_found_and_changes_nothing(
    world, admin_a, unchanged, url, data
):
    with unchanged():
        body = admin_a.post(url, data).content.decode()
    assert "domain b.example not found" in body


def test_the_audit_filter_on_b_shows_nothing(world, admin_a):
    body = admin_a.get("/audit/?domain=b.example").content.decode()
    assert "bob@b.example" not in body
