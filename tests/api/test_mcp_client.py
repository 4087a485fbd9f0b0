"""The MCP door, driven by the official MCP Python SDK's client against a live server."""

from __future__ import annotations

import json

import anyio
import httpx2
import pytest
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client

from mailwarden.addresses.models import Address
from mailwarden.audit.models import AuditEvent
from tests.api.live import serving
from tests.tokens.support import make_token

pytestmark = pytest.mark.django_db(transaction=True)


def run_session(url: str, token: str, steps):
    """Connect with the SDK (initialize handshake), run ``steps(session)``, return its result."""

    async def main():
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=30) as http,
            streamable_http_client(url, http_client=http) as (read, write),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            return await steps(session)

    return anyio.run(main)


@pytest.fixture
def mcp_url(transactional_db):
    with serving() as base:
        yield f"{base}/mcp"


def test_it_lists_every_operation_as_a_tool_with_schemas(cast, mcp_url):
    async def steps(session):
        return await session.list_tools()

    listing = run_session(mcp_url, make_token(scopes=("read",)), steps)
    tools = {tool.name: tool for tool in listing.tools}
    assert {"mailbox_create", "domain_create", "mailboxes_list", "audit_list"} <= set(tools)
    create = tools["mailbox_create"]
    assert "address" in create.input_schema["properties"]
    assert create.input_schema["required"] == ["address"]
    assert "write" in create.description


def test_a_write_token_creates_a_domain_and_a_mailbox(cast, mcp_url):
    async def steps(session):
        domain = await session.call_tool(
            "domain_create", {"name": "agents.example", "create_postmaster": False}
        )
        mailbox = await session.call_tool(
            "mailbox_create", {"address": "bot@agents.example", "generate_password": True}
        )
        return domain, mailbox

    domain, mailbox = run_session(mcp_url, make_token("agent"), steps)
    assert not domain.is_error, domain.content
    assert domain.structured_content["name"] == "agents.example"
    assert not mailbox.is_error, mailbox.content
    assert len(mailbox.structured_content["generated_password"]) == 20
    assert json.loads(mailbox.content[0].text)["address"] == "bot@agents.example"
    assert Address.objects.filter(email="bot@agents.example", kind="mailbox").exists()
    event = AuditEvent.objects.get(action="mailbox.create", object_repr="bot@agents.example")
    assert (event.actor, event.door) == ("token:agent", "rpc")


def test_a_read_only_token_is_refused_and_nothing_changes(cast, mcp_url):
    async def steps(session):
        return await session.call_tool(
            "mailbox_create", {"address": "bot@a.example", "generate_password": True}
        )

    result = run_session(mcp_url, make_token(scopes=("read",)), steps)
    assert result.is_error
    assert "lacks the 'write' scope" in result.content[0].text
    assert not Address.objects.filter(email="bot@a.example").exists()


def test_a_service_refusal_is_a_tool_error_the_agent_can_read(cast, mcp_url):
    async def steps(session):
        return await session.call_tool("mailbox_get", {"address": "alice@b.example"})

    result = run_session(mcp_url, make_token(owner="admin@a.example"), steps)
    assert result.is_error
    assert result.content[0].text == "not_found: mailbox alice@b.example not found"
