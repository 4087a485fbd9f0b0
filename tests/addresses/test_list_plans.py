"""Every address list's page is read from an index in the order it is shown.

A page of 50 must cost the same with a hundred addresses or a million: no sort step over
every address of the list, no walk past the other kind (the aliases sort before the
mailboxes of a numbered book). Each engine's EXPLAIN of the page query says so: SQLite must
not sort into a temporary B-tree or scan the address table; PostgreSQL, with sequential
scans and sorts priced out as the tests of the lookups do, must use neither; MariaDB/MySQL
must not filesort or read the address table whole.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mailwarden.addresses.models import Address, Target
from mailwarden.addresses.selectors import ADDRESS_ORDERINGS, alias_list
from mailwarden.domains.models import Domain
from mailwarden.mailboxes.models import Mailbox
from mailwarden.mailboxes.selectors import mailbox_list
from tests.plans import unordered_reads

LISTS = {"mailbox": mailbox_list, "alias": alias_list}
BOOK = 2000  # of each kind: MySQL sorts a handful of rows rather than read an index


@pytest.fixture
def book(cast):
    """A numbered book of mailboxes and aliases in a.example, bulk-written as the services
    write them, with the engine's statistics taken, as a database in service has them."""
    domain = Domain.objects.get(name="a.example")
    for kind, prefix in (("mailbox", "user"), ("alias", "list")):
        made = Address.objects.bulk_create(
            Address(
                domain=domain,
                local_part=f"{prefix}{i:05}",
                email=f"{prefix}{i:05}@a.example",
                kind=kind,
            )
            for i in range(BOOK)
        )
        Target.objects.bulk_create(Target(address=a, target=a.email) for a in made)
        if kind == "mailbox":
            Mailbox.objects.bulk_create(
                Mailbox(
                    address=a,
                    password="{PLAIN}x",
                    maildir=f"a.example/{a.local_part}/",
                    password_changed=a.created,
                )
                for a in made
            )
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE TABLE mailwarden_address" if connection.vendor == "mysql" else "ANALYZE"
        )
    return cast


def page_query(list_call, **kwargs) -> str:
    """The SQL of the page itself (the statement with its LIMIT) of one list call."""
    with CaptureQueriesContext(connection) as captured:
        list_call(limit=50, **kwargs)
    pages = [q["sql"] for q in captured.captured_queries if "LIMIT 50" in q["sql"]]
    assert len(pages) == 1, pages
    return pages[0]


@pytest.mark.django_db(transaction=True)  # MySQL's ANALYZE TABLE commits
def test_each_list_page_reads_an_index_in_its_order(book):
    unordered = {
        (kind, domain or "all", order): unordered_reads(
            page_query(LISTS[kind], actor=book.superadmin, domain=domain, order=order),
            table="mailwarden_address",
        )
        for kind in LISTS
        for domain in (None, "a.example")
        for order in ADDRESS_ORDERINGS
    }
    assert {lst: reads for lst, reads in unordered.items() if reads} == {}


def test_the_plan_check_notices_a_sort(cast):
    """The check itself can fail: ordering by a column no index holds is caught."""
    sql = str(Address.objects.order_by("modified")[:50].query)
    assert unordered_reads(sql, table="mailwarden_address")
