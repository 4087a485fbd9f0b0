"""Domains: created by superadmins only, limits coherent, postmaster@ provided, deletes guarded."""

import pytest

from mailwarden.addresses.models import Address
from mailwarden.addresses.selectors import alias_get
from mailwarden.addresses.services import alias_create
from mailwarden.audit.models import AuditEvent
from mailwarden.core.errors import Conflict, Forbidden, Invalid, NotFound
from mailwarden.domains.models import Domain
from mailwarden.domains.selectors import domain_get, domain_list
from mailwarden.domains.services import domain_create, domain_delete, domain_update
from mailwarden.mailboxes.services import mailbox_create
from tests.conftest import PASSWORD


def test_it_stores_the_name_lowercased_in_punycode(cli):
    domain = domain_create(actor=cli, name="Bücher.Example", create_postmaster=False)
    assert domain.name == "xn--bcher-kva.example"
    assert domain.display_name == "bücher.example"


def test_it_refuses_a_second_domain_differing_only_in_case(cli, unchanged):
    domain_create(actor=cli, name="example.org", create_postmaster=False)
    with unchanged(), pytest.raises(Conflict, match="already exists") as refused:
        domain_create(actor=cli, name="EXAMPLE.org")
    assert refused.value.fields == {"name": "taken"}


def test_it_gives_a_new_domain_postmaster_pointing_at_the_given_target(cli):
    domain_create(actor=cli, name="example.org", postmaster_to="Ops@Provider.Example")
    alias = alias_get(actor=cli, address="postmaster@example.org")
    assert [t.target for t in alias.targets.all()] == ["ops@provider.example"]


def test_it_points_postmaster_at_the_acting_admin_by_default(cast):
    domain_create(actor=cast.superadmin, name="example.org")
    alias = alias_get(actor=cast.root, address="postmaster@example.org")
    assert [t.target for t in alias.targets.all()] == ["boss@ops.example"]


def test_it_points_postmaster_at_the_first_mailbox_when_no_target_is_known(cli):
    domain = domain_create(actor=cli, name="example.org")
    assert domain.postmaster_pending
    assert not Address.objects.filter(email="postmaster@example.org").exists()
    mailbox_create(actor=cli, address="alice@example.org", password=PASSWORD)
    mailbox_create(actor=cli, address="bob@example.org", password=PASSWORD)
    alias = alias_get(actor=cli, address="postmaster@example.org")
    assert [t.target for t in alias.targets.all()] == ["alice@example.org"]
    assert not Domain.objects.get(name="example.org").postmaster_pending


def test_it_creates_no_postmaster_when_told_not_to(cli):
    domain = domain_create(actor=cli, name="example.org", create_postmaster=False)
    mailbox_create(actor=cli, address="alice@example.org", password=PASSWORD)
    assert not domain.postmaster_pending
    assert not Address.objects.filter(email="postmaster@example.org").exists()


def test_it_lets_only_superadmins_create_domains(cast, unchanged):
    with unchanged(), pytest.raises(Forbidden):
        domain_create(actor=cast.admin_a, name="c.example")


def test_it_refuses_a_default_quota_above_the_per_mailbox_maximum(cli, unchanged):
    with unchanged(), pytest.raises(Invalid, match="default_quota"):
        domain_create(actor=cli, name="example.org", max_quota_bytes=10, default_quota_bytes=20)


def test_it_refuses_limits_on_a_relay_domain(cli, unchanged):
    with unchanged(), pytest.raises(Invalid, match="relay"):
        domain_create(actor=cli, name="example.org", relay=True, max_mailboxes=3)


def test_it_validates_the_relay_next_hop(cli, unchanged):
    domain = domain_create(
        actor=cli, name="mx.example", relay=True, relay_transport="smtp:[10.0.0.1]:25"
    )
    assert domain.relay_transport == "smtp:[10.0.0.1]:25"
    with unchanged(), pytest.raises(Invalid, match="next hop"):
        domain_create(
            actor=cli, name="mx2.example", relay=True, relay_transport="smtp:[x]; rm -rf /"
        )


def test_it_lets_a_domain_admin_change_only_the_description(cast):
    domain_update(actor=cast.admin_a, name="a.example", description="Team A")
    assert Domain.objects.get(name="a.example").description == "Team A"


@pytest.mark.parametrize(
    "change", [{"max_mailboxes": 1000}, {"active": False}, {"total_quota_bytes": 0}]
)
def test_it_refuses_a_domain_admin_raising_their_own_limits(cast, unchanged, change):
    with unchanged(), pytest.raises(Forbidden):
        domain_update(actor=cast.admin_a, name="a.example", **change)


