"""Clients for the API doors, and tokens for the cast (made through the service)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests.tokens.support import make_token


@dataclass
class Tokens:
    root: str  # boss@ops.example, superadmin: read, write, delete
    reader: str  # boss@ops.example: read only
    writer: str  # boss@ops.example: read and write, no delete
    admin_a: str  # admin@a.example: read, write, delete
    a_only: str  # boss@ops.example narrowed to a.example: read, write, delete


@pytest.fixture
def tokens(cast) -> Tokens:
    return Tokens(
        root=make_token("root"),
        reader=make_token("reader", scopes=("read",)),
        writer=make_token("writer", scopes=("read", "write")),
        admin_a=make_token("shop", owner="admin@a.example"),
        a_only=make_token("a-only", domains=["a.example"]),
    )


@pytest.fixture(autouse=True)
def _api_settings(settings):
    settings.MAILWARDEN_LOGIN_ATTEMPTS = 5
    settings.MAILWARDEN_LOGIN_ALLOWLIST = []
    settings.MAILWARDEN_API_MAX_REQUEST_BYTES = 1024 * 1024


def strict_json(raw: bytes) -> Any:
    """``raw`` read as JSON proper: ``NaN`` and ``Infinity``, which Python writes and reads
    by default, are refused as every strict client refuses them."""

    def refuse(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    return json.loads(raw.decode("utf-8"), parse_constant=refuse)


def headers(token: str | None) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}


class Rpc:
    """``rpc.call(token, "mailbox.get", {"address": ...})`` -> the response object."""

    def __init__(self) -> None:
        self.client = Client()

    def post(self, token: str | None, body: Any, **extra: str):
        data = body if isinstance(body, bytes | str) else json.dumps(body)
        return self.client.post(
            "/rpc", data=data, content_type="application/json", **headers(token), **extra
        )

    def call(self, token: str | None, method: str, params: Any = None, id_: Any = 1) -> dict:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": id_}
        if params is not None:
            message["params"] = params
        response = self.post(token, message)
        assert response.status_code == 200, response.content
        return response.json()

    def result(self, token: str | None, method: str, params: Any = None) -> Any:
        """The result of a successful call, checked against the operation's result schema
        (the schema REST and MCP publish), so the doors cannot drift."""
        from mailwarden.api.operations import OPERATIONS

        answer = self.call(token, method, params)
        assert "error" not in answer, answer
        OPERATIONS[method].result.model_validate(answer["result"], strict=True)
        return answer["result"]

    def error(self, token: str | None, method: str, params: Any = None) -> dict:
        answer = self.call(token, method, params)
        assert "result" not in answer, answer
        return answer["error"]


@pytest.fixture
def rpc() -> Rpc:
    return Rpc()


class Rest:
    """``rest.get(token, "/domains")`` against /api/v1/, JSON in and out."""

    def __init__(self) -> None:
        self.client = Client()

    def request(self, method: str, token: str | None, path: str, body: Any = None, **extra):
        kwargs: dict[str, Any] = {**headers(token), **extra}
        if body is not None:
            kwargs["data"] = body if isinstance(body, bytes | str) else json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method)(f"/api/v1{path}", **kwargs)

    def get(self, token, path, **extra):
        return self.request("get", token, path, **extra)

    def post(self, token, path, body=None, **extra):
        return self.request("post", token, path, body if body is not None else {}, **extra)

    def patch(self, token, path, body=None, **extra):
        return self.request("patch", token, path, body if body is not None else {}, **extra)

    def delete(self, token, path, **extra):
        return self.request("delete", token, path, **extra)


@pytest.fixture
def rest() -> Rest:
    return Rest()
