"""``token_authenticate``: from a bearer token to an actor, or a refusal that counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mailwarden.audit.models import AuditEvent
from mailwarden.core.errors import TooManyAttempts
from mailwarden.domains.models import Domain
from mailwarden.tokens.authentication import Unauthenticated, token_authenticate
from mailwarden.tokens.models import ApiToken
from mailwarden.tokens.services import token_revoke
from tests.tokens.support import make_token

IP = "203.0.113.7"


def test_a_superadmins_token_acts_as_a_superadmin_labelled_with_its_name(cast):
    actor = token_authenticate(make_token("ci"), IP, door="rpc")
    assert actor.is_superadmin
    assert actor.label == "token:ci"
    assert actor.door == "rpc"
    assert actor.source_ip == IP
    assert actor.admin.email == "boss@ops.example"
    assert actor.scopes == {"read", "write", "delete"}


def test_a_domain_list_narrows_a_superadmins_token_to_those_domains(cast):
    actor = token_authenticate(make_token(domains=["a.example"]), IP)
    assert not actor.is_superadmin
    assert actor.domain_ids == {Domain.objects.get(name="a.example").pk}


def test_a_domain_admins_token_never_reaches_beyond_the_owners_domains_now(cast):
    """The owner's rights are read at each use: a domain taken away is gone for the token."""
    from mailwarden.admins.services import admin_update
    from mailwarden.domains.services import domain_create

    domain_create(actor=cast.root, name="c.example", create_postmaster=False)
    admin_update(actor=cast.root, email="admin@a.example", domains=["a.example", "c.example"])
    secret = make_token(owner="admin@a.example", domains=["a.example", "c.example"])
    admin_update(actor=cast.root, email="admin@a.example", domains=["c.example"])
    actor = token_authenticate(secret, IP)
    assert actor.domain_ids == {Domain.objects.get(name="c.example").pk}


def test_a_token_whose_domains_are_all_deleted_reaches_nothing(cast):
    """Regression guard: an emptied domain list must not widen into "every domain"."""
    from mailwarden.domains.services import domain_create, domain_delete

    domain_create(actor=cast.root, name="c.example", create_postmaster=False)
    secret = make_token(domains=["c.example"])
    domain_delete(actor=cast.root, name="c.example")
    actor = token_authenticate(secret, IP)
    assert not actor.is_superadmin
    assert actor.domain_ids == frozenset()


def test_it_records_the_last_use(cast):
    secret = make_token()
    token_authenticate(secret, IP)
    token = ApiToken.objects.get()
    assert token.last_used is not None
    assert token.last_used_ip == IP


def _tampered(secret: str) -> str:
    last = "A" if secret[-1] != "A" else "B"
    return secret[:-1] + last


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(_tampered, id="tampered"),
        pytest.param(lambda s: s[:-1], id="truncated"),
        pytest.param(lambda s: "mw_00000000_" + s[12:], id="unknown-prefix"),
        pytest.param(lambda s: "garbage", id="garbage"),
        pytest.param(lambda s: s.upper(), id="upper-case"),
    ],
)
def test_it_refuses_a_spoiled_token(cast, spoil):
    secret = make_token()
    with pytest.raises(Unauthenticated):
        token_authenticate(spoil(secret), IP)
    assert AuditEvent.objects.filter(action="token.auth_failure", source_ip=IP).count() == 1


def test_it_refuses_a_revoked_token(cast):
    secret = make_token("ci")
    token_revoke(actor=cast.root, name="ci", owner_email="boss@ops.example")
    with pytest.raises(Unauthenticated):
        token_authenticate(secret, IP)
    event = AuditEvent.objects.get(action="token.auth_failure")
    assert event.after == {"reason": "revoked"}
    assert event.actor == "token:ci"


def test_it_refuses_an_expired_token(cast):
    secret = make_token(expires_days=1)
    ApiToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Unauthenticated):
        token_authenticate(secret, IP)
    assert AuditEvent.objects.get(action="token.auth_failure").after == {"reason": "expired"}


def test_it_refuses_a_token_of_a_deactivated_owner(cast):
    from mailwarden.admins.services import admin_update

    secret = make_token(owner="admin@a.example")
    admin_update(actor=cast.root, email="admin@a.example", active=False)
    with pytest.raises(Unauthenticated):
        token_authenticate(secret, IP)


def test_it_accepts_only_addresses_in_the_allow_list(cast):
    secret = make_token(networks=["198.51.100.0/24", "2001:db8::/32"])
    token_authenticate(secret, "198.51.100.20")
    token_authenticate(secret, "2001:db8::1")
    with pytest.raises(Unauthenticated):
        token_authenticate(secret, IP)
    assert AuditEvent.objects.get(action="token.auth_failure").after == {
        "reason": "address_not_allowed"
    }


def test_failures_lock_the_ip_and_then_even_a_good_token_is_refused(cast):
    secret = make_token()
    for _ in range(3):
        with pytest.raises(Unauthenticated):
            token_authenticate(_tampered(secret), IP)
    with pytest.raises(TooManyAttempts) as caught:
        token_authenticate(secret, IP)
    assert caught.value.retry_after > 0
    assert AuditEvent.objects.filter(action="token.lockout").count() == 1
    token_authenticate(secret, "198.51.100.1")


def test_last_use_is_written_once_a_minute_and_whenever_the_address_changes(cast):
    """Time and address of the last use, without one update of the token's row per call;
    authenticating writes no audit event (the doors audit each call, tests/api)."""
    secret = make_token("ci")
    token_authenticate(secret, IP)
    first = ApiToken.objects.get().last_used
    token_authenticate(secret, IP)
    assert ApiToken.objects.get().last_used == first
    token_authenticate(secret, "198.51.100.9")
    token = ApiToken.objects.get()
    assert (token.last_used_ip, token.last_used > first) == ("198.51.100.9", True)
    ApiToken.objects.update(last_used=timezone.now() - timedelta(minutes=2))
    token_authenticate(secret, "198.51.100.9")
    assert timezone.now() - ApiToken.objects.get().last_used < timedelta(minutes=1)
    assert not AuditEvent.objects.filter(actor="token:ci").exists()


def test_a_superadmins_token_in_use_costs_two_lookups_that_sort_nothing(
    cast, django_assert_num_queries
):
    """Every API call pays for this: the throttle check and the token with its owner, no
    write while its last use is recent, and no ORDER BY on a lookup of one unique row."""
    secret = make_token("ci")
    token_authenticate(secret, IP)
    with django_assert_num_queries(2) as queries:
        token_authenticate(secret, IP)
    token_lookup = queries.captured_queries[1]["sql"]
    assert "mailwarden_api_token" in token_lookup
    assert "ORDER BY" not in token_lookup
