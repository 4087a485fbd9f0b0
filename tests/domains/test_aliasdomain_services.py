"""Alias domains: only superadmins claim domain names; names are unique across every kind."""

import pytest

from mailwarden.core.errors import Conflict, Forbidden, Invalid, NotFound
from mailwarden.domains.selectors import aliasdomain_list
from mailwarden.domains.services import aliasdomain_create, aliasdomain_delete, domain_create


def test_it_mirrors_a_hosted_domain(cast):
    alias_domain = aliasdomain_create(actor=cast.root, name="A.Example.net", target="a.example")
    assert alias_domain.name == "a.example.net"
    assert alias_domain.alias_target.name == "a.example"
    assert [d.name for d in aliasdomain_list(actor=cast.admin_a).items] == ["a.example.net"]
    assert aliasdomain_list(actor=cast.admin_b).total == 0


def test_a_domain_admin_cannot_claim_a_domain_name(cast, unchanged):
    """A customer who could add alias domains could claim someone else's domain (say a big
    freemail provider) and read what other local users send there."""
    with unchanged(), pytest.raises(Forbidden):
        aliasdomain_create(actor=cast.admin_a, name="gmail.example", target="a.example")


def test_it_refuses_a_name_already_taken_by_any_kind_of_domain(cast, unchanged):
    with unchanged():
        with pytest.raises(Conflict) as refused:
            aliasdomain_create(actor=cast.root, name="b.example", target="a.example")
        assert refused.value.fields == {"name": "taken"}
        with pytest.raises(Invalid, match="itself"):
            aliasdomain_create(actor=cast.root, name="a.example", target="a.example")
    aliasdomain_create(actor=cast.root, name="a.example.net", target="a.example")
    with pytest.raises(Conflict):
        domain_create(actor=cast.root, name="a.example.net")


def test_it_refuses_an_alias_domain_of_an_alias_domain(cast, unchanged):
    aliasdomain_create(actor=cast.root, name="a.example.net", target="a.example")
    with unchanged(), pytest.raises(NotFound):
        aliasdomain_create(actor=cast.root, name="a.example.com", target="a.example.net")


def test_it_deletes_an_alias_domain(cast):
    aliasdomain_create(actor=cast.root, name="a.example.net", target="a.example")
    aliasdomain_delete(actor=cast.root, name="a.example.net")
    assert aliasdomain_list(actor=cast.root).total == 0
    with pytest.raises(NotFound):
        aliasdomain_delete(actor=cast.root, name="a.example.net")
