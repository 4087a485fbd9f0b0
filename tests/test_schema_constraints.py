"""The database itself holds the invariants Postfix relies on, whatever writes to it."""

import pytest
from django.db import IntegrityError, transaction

from mailwarden.addresses.models import Address, Target
from mailwarden.domains.models import Domain
from mailwarden.domains.services import domain_create


@pytest.fixture
def domain(cli):
    return domain_create(actor=cli, name="example.org", create_postmaster=False)


def rejected(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Address.objects.create(**fields)


def test_an_address_is_unique_across_mailboxes_and_aliases(domain):
    Address.objects.create(domain=domain, local_part="x", email="x@example.org", kind="mailbox")
    rejected(domain=domain, local_part="x", email="x@example.org", kind="alias")


def test_uppercase_addresses_cannot_be_stored(domain):
    rejected(domain=domain, local_part="y", email="Y@example.org", kind="alias")


def test_a_catch_all_must_be_an_alias(domain):
    rejected(domain=domain, local_part="", email="@example.org", kind="mailbox")


@pytest.mark.django_db(transaction=True)
def test_an_address_needs_an_existing_domain():
    """Foreign keys are checked at commit (deferred), so this test commits for real."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Address.objects.create(
            domain_id=987654, local_part="z", email="z@nowhere.example", kind="alias"
        )


def test_uppercase_domains_and_targets_cannot_be_stored(domain):
    with pytest.raises(IntegrityError), transaction.atomic():
        Domain.objects.create(name="Upper.example")
    address = Address.objects.create(
        domain=domain, local_part="t", email="t@example.org", kind="alias"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(address=address, target="A@example.org")


def test_an_alias_domain_needs_its_target_and_only_it_has_one(domain):
    with pytest.raises(IntegrityError), transaction.atomic():
        Domain.objects.create(name="alias.example", kind="alias")
    with pytest.raises(IntegrityError), transaction.atomic():
        Domain.objects.create(name="other.example", kind="virtual", alias_target=domain)
