"""What a domain holds, counted against its limits: one domain, or a page of them at once."""

from mailwarden.addresses.services import alias_create
from mailwarden.domains.selectors import DomainUsage, domain_usage, domain_usages
from mailwarden.domains.services import aliasdomain_create, domain_create
from mailwarden.mailboxes.services import mailbox_create
from tests.conftest import PASSWORD

MIB = 2**20


def test_usage_counts_each_domains_own_rows_and_nothing_of_the_others(cli):
    full = domain_create(actor=cli, name="full.example", create_postmaster=False)
    other = domain_create(actor=cli, name="other.example", create_postmaster=False)
    empty = domain_create(actor=cli, name="empty.example", create_postmaster=False)
    for local, quota in [("a", 100 * MIB), ("b", 50 * MIB), ("c", 0)]:
        mailbox_create(
            actor=cli, address=f"{local}@full.example", password=PASSWORD, quota_bytes=quota
        )
    alias_create(actor=cli, address="team@full.example", targets=["a@full.example"])
    alias_create(actor=cli, address="@full.example", targets=["b@full.example"])
    aliasdomain_create(actor=cli, name="full.test", target="full.example")
    mailbox_create(actor=cli, address="x@other.example", password=PASSWORD, quota_bytes=MIB)

    usages = domain_usages([full, other, empty])

    assert usages == {
        full.pk: DomainUsage(
            mailboxes=3, aliases=2, alias_domains=1, quota_allocated_bytes=150 * MIB
        ),
        other.pk: DomainUsage(mailboxes=1, aliases=0, alias_domains=0, quota_allocated_bytes=MIB),
        empty.pk: DomainUsage(mailboxes=0, aliases=0, alias_domains=0, quota_allocated_bytes=0),
    }
    assert domain_usage(full) == usages[full.pk]


def test_a_page_of_domains_costs_the_same_queries_as_one(cli, django_assert_num_queries):
    domains = [
        domain_create(actor=cli, name=f"d{i}.example", create_postmaster=False) for i in range(6)
    ]
    for domain in domains:
        mailbox_create(actor=cli, address=f"m@{domain.name}", password=PASSWORD)
    with django_assert_num_queries(3):
        domain_usages(domains[:1])
    with django_assert_num_queries(3):
        assert len(domain_usages(domains)) == 6
