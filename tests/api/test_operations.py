"""The operation table is the one place scopes are declared: every door draws from it."""

from __future__ import annotations

import pytest

from mailwarden.addresses.selectors import ADDRESS_ORDERINGS
from mailwarden.api import schemas
from mailwarden.api.mcp import TOOLS, tool_name
from mailwarden.api.operations import OPERATIONS
from mailwarden.api.rest import api
from mailwarden.domains.selectors import DOMAIN_ORDERINGS

SERVICE_NAMES = {
    "domain.create", "domain.update", "domain.delete", "mailbox.create", "mailbox.update",
    "mailbox.set_password", "mailbox.delete", "alias.create", "alias.update", "alias.delete",
    "aliasdomain.create", "aliasdomain.delete",
}  # fmt: skip
DESTRUCTIVE = {"domain.delete", "mailbox.delete", "alias.delete", "aliasdomain.delete"}


def test_it_offers_at_least_the_methods_the_issue_names():
    required = SERVICE_NAMES | {
        "ping", "domains.list", "domain.get", "mailboxes.list", "mailbox.get", "aliases.list",
        "alias.get", "aliasdomains.list", "audit.list",
    }  # fmt: skip
    assert required <= set(OPERATIONS)


def test_every_operation_declares_exactly_one_known_scope():
    for operation in OPERATIONS.values():
        assert operation.scope in ("read", "write", "delete"), operation.name


def test_destructive_operations_and_only_they_need_the_delete_scope():
    assert {name for name, op in OPERATIONS.items() if op.scope == "delete"} == DESTRUCTIVE


def test_reads_need_only_the_read_scope_and_writes_the_write_scope():
    for name, operation in OPERATIONS.items():
        if name in SERVICE_NAMES - DESTRUCTIVE:
            assert operation.scope == "write", name
        elif name not in DESTRUCTIVE:
            assert operation.scope == "read", name


def test_every_operation_is_an_mcp_tool_named_like_its_service():
    assert {tool_name(op) for op in OPERATIONS.values()} == set(TOOLS)
    assert TOOLS["mailbox_set_password"].name == "mailbox.set_password"


def test_every_operation_is_exactly_one_rest_route_and_every_route_an_operation(settings):
    document = api.get_openapi_schema()
    operation_ids = [
        spec["operationId"] for path in document["paths"].values() for spec in path.values()
    ]
    assert sorted(operation_ids) == sorted(name.replace(".", "_") for name in OPERATIONS)


def test_every_rest_route_requires_a_bearer_token():
    document = api.get_openapi_schema()
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            assert spec.get("security"), f"{method.upper()} {path} has no security"


@pytest.mark.parametrize(
    ("literal", "allowed"),
    [(schemas.DomainOrder, DOMAIN_ORDERINGS), (schemas.AddressOrder, ADDRESS_ORDERINGS)],
)
def test_the_sort_orders_offered_are_the_ones_the_selectors_accept(literal, allowed):
    assert set(literal.__args__) == set(allowed)


def test_positional_params_put_the_identifying_field_first():
    assert OPERATIONS["mailbox.update"].positional[0] == "address"
    assert OPERATIONS["domain.update"].positional[0] == "name"
    assert OPERATIONS["domains.list"].positional[:2] == ("limit", "offset")
