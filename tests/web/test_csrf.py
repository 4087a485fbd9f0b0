"""A cross-site POST (no CSRF token) changes nothing, on every state-changing route."""

import pytest
from django.test import Client
from django.urls import reverse

from mailwarden.admins.models import Admin
from tests.web.test_access_rules import SAMPLES
from tests.web.test_isolation import HOSTILE

# Every route that accepts a POST, with an object of a.example the superadmin may change.
POSTS = [
    "logout",
    "own_password",
    "two_factor_begin",
    "two_factor_confirm",
    "two_factor_disable",
    "domain_new",
    "domain_edit",
    "domain_set_active",
    "domain_delete",
    "mailbox_new",
    "mailbox_password",
    "mailbox_forwarding",
    "mailbox_delete",
    "mailbox_detail",
    "alias_new",
    "alias_delete",
    "alias_detail",
    "aliasdomain_new",
    "aliasdomain_delete",
    "admin_new",
    "admin_password",
    "admin_delete",
    "admin_detail",
    "token_new",
    "token_revoke",
]

# The public routes that accept a POST (tested just below).
PUBLIC_POSTS = ["setup", "login", "login_code", "login_enrol", "login_enrol_begin"]


def own(kwargs):
    return {k: v.replace("b.example", "a.example") for k, v in kwargs.items()}


@pytest.fixture
def forger(cast):
    """The superadmin's browser, as a hostile page would drive it: cookies, no token."""
    from mailwarden.domains.services import aliasdomain_create

    aliasdomain_create(actor=cast.root, name="alias-of-a.example", target="a.example")
    client = Client(enforce_csrf_checks=True)
    client.force_login(Admin.objects.get(email="boss@ops.example"))
    return client


@pytest.mark.parametrize("name", POSTS)
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(forger, unchanged, name):
    url = reverse(f"web:{name}", kwargs=own(SAMPLES[name]))
    with unchanged():
        response = forger.post(
            url, HOSTILE | {"email": "x@a.example", "local_part": "x", "domain": "a.example"}
        )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "url", ["/setup/", "/login/", "/login/code/", "/login/enrol/", "/login/enrol/begin/"]
)
def test_the_public_forms_need_the_token_too(cast, url):
    from tests.conftest import PASSWORD

    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"email": "boss@ops.example", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_every_other_route_refuses_posts(boss):
    """So the list above is complete: nothing else can change state with a POST."""
    from tests.web.test_access_rules import all_patterns

    for name, _view in all_patterns():
        short = name.removeprefix("web:")
        if name.startswith("web:") and short not in (*POSTS, *PUBLIC_POSTS):
            url = reverse(name, kwargs=own(SAMPLES[short]))
            assert boss.post(url).status_code == 405, name
