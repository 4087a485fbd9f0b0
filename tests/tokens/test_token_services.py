"""Creating and revoking API tokens: who may, what they may reach, what is stored."""

import hashlib

import pytest

from mailwarden.audit.models import AuditEvent
from mailwarden.core.errors import Conflict, Forbidden, Invalid, NotFound
from mailwarden.tokens.models import ApiToken
from mailwarden.tokens.services import token_create, token_revoke


def test_it_stores_only_the_prefix_and_the_digest_of_the_token(cast):
    created = token_create(
        actor=cast.root, name="billing", owner_email="boss@ops.example", scopes=["read"]
    )
    row = ApiToken.objects.get(name="billing")
    assert created.secret.startswith(row.prefix + "_")
    assert row.prefix.startswith("mw_")
    assert len(row.prefix) == 11
    assert row.digest == hashlib.sha256(created.secret.encode()).hexdigest()
    assert created.secret not in str(row.to_dict())


def test_it_audits_creation_without_the_token(cast):
    created = token_create(
        actor=cast.superadmin, name="billing", owner_email="admin@a.example", scopes=["read"]
    )
    event = AuditEvent.objects.get(action="token.create")
    assert event.object_repr == "admin@a.example:billing"
    assert created.secret not in str(event.to_dict())
    assert created.token.digest not in str(event.to_dict())


def test_a_domain_admin_creates_tokens_for_themself_by_default(cast):
    created = token_create(actor=cast.admin_a, name="shop", scopes=["read", "write"])
    assert created.token.owner.email == "admin@a.example"
    assert created.token.scopes == {"read", "write"}


def test_a_domain_admin_cannot_create_a_token_for_someone_else(cast, unchanged):
    with unchanged(), pytest.raises(Forbidden):
        token_create(actor=cast.admin_a, name="x", owner_email="boss@ops.example", scopes=["read"])
    assert not ApiToken.objects.exists()


def test_a_domain_admin_cannot_name_a_domain_outside_their_own(cast):
    with pytest.raises(NotFound):
        token_create(actor=cast.admin_a, name="x", scopes=["read"], domains=["b.example"])
    assert not ApiToken.objects.exists()


def test_a_token_cannot_name_a_domain_its_owner_does_not_manage(cast):
    """Even a superadmin cannot hand admin@a.example a token for b.example."""
    with pytest.raises(NotFound):
        token_create(
            actor=cast.superadmin,
            name="x",
            owner_email="admin@a.example",
            scopes=["read"],
            domains=["b.example"],
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"scopes": []}, "scopes"),
        ({"scopes": ["admin"]}, "scopes"),
        ({"name": "bad name"}, "name"),
        ({"name": ""}, "name"),
        ({"networks": ["10.0.0.0/33"]}, "networks"),
        ({"networks": ["not-an-ip"]}, "networks"),
        ({"expires_days": 0}, "expires_days"),
    ],
)
def test_it_refuses_bad_input_naming_the_field(cast, kwargs, field):
    arguments = {"name": "ok", "scopes": ["read"], "owner_email": "boss@ops.example"} | kwargs
    with pytest.raises(Invalid) as caught:
        token_create(actor=cast.root, **arguments)
    assert field in caught.value.fields


def test_it_refuses_a_second_active_token_of_the_same_name(cast):
    token_create(actor=cast.root, name="ci", owner_email="boss@ops.example", scopes=["read"])
    with pytest.raises(Conflict):
        token_create(actor=cast.root, name="ci", owner_email="boss@ops.example", scopes=["read"])


def test_two_owners_may_use_the_same_name(cast):
    token_create(actor=cast.root, name="ci", owner_email="boss@ops.example", scopes=["read"])
    token_create(actor=cast.root, name="ci", owner_email="admin@a.example", scopes=["read"])
    assert ApiToken.objects.filter(name="ci").count() == 2


def test_a_revoked_name_can_be_reused(cast):
    token_create(actor=cast.root, name="ci", owner_email="boss@ops.example", scopes=["read"])
    token_revoke(actor=cast.root, name="ci", owner_email="boss@ops.example")
    token_create(actor=cast.root, name="ci", owner_email="boss@ops.example", scopes=["read"])
    assert ApiToken.objects.filter(name="ci").count() == 2
    assert ApiToken.objects.filter(name="ci", revoked__isnull=True).count() == 1


def test_revoking_is_audited_and_marks_the_token(cast):
    token_create(actor=cast.root, name="ci", owner_email="boss@ops.example", scopes=["read"])
    token = token_revoke(actor=cast.superadmin, name="ci", owner_email="boss@ops.example")
    assert token.revoked is not None
    assert AuditEvent.objects.filter(action="token.revoke", actor="boss@ops.example").exists()


def test_a_domain_admin_cannot_revoke_another_admins_token(cast):
    token_create(actor=cast.root, name="ci", owner_email="admin@b.example", scopes=["read"])
    with pytest.raises(Forbidden):
        token_revoke(actor=cast.admin_a, name="ci", owner_email="admin@b.example")
    assert ApiToken.objects.get(name="ci").revoked is None


def test_revoking_an_unknown_token_is_not_found(cast):
    with pytest.raises(NotFound):
        token_revoke(actor=cast.root, name="nope", owner_email="boss@ops.example")


def test_the_database_refuses_a_token_without_a_scope(cast):
    from django.db import IntegrityError, transaction

    token_create(actor=cast.root, name="ci", owner_email="boss@ops.example", scopes=["read"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.objects.filter(name="ci").update(scope_read=False)


def test_revoking_by_prefix_reaches_only_the_tokens_the_actor_may_see(cast):
    """The panel names tokens by prefix: another admin's prefix is not found, like a missing one."""
    theirs = token_create(
        actor=cast.root, name="ci", owner_email="admin@b.example", scopes=["read"]
    )
    with pytest.raises(NotFound):
        token_revoke(actor=cast.admin_a, prefix=theirs.token.prefix)
    assert ApiToken.objects.get(name="ci").revoked is None
    token_revoke(actor=cast.admin_b, prefix=theirs.token.prefix)
    assert ApiToken.objects.get(name="ci").revoked is not None


def test_revoking_needs_a_name_or_a_prefix(cast):
    with pytest.raises(Invalid):
        token_revoke(actor=cast.root)


def test_a_refused_domain_names_the_domains_field(cast):
    with pytest.raises(NotFound) as caught:
        token_create(actor=cast.admin_a, name="x", scopes=["read"], domains=["b.example"])
    assert caught.value.fields == {"domains": "not_found"}
