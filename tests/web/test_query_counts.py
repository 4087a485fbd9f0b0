"""Every list page costs a fixed number of queries, however many rows it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mailwarden.addresses.search_plan import forget_samples
from mailwarden.addresses.services import alias_create
from mailwarden.admins.services import admin_create
from mailwarden.domains.services import domain_create
from mailwarden.mailboxes.services import mailbox_create, mailbox_set_forwarding
from mailwarden.tokens.services import token_create
from tests.conftest import PASSWORD

LISTS = [
    "/dashboard/",
    "/domains/",
    "/mailboxes/",
    "/mailboxes/?domain=a.example",
    "/mailboxes/?q=user",
    "/aliases/",
    "/aliases/?domain=a.example",
    "/aliasdomains/",
    "/admins/",
    "/audit/",
    "/tokens/?revoked=1",
]
MAX_QUERIES = 14


def grow(root, numbers):
    """More of everything a list shows, with forwards and several targets per row."""
    for i in numbers:
        domain_create(actor=root, name=f"d{i}.example", postmaster_to="boss@ops.example")
        mailbox_create(actor=root, address=f"user{i}@a.example", password=PASSWORD)
        mailbox_set_forwarding(
            actor=root, address=f"user{i}@a.example", targets=[f"f{i}@x.example"], keep_copy=True
        )
        alias_create(
            actor=root, address=f"list{i}@a.example", targets=["alice@a.example", "bob@a.example"]
        )
        admin_create(
            actor=root,
            email=f"adm{i}@ops.example",
            password=PASSWORD,
            domains=["a.example", f"d{i}.example"],
        )
        token_create(
            actor=root,
            name=f"t{i}",
            owner_email=f"adm{i}@ops.example",
            scopes=["read"],
            domains=["a.example", f"d{i}.example"],
            networks=["192.0.2.0/24"],
        )


def count(client, url):
    """Queries of a page view once the session's idle deadline is fresh (its push, a write at
    most once a minute, is not the page's cost)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_cost_the_same_with_3_or_60_rows(boss, cast, url):
    grow(cast.root, range(3))
    few = count(boss, url)
    grow(cast.root, range(3, 60))
    assert count(boss, url) == few


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_stay_under_the_query_budget(boss, cast, url, django_assert_max_num_queries):
    """Even the request that draws the search's trigram sample again (``search_plan``)."""
    grow(cast.root, range(5))
    forget_samples()
    with django_assert_max_num_queries(MAX_QUERIES):
        boss.get(url)
