"""API tokens in the panel: a superadmin manages every token, a domain admin only their own,
for their own domains; the token is shown once, in a page nobody caches, and then only its
prefix."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from mailwarden.admins.models import Admin
from mailwarden.audit.models import AuditEvent
from mailwarden.tokens.models import ApiToken
from mailwarden.tokens.secrets import digest_of, prefix_of
from tests.tokens.support import make_token
from tests.web.conftest import client_for, page
from tests.web.test_query_counts import count

PAYLOAD = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 5
    settings.MAILWARDEN_LOGIN_ALLOWLIST = []


@pytest.fixture
def three(cast) -> dict[str, str]:
    """One token each for the superadmin, the admin of a.example and the admin of b.example."""
    return {
        "boss": make_token("deploy", owner="boss@ops.example"),
        "a": make_token("shop-a", owner="admin@a.example", domains=["a.example"]),
        "b": make_token("shop-b", owner="admin@b.example"),
    }


def rows() -> list[tuple]:
    """Every token row as stored, to prove a refused request changed none of them."""
    return list(ApiToken.objects.order_by("pk").values_list())


def ping(secret: str):
    """A JSON-RPC ``ping`` with the token, as a script would send it."""
    return Client().post(
        "/rpc",
        data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": "ping"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


def shown_secret(body: str) -> str:
    """The token from the value of the read-only field of the page shown after creation."""
    start = body.index('id="new-token"')
    value = body.index('value="', start) + len('value="')
    return body[value : body.index('"', value)]


# Listing


def test_a_superadmin_lists_every_token(boss, three):
    body = page(boss.get("/tokens/"))
    for secret in three.values():
        assert prefix_of(secret) in body
    for text in ("deploy", "shop-a", "shop-b", "admin@b.example"):
        assert text in body


def test_a_domain_admin_lists_only_their_own_tokens(admin_a, three):
    body = page(admin_a.get("/tokens/"))
    assert prefix_of(three["a"]) in body
    assert prefix_of(three["boss"]) not in body
    assert prefix_of(three["b"]) not in body
    assert "deploy" not in body
    assert "shop-b" not in body


def test_the_list_shows_what_a_token_may_do_and_its_last_use(boss, cast):
    secret = make_token(
        "ci",
        scopes=("read", "delete"),
        domains=["a.example"],
        networks=["127.0.0.0/8", "192.0.2.0/24"],
        expires_days=30,
    )
    assert ping(secret).status_code == 200  # records the last use, from 127.0.0.1
    body = page(boss.get("/tokens/"))
    assert "read</span>" in body
    assert "delete</span>" in body
    assert "write</span>" not in body
    assert "192.0.2.0/24" in body
    assert "a.example" in body
    assert ApiToken.objects.get().expires.strftime("%Y-%m-%d %H:%M") in body
    assert "127.0.0.1" in body


def test_revoked_tokens_are_listed_only_on_request(boss, cast):
    prefix = prefix_of(make_token("old"))
    boss.post(f"/tokens/{prefix}/revoke/")
    assert prefix not in page(boss.get("/tokens/"))
    body = page(boss.get("/tokens/?revoked=1"))
    assert prefix in body
    assert "revoked " in body


def test_the_list_costs_the_same_with_3_or_40_tokens(admin_a, cast):
    for i in range(3):
        make_token(f"t{i}", owner="admin@a.example", domains=["a.example"])
    few = count(admin_a, "/tokens/?revoked=1")
    for i in range(3, 40):
        make_token(f"t{i}", owner="admin@a.example", domains=["a.example"])
    assert count(admin_a, "/tokens/?revoked=1") == few


# Creating


def test_a_superadmin_creates_a_token_for_a_domain_admin(boss, cast):
    response = boss.post(
        "/tokens/new/",
        {
            "name": "billing",
            "owner": "admin@a.example",
            "scopes": ["read", "write"],
            "domains": "a.example",
            "networks": "192.0.2.0/24\n2001:db8::/32",
            "expires_days": "30",
        },
    )
    secret = shown_secret(page(response))
    token = ApiToken.objects.get(name="billing")
    assert token.owner.email == "admin@a.example"
    assert token.scopes == {"read", "write"}
    assert [d.name for d in token.domains.all()] == ["a.example"]
    assert token.allowed_networks == ["192.0.2.0/24", "2001:db8::/32"]
    assert token.expires is not None
    assert token.digest == digest_of(secret)


def test_a_superadmins_token_with_no_domains_reaches_all(boss, cast):
    boss.post("/tokens/new/", {"name": "all", "owner": "boss@ops.example", "scopes": ["read"]})
    token = ApiToken.objects.get(name="all")
    assert not token.domain_restricted
    assert token.owner.email == "boss@ops.example"


def test_the_token_is_shown_once_uncached_and_works_against_rpc(admin_a, cast, caplog):
    caplog.set_level(logging.DEBUG)
    response = admin_a.post("/tokens/new/", {"name": "shop", "scopes": ["read"]})
    body = page(response)
    secret = shown_secret(body)
    assert secret.startswith(ApiToken.objects.get().prefix + "_")
    assert "Copy it now." in body
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control
    # Nowhere else: not in a redirect, the session (and so the messages), cookies, logs.
    assert secret not in str(dict(response.items()))
    assert secret not in json.dumps(dict(admin_a.session.items()), default=str)
    assert all(secret not in morsel.value for morsel in admin_a.cookies.values())
    assert secret not in caplog.text
    assert secret not in str([e.to_dict() for e in AuditEvent.objects.all()])
    assert secret not in page(admin_a.get("/tokens/"))

    answer = ping(secret)
    assert answer.status_code == 200
    assert answer.json()["result"]["actor"] == "token:shop"


def test_creating_again_by_reloading_is_refused(admin_a, cast):
    """A reload re-sends the form: the name is taken, so no second token and no secret."""
    first = page(admin_a.post("/tokens/new/", {"name": "shop", "scopes": ["read"]}))
    again = page(admin_a.post("/tokens/new/", {"name": "shop", "scopes": ["read"]}))
    assert "already has an active token named shop" in again
    assert shown_secret(first) not in again
    assert ApiToken.objects.count() == 1


def test_a_domain_admin_ticks_only_among_their_domains(admin_a, cast):
    body = page(admin_a.get("/tokens/new/"))
    assert 'value="a.example"' in body
    assert "b.example" not in body
    assert 'name="owner"' not in body


def test_a_domain_admin_cannot_create_a_token_for_another_domain(admin_a, cast):
    body = page(
        admin_a.post("/tokens/new/", {"name": "x", "scopes": ["read"], "domains": "b.example"})
    )
    assert "new-token" not in body
    assert not ApiToken.objects.exists()


def test_a_domain_admin_cannot_create_a_token_for_another_admin(admin_a, cast):
    """A forged ``owner`` field is no field of theirs: the token is their own."""
    admin_a.post("/tokens/new/", {"name": "x", "scopes": ["read"], "owner": "boss@ops.example"})
    assert list(ApiToken.objects.values_list("owner__email", flat=True)) == ["admin@a.example"]


def test_the_service_refuses_a_domain_beyond_the_owners_next_to_the_field(boss, cast):
    """Even a superadmin cannot give admin@a.example a token for b.example."""
    response = boss.post(
        "/tokens/new/",
        {"name": "x", "owner": "admin@a.example", "scopes": ["read"], "domains": "b.example"},
    )
    body = page(response)
    assert "domain b.example not found" in body
    assert "nonfield" not in body
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x", "owner": "boss@ops.example"}, "at least one of"),
        ({"name": "x", "owner": "nobody@ops.example", "scopes": ["read"]}, "not found"),
        ({"name": "bad name", "owner": "boss@ops.example", "scopes": ["read"]}, "letters"),
        (
            {"name": "x", "owner": "boss@ops.example", "scopes": ["read"], "networks": "10/33"},
            "not an IP address",
        ),
        (
            {"name": "x", "owner": "boss@ops.example", "scopes": ["read"], "expires_days": "0"},
            "between 1 and 3650",
        ),
    ],
)
def test_the_services_refusals_show_on_the_form(boss, cast, data, message):
    body = page(boss.post("/tokens/new/", data))
    assert message in body
    assert not ApiToken.objects.exists()


def test_markup_in_a_refused_token_form_renders_inert(boss, admin_a, cast):
    for client, data in (
        (boss, {"name": PAYLOAD, "owner": "boss@ops.example", "scopes": ["read"]}),
        (boss, {"name": "x", "owner": PAYLOAD, "scopes": ["read"]}),
        (boss, {"name": "x", "owner": "boss@ops.example", "scopes": ["read"], "domains": PAYLOAD}),
        (admin_a, {"name": PAYLOAD, "scopes": ["read"], "domains": PAYLOAD}),
    ):
        body = page(client.post("/tokens/new/", data))
        assert PAYLOAD not in body
        assert "&lt;script&gt;" in body
    assert not ApiToken.objects.exists()


# Revoking


def test_revoking_asks_on_get_and_acts_only_on_post(boss, three):
    prefix = prefix_of(three["a"])
    before = rows()
    assert "Revoke token shop-a?" in page(boss.get(f"/tokens/{prefix}/revoke/"))
    assert rows() == before

    response = boss.post(f"/tokens/{prefix}/revoke/")
    assert response["Location"] == "/tokens/"
    token = ApiToken.objects.get(prefix=prefix)
    assert token.revoked is not None
    assert AuditEvent.objects.filter(action="token.revoke", actor="boss@ops.example").exists()
    assert "Token shop-a of admin@a.example revoked." in page(boss.get("/tokens/"))


def test_a_revoked_token_is_refused_by_rpc(admin_a, three):
    assert ping(three["a"]).status_code == 200
    admin_a.post(f"/tokens/{prefix_of(three['a'])}/revoke/")
    assert ping(three["a"]).status_code == 401
    assert ping(three["boss"]).status_code == 200


def test_a_revoked_token_cannot_be_revoked_again(boss, three):
    prefix = prefix_of(three["boss"])
    boss.post(f"/tokens/{prefix}/revoke/")
    assert boss.get(f"/tokens/{prefix}/revoke/").status_code == 404
    assert boss.post(f"/tokens/{prefix}/revoke/").status_code == 404


def test_a_revoked_name_can_be_given_to_a_new_token(admin_a, three):
    admin_a.post(f"/tokens/{prefix_of(three['a'])}/revoke/")
    page(admin_a.post("/tokens/new/", {"name": "shop-a", "scopes": ["read"]}))
    assert ApiToken.objects.filter(name="shop-a").count() == 2
    assert ApiToken.objects.filter(name="shop-a", revoked__isnull=True).count() == 1


@pytest.mark.parametrize("whose", ["boss", "b"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_domain_admin_cannot_see_or_revoke_others_tokens(admin_a, three, whose, method):
    """404 exactly as for a token that does not exist, and no row changes."""
    before = rows()
    events = AuditEvent.objects.count()
    call = getattr(admin_a, method)
    response = call(f"/tokens/{prefix_of(three[whose])}/revoke/")
    missing = call("/tokens/mw_00000000/revoke/")
    assert response.status_code == 404
    assert response.content == missing.content
    assert rows() == before
    assert AuditEvent.objects.count() == events
    assert ping(three[whose]).status_code == 200


def test_the_other_domain_admin_is_as_blind_to_a(three):
    admin_b = client_for("admin@b.example")
    assert prefix_of(three["a"]) not in page(admin_b.get("/tokens/"))
    assert admin_b.post(f"/tokens/{prefix_of(three['a'])}/revoke/").status_code == 404
    assert ApiToken.objects.get(name="shop-a").revoked is None


# CSRF


@pytest.mark.parametrize("who", ["boss@ops.example", "admin@a.example"])
def test_a_cross_site_post_creates_and_revokes_nothing(three, who):
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(Admin.objects.get(email=who))
    before = rows()
    created = forger.post("/tokens/new/", {"name": "evil", "owner": who, "scopes": ["read"]})
    revoked = forger.post(f"/tokens/{prefix_of(three['a'])}/revoke/")
    assert created.status_code == 403
    assert revoked.status_code == 403
    assert rows() == before
