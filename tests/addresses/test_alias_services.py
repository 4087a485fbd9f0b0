"""Aliases and catch-alls: validated targets, limits, scoping to the actor's domains."""

import pytest

from mailwarden.addresses.models import Address
from mailwarden.addresses.selectors import alias_get, alias_list, alias_to_dict
from mailwarden.addresses.services import MAX_TARGETS, alias_create, alias_delete, alias_update
from mailwarden.core.errors import Forbidden, Invalid, LimitReached, NotFound
from mailwarden.domains.services import aliasdomain_create, domain_create
from tests.conftest import PASSWORD


@pytest.fixture
def domain(cli):
    return domain_create(actor=cli, name="example.org", create_postmaster=False)


def test_it_creates_an_alias_with_several_normalised_targets(cli, domain):
    alias = alias_create(
        actor=cli,
        address="Team@Example.org",
        targets=["A@example.org", "b@Else.example", "a@example.org"],
    )
    assert alias_to_dict(alias)["targets"] == ["a@example.org", "b@else.example"]


def test_it_creates_a_catch_all(cli, domain):
    alias = alias_create(actor=cli, address="@Example.org", targets=["a@example.org"])
    assert alias.email == "@example.org"
    assert alias_to_dict(alias)["catch_all"] is True


@pytest.mark.parametrize(
    ("targets", "reason"),
    [
        ([], "at least one"),
        (["not-an-address"], "name@domain"),
        (["|/bin/sh"], "name@domain"),
        (["team@example.org"], "itself"),
        (["a@example.org\nBcc: x@y.example"], "control characters"),
        ([f"u{i}@else.example" for i in range(MAX_TARGETS + 1)], f"at most {MAX_TARGETS}"),
    ],
)
def test_it_refuses_bad_targets(cli, domain, unchanged, targets, reason):
    with unchanged(), pytest.raises(Invalid, match=reason):
        alias_create(actor=cli, address="team@example.org", targets=targets)


def test_it_refuses_aliases_beyond_the_domain_limit(cli, unchanged):
    domain_create(actor=cli, name="small.example", create_postmaster=False, max_aliases=1)
    alias_create(actor=cli, address="a@small.example", targets=["x@else.example"])
    with unchanged(), pytest.raises(LimitReached, match="limit of 1 aliases"):
        alias_create(actor=cli, address="b@small.example", targets=["x@else.example"])


def test_it_refuses_an_alias_in_an_alias_domain_naming_the_target(cli, domain, unchanged):
    aliasdomain_create(actor=cli, name="example.net", target="example.org")
    with unchanged(), pytest.raises(Invalid, match=r"create the address in example\.org"):
        alias_create(actor=cli, address="x@example.net", targets=["x@else.example"])


def test_it_updates_targets_and_state(cli, domain):
    alias_create(actor=cli, address="team@example.org", targets=["a@else.example"])
    alias = alias_update(
        actor=cli, address="team@example.org", targets=["b@else.example"], active=False
    )
    assert alias_to_dict(alias)["targets"] == ["b@else.example"]
    assert alias.active is False


def test_it_deletes_an_alias(cli, domain):
    alias_create(actor=cli, address="team@example.org", targets=["a@else.example"])
    alias_delete(actor=cli, address="TEAM@example.org")
    assert not Address.objects.exists()


def test_a_domain_admin_cannot_reach_aliases_of_another_domain(cast, unchanged):
    with unchanged():
        for call in (
            lambda: alias_create(
                actor=cast.admin_a, address="x@b.example", targets=["a@a.example"]
            ),
            lambda: alias_create(actor=cast.admin_a, address="@b.example", targets=["a@a.example"]),
            lambda: alias_update(
                actor=cast.admin_a, address="info@b.example", targets=["a@a.example"]
            ),
            lambda: alias_delete(actor=cast.admin_a, address="info@b.example"),
            lambda: alias_get(actor=cast.admin_a, address="info@b.example"),
        ):
            with pytest.raises(NotFound, match="not found"):
                call()
    assert [a.email for a in alias_list(actor=cast.admin_a).items] == [
        "info@a.example",
        "postmaster@a.example",
    ]


def test_a_domain_admin_may_create_a_catch_all_in_their_domain(cast):
    alias_create(actor=cast.admin_a, address="@a.example", targets=["alice@a.example"])


def test_alias_lists_cost_a_fixed_number_of_queries(cli, domain, django_assert_max_num_queries):
    for i in range(30):
        alias_create(
            actor=cli, address=f"a{i}@example.org", targets=["x@else.example", "y@else.example"]
        )
    # The two table counts of the total, the page, its domains, its targets.
    with django_assert_max_num_queries(5):
        rows = [alias_to_dict(a) for a in alias_list(actor=cli, limit=20).items]
    assert len(rows) == 20


def test_a_create_costs_a_fixed_number_of_queries_and_needs_no_read_back(
    cli, django_assert_max_num_queries, django_assert_num_queries
):
    """The limit is checked and the targets written in one statement, whatever their
    number, and the alias a create returns renders without reading its targets back."""
    domain_create(actor=cli, name="example.org", create_postmaster=False, max_aliases=100)
    targets = [f"t{i}@else.example" for i in range(10)]
    alias_create(actor=cli, address="first@example.org", targets=targets)
    with django_assert_max_num_queries(10):
        alias = alias_create(actor=cli, address="new@example.org", targets=targets)
    with django_assert_num_queries(0):
        shown = alias_to_dict(alias)
    assert shown["targets"] == targets


def test_a_domain_admin_cannot_hold_a_superadmins_login_address_as_an_alias(cast, unchanged):
    """An alias at a higher admin's login sends that admin's mail wherever its targets say,
    as a mailbox there would let its holder read it: the same guard refuses both."""
    from mailwarden.admins.services import admin_create

    admin_create(actor=cast.root, email="root@a.example", password=PASSWORD, is_superadmin=True)
    with unchanged(), pytest.raises(Forbidden, match="admin above you"):
        alias_create(actor=cast.admin_a, address="root@a.example", targets=["x@evil.example"])
    alias_create(actor=cast.root, address="root@a.example", targets=["root@ops.example"])
    with unchanged():
        with pytest.raises(Forbidden):
            alias_update(actor=cast.admin_a, address="root@a.example", targets=["x@evil.example"])
        with pytest.raises(Forbidden):
            alias_update(actor=cast.admin_a, address="root@a.example", active=False)
        with pytest.raises(Forbidden):
            alias_delete(actor=cast.admin_a, address="root@a.example")


def test_a_domain_admin_keeps_an_alias_at_their_own_login(cast):
    alias = alias_create(actor=cast.admin_a, address="admin@a.example", targets=["alice@a.example"])
    assert alias.destinations == ["alice@a.example"]
    alias_delete(actor=cast.admin_a, address="admin@a.example")


def test_a_domain_admin_points_postmaster_elsewhere_but_cannot_remove_or_silence_it(
    cast, unchanged
):
    """RFC 5321: every domain accepts mail for postmaster@."""
    alias_update(actor=cast.admin_a, address="postmaster@a.example", targets=["alice@a.example"])
    with unchanged():
        with pytest.raises(Forbidden, match="RFC 5321"):
            alias_delete(actor=cast.admin_a, address="postmaster@a.example")
        with pytest.raises(Forbidden):
            alias_update(actor=cast.admin_a, address="postmaster@a.example", active=False)
    alias_delete(actor=cast.root, address="postmaster@a.example")
