"""Deny by default: every route declares who may call it, and the declaration holds."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mailwarden.web.access import ADMIN, LEVELS, PUBLIC, SUPERADMIN, access_of

# Routes outside the panel, by the name prefix of their route, with the reason they carry
# no panel access rule. Any other route without a rule fails the test below.
OTHER_DOORS = {
    "status": "the public liveness page: read-only text, no data",
    "api-": "the bearer-token APIs (JSON-RPC, MCP, REST and its docs): each endpoint "
    "authenticates its token itself, and the API's own tests walk those routes",
}

# One example of every panel route, with arguments naming objects of b.example.
SAMPLES = {
    "setup": {},
    "home": {},
    "login": {},
    "logout": {},
    "own_password": {},
    "login_code": {},
    "login_enrol": {},
    "login_enrol_begin": {},
    "two_factor": {},
    "two_factor_begin": {},
    "two_factor_confirm": {},
    "two_factor_disable": {},
    "static": {"name": "app.css"},
    "dashboard": {},
    "domain_index": {},
    "domain_new": {},
    "domain_detail": {"name": "b.example"},
    "domain_edit": {"name": "b.example"},
    "domain_set_active": {"name": "b.example"},
    "domain_delete": {"name": "b.example"},
    "mailbox_index": {},
    "mailbox_new": {},
    "mailbox_password": {"address": "bob@b.example"},
    "mailbox_forwarding": {"address": "bob@b.example"},
    "mailbox_delete": {"address": "bob@b.example"},
    "mailbox_detail": {"address": "bob@b.example"},
    "alias_index": {},
    "alias_new": {},
    "alias_delete": {"address": "info@b.example"},
    "alias_detail": {"address": "info@b.example"},
    "aliasdomain_index": {},
    "aliasdomain_new": {},
    "aliasdomain_delete": {"name": "alias-of-b.example"},
    "admin_index": {},
    "admin_new": {},
    "admin_password": {"email": "admin@b.example"},
    "admin_delete": {"email": "admin@b.example"},
    "admin_detail": {"email": "admin@b.example"},
    "audit_index": {},
    "token_index": {},
    "token_new": {},
    "token_revoke": {"prefix": "mw_0b0b0b0b"},
}


def all_patterns(resolver=None, namespace=""):
    """(qualified name, view) of every route, however deeply included."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry.callback


def panel_routes(level):
    for name, view in all_patterns():
        if name.startswith("web:") and access_of(view) == level:
            yield name


def test_every_route_declares_its_access_rule():
    missing = [
        name
        for name, view in all_patterns()
        if access_of(view) not in LEVELS
        and (name.startswith("web:") or not name.startswith(tuple(OTHER_DOORS)))
    ]
    assert missing == [], f"routes without an access rule: {missing}"


def test_every_panel_route_has_an_example_here():
    names = {name.removeprefix("web:") for name, _ in all_patterns() if name.startswith("web:")}
    assert names == set(SAMPLES)


def test_only_the_root_setup_login_and_asset_routes_are_public():
    """The root only redirects to the dashboard, which itself requires a login; the second
    login steps act only on the admin their session holds after the password step."""
    assert set(panel_routes(PUBLIC)) == {
        "web:home",
        "web:setup",
        "web:login",
        "web:login_code",
        "web:login_enrol",
        "web:login_enrol_begin",
        "web:static",
    }


@pytest.mark.parametrize("name", [*panel_routes(ADMIN), *panel_routes(SUPERADMIN)])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(cast, name, method, unchanged):
    url = reverse(name, kwargs=SAMPLES[name.removeprefix("web:")])
    with unchanged():
        response = getattr(Client(), method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("name", list(panel_routes(SUPERADMIN)))
@pytest.mark.parametrize("method", ["get", "post"])
def test_superadmin_routes_answer_404_to_a_domain_admin(admin_a, name, method, unchanged):
    url = reverse(name, kwargs=SAMPLES[name.removeprefix("web:")])
    with unchanged():
        assert getattr(admin_a, method)(url).status_code == 404


def test_no_get_changes_anything(cast, unchanged):
    """State changes never on GET: the superadmin GETs every panel route."""
    from tests.web.conftest import client_for

    boss = client_for("boss@ops.example")
    with unchanged():
        for name, _view in all_patterns():
            if name.startswith("web:") and name != "web:logout":
                boss.get(reverse(name, kwargs=SAMPLES[name.removeprefix("web:")]))
