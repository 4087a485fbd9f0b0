"""Every door of mailwarden as the hostile-input tests drive it, one world of rows shared by a
whole test module, and the checks every answer must pass.

The doors: the panel (Django's test client, logged in), REST under /api/v1/, JSON-RPC at
/rpc and MCP at /mcp (bearer tokens), and the CLI (in-process). The world is the shared cast
and its tokens, made once per module inside a transaction rolled back at the end, as
Django's ``TestCase.setUpTestData`` does: each test still runs in its own savepoint, so
hundreds of parametrised cases cost milliseconds each instead of a cast each.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

from django.db import transaction
from django.test import Client, override_settings

from tests.cli.support import Run
from tests.conftest import Cast, make_cast
from tests.tokens.support import make_token

FAST_HASHES = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "MAILWARDEN_PASSWORD_SCHEME": "SSHA512",
    "MAILWARDEN_POSTMASTER_TARGET": None,
}
OUT_OF_SCOPE = "b.example"  # the admin of a.example must never see a trace of it


@dataclass
class World:
    cast: Cast
    root_token: str  # boss@ops.example, superadmin: read, write, delete
    token_a: str  # admin@a.example: read, write, delete, only a.example
    sessions: dict[str, SimpleCookie]  # "boss" and "admin_a", logged in to the panel

    def panel(self, who: str) -> Client:
        """A browser of ``who`` ("boss", "admin_a" or "anonymous"), new for each use: a test
        that changes a password (and so the session key) leaves the next one logged in."""
        client = Client()
        if who != "anonymous":
            client.cookies = deepcopy(self.sessions[who])
        return client


def _session(email: str) -> SimpleCookie:
    from mailwarden.admins.models import Admin

    client = Client()
    client.force_login(Admin.objects.get(email=email))
    return client.cookies


@contextmanager
def shared_world(
    django_db_blocker: Any, extra: Callable[[Cast], None] | None = None
) -> Iterator[World]:
    """The cast, its tokens and panel sessions for a whole module (``extra`` adds rows of the
    module's own), rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(**FAST_HASHES):
            cast = make_cast()
            if extra is not None:
                extra(cast)
            world = World(
                cast=cast,
                root_token=make_token("root"),
                token_a=make_token("shop", owner="admin@a.example"),
                sessions={
                    "boss": _session("boss@ops.example"),
                    "admin_a": _session("admin@a.example"),
                },
            )
        yield world
        transaction.set_rollback(True)


# -- the API doors ---------------------------------------------------------------------------

API = Client()


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def rest(token: str, method: str, path: str, *, query: dict | str | None = None, body: Any = None):
    """One REST call. ``query`` is a dict, or a raw query string (say, not UTF-8); ``body``
    is JSON-encoded unless it is already bytes."""
    kwargs: dict[str, Any] = bearer(token)
    if isinstance(query, str):
        kwargs["QUERY_STRING"] = query
    elif query is not None:
        kwargs["query_params"] = query
    if body is not None:
        kwargs["data"] = body if isinstance(body, bytes) else json.dumps(body)
        kwargs["content_type"] = "application/json"
    return getattr(API, method)(f"/api/v1{path}", **kwargs)


def rpc(token: str, method: str, params: Any) -> dict:
    """One JSON-RPC call; the answer object (HTTP is always 200 for these)."""
    message = {"jsonrpc": "2.0", "id": 1, "method": method, "params": params}
    response = API.post("/rpc", json.dumps(message), "application/json", **bearer(token))
    assert response.status_code == 200, response.content
    return response.json()


def mcp(token: str, tool: str, arguments: dict) -> dict:
    """One MCP ``tools/call``; the JSON-RPC answer object."""
    message = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "tools/call",
        "params": {"name": tool, "arguments": arguments},
    }
    response = API.post("/mcp", json.dumps(message), "application/json", **bearer(token))
    assert response.status_code == 200, response.content
    return response.json()


def rpc_refused(answer: dict) -> dict:
    """The error object of a refused call, asserting it is a clean refusal (never -32603)."""
    assert "error" in answer, answer
    assert answer["error"]["code"] != -32603, answer
    return answer["error"]


# -- the CLI ---------------------------------------------------------------------------------


def cli_refused(run: Run) -> str:
    """A clean refusal: exit 1 with one ``mailwarden: ...`` line, or exit 2 with argparse's
    usage; never a traceback, never anything on stdout."""
    assert run.code in (1, 2), (run.code, run.out, run.err)
    assert run.out == ""
    assert "Traceback" not in run.err
    return run.refused() if run.code == 1 else run.usage_error()


# -- the SQL a request ran -------------------------------------------------------------------

_ORDER_BY = re.compile(r"\bORDER BY\b(.+?)(?=\bLIMIT\b|\bOFFSET\b|\bFOR UPDATE\b|\)|$)", re.S)
# What a sort key turned ORM path would reach: hashes and secrets, or a random order.
_SECRET_OR_RANDOM = re.compile(r"password|secret|hash|digest|totp|rand", re.I)


def sorted_by(queries: Any) -> list[str]:
    """Every sort key of every ``ORDER BY`` the captured queries ran."""
    return [
        item.strip()
        for query in queries
        for clause in _ORDER_BY.findall(query["sql"])
        for item in clause.split(",")
    ]


def assert_sorted_by_nothing_secret(queries: Any) -> None:
    """A sort parameter never became an ORM path (``domain__admins__password``) or ``?``."""
    leaks = [key for key in sorted_by(queries) if _SECRET_OR_RANDOM.search(key)]
    assert not leaks, f"sorted by {leaks}"
