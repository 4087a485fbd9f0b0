"""The dashboard's totals: every mailbox and alias the actor may see, and nothing else."""

from mailwarden.addresses.selectors import AddressTotals, address_totals
from mailwarden.addresses.services import alias_create
from mailwarden.domains.services import domain_create
from mailwarden.mailboxes.services import mailbox_create
from tests.conftest import PASSWORD


def test_a_superadmin_counts_every_mailbox_and_every_alias_catch_alls_included(cast):
    """Each cast domain: alice@, bob@, info@ and postmaster@; a third domain adds more."""
    domain_create(actor=cast.root, name="c.example", create_postmaster=False)
    mailbox_create(actor=cast.root, address="carol@c.example", password=PASSWORD)
    alias_create(actor=cast.root, address="@c.example", targets=["carol@c.example"])
    assert address_totals(actor=cast.superadmin) == AddressTotals(mailboxes=5, aliases=5)


def test_a_domain_admin_counts_only_their_domains(cast):
    mailbox_create(actor=cast.root, address="extra@b.example", password=PASSWORD)
    assert address_totals(actor=cast.admin_a) == AddressTotals(mailboxes=2, aliases=2)
    assert address_totals(actor=cast.admin_b) == AddressTotals(mailboxes=3, aliases=2)


def test_totals_cost_two_counts_for_a_superadmin_and_one_for_a_domain_admin(
    cast, django_assert_num_queries
):
    with django_assert_num_queries(2):
        address_totals(actor=cast.superadmin)
    with django_assert_num_queries(1):
        address_totals(actor=cast.admin_a)