def test_it_hides_other_domains_from_a_domain_admin(cast, unchanged):
    with unchanged(), pytest.raises(NotFound, match="not found"):
        domain_update(actor=cast.admin_a, name="b.example", description="mine now")
    with pytest.raises(NotFound):
        domain_get(actor=cast.admin_a, name="b.example")
    assert [d.name for d in domain_list(actor=cast.admin_a).items] == ["a.example"]


def test_it_refuses_limits_below_current_usage(cast, unchanged):
    with unchanged(), pytest.raises(Conflict, match="already has 2 mailboxes"):
        domain_update(actor=cast.root, name="a.example", max_mailboxes=1)


def test_it_refuses_to_delete_a_domain_that_still_has_mailboxes(cast, unchanged):
    with unchanged(), pytest.raises(Conflict, match="--force"):
        domain_delete(actor=cast.root, name="a.example")


def test_it_deletes_a_domain_with_only_its_postmaster(cli):
    domain_create(actor=cli, name="example.org", postmaster_to="ops@provider.example")
    domain_delete(actor=cli, name="example.org")
    assert not Domain.objects.filter(name="example.org").exists()
    assert not Address.objects.filter(email="postmaster@example.org").exists()


def test_it_force_deletes_everything_in_a_domain_and_nothing_else(cast):
    from mailwarden.domains.services import aliasdomain_create

    aliasdomain_create(actor=cast.root, name="alias-a.example", target="a.example")
    domain_delete(actor=cast.root, name="a.example", force=True)
    assert not Domain.objects.filter(name__in=["a.example", "alias-a.example"]).exists()
    assert not Address.objects.filter(email__endswith="@a.example").exists()
    assert Address.objects.filter(email__endswith="@b.example").count() == 4
    event = AuditEvent.objects.filter(action="domain.delete").get()
    assert event.before["mailboxes"] == 2


def test_a_deleted_domain_deactivates_the_admins_it_was_the_only_domain_of(cast):
    """A domain admin needs a domain: one left with none cannot log in (nor can its
    tokens) until a superadmin gives it a domain again; an admin of others keeps them."""
    from mailwarden.admins.models import Admin
    from mailwarden.admins.services import admin_create

    admin_create(
        actor=cast.root,
        email="both@ops.example",
        password=PASSWORD,
        domains=["a.example", "b.example"],
    )
    domain_delete(actor=cast.root, name="a.example", force=True)
    assert not Admin.objects.get(email="admin@a.example").is_active
    both = Admin.objects.get(email="both@ops.example")
    assert both.is_active
    assert [m.domain.name for m in both.domain_memberships.all()] == ["b.example"]
    assert Admin.objects.get(email="admin@b.example").is_active
    event = AuditEvent.objects.filter(action="domain.delete").get()
    assert event.before["admins"] == ["admin@a.example", "both@ops.example"]
    assert event.before["admins_deactivated"] == ["admin@a.example"]


def test_it_refuses_to_delete_the_domain_of_the_protected_superadmin(cli, unchanged):
    from mailwarden.admins.services import admin_create

    domain_create(actor=cli, name="example.org", create_postmaster=False)
    admin_create(actor=cli, email="root@example.org", password=PASSWORD, is_superadmin=True)
    with unchanged(), pytest.raises(Forbidden, match="protected"):
        domain_delete(actor=cli, name="example.org", force=True)


def test_it_lists_domains_paginated_searched_and_filtered(cli):
    for i in range(5):
        domain_create(actor=cli, name=f"d{i}.example", create_postmaster=False, active=i % 2 == 0)
    page = domain_list(actor=cli, limit=2, offset=2)
    assert [d.name for d in page.items] == ["d2.example", "d3.example"]
    assert page.total == 5
    assert domain_list(actor=cli, search="D4").total == 1
    assert domain_list(actor=cli, active=False).total == 2
    assert [d.name for d in domain_list(actor=cli, order="-name", limit=1).items] == ["d4.example"]


def test_it_refuses_an_unknown_sort_order(cli):
    with pytest.raises(Invalid, match="order"):
        domain_list(actor=cli, order="name; DROP TABLE mailwarden_domain")


def test_an_alias_in_a_relay_domain_is_refused(cli, unchanged):
    domain_create(actor=cli, name="mx.example", relay=True)
    with unchanged(), pytest.raises(Invalid, match="relay domain"):
        alias_create(actor=cli, address="a@mx.example", targets=["b@else.example"])


def test_a_full_alias_limit_leaves_postmaster_pending_but_the_mailbox_is_made(cli):
    domain_create(actor=cli, name="example.org", max_aliases=1)
    alias_create(actor=cli, address="info@example.org", targets=["x@else.example"])
    mailbox_create(actor=cli, address="alice@example.org", password=PASSWORD)
    assert Domain.objects.get(name="example.org").postmaster_pending
    assert not Address.objects.filter(email="postmaster@example.org").exists()
