"""JSON-RPC 2.0 as the specification has it, and the HTTP around it."""

from __future__ import annotations

import json

import pytest

from mailwarden.addresses.models import Address
from mailwarden.audit.models import AuditEvent
from tests.api.conftest import headers, strict_json
from tests.tokens.support import make_token


def test_it_answers_a_call_with_its_id(tokens, rpc):
    answer = rpc.call(tokens.root, "ping", id_="abc")
    assert answer == {
        "jsonrpc": "2.0",
        "result": {"pong": True, "actor": "token:root", "scopes": ["delete", "read", "write"]},
        "id": "abc",
    }


def test_malformed_json_is_a_parse_error(tokens, rpc):
    response = rpc.post(tokens.root, b'{"jsonrpc": "2.0", "method": "ping", "id": 1')
    assert response.status_code == 200
    assert response.json() == {
        "jsonrpc": "2.0",
        "error": {"code": -32700, "message": "parse error: the body is not JSON"},
        "id": None,
    }


@pytest.mark.parametrize(
    "body",
    [b"\xff\xfe{}", b'{"jsonrpc": "2.0", "method": "ping", "id": NaN}', b""],
    ids=["invalid-utf8", "nan", "empty"],
)
def test_bodies_that_are_not_json_are_parse_errors(tokens, rpc, body):
    assert rpc.post(tokens.root, body).json()["error"]["code"] == -32700


@pytest.mark.parametrize("number", ["1e400", "-1e400"])
def test_a_number_beyond_a_float_is_a_parse_error_never_infinity(tokens, rpc, number):
    """Regression: an id of ``1e400`` read as ``inf`` and was echoed as ``"id": Infinity``,
    a response no JSON parser reads."""
    response = rpc.post(tokens.root, f'{{"jsonrpc": "2.0", "method": "ping", "id": {number}}}')
    assert strict_json(response.content) == {
        "jsonrpc": "2.0",
        "error": {"code": -32700, "message": "parse error: the body is not JSON"},
        "id": None,
    }


def test_a_non_finite_number_is_never_written_out(tokens, monkeypatch):
    """Whatever slips past parsing, a response is JSON or a 500, never ``Infinity``."""
    from django.test import Client

    from mailwarden.api import rpc as protocol

    monkeypatch.setattr(protocol, "handle_payload", lambda actor, payload: {"id": float("inf")})
    response = Client(raise_request_exception=False).post(
        "/rpc", data="{}", content_type="application/json", **headers(tokens.root)
    )
    assert response.status_code == 500
    assert b"Infinity" not in response.content


def test_params_null_is_an_invalid_request(tokens, rpc):
    """Regression: ``"params": null`` ran the call as if params were left out; spec 4.2 has
    params, when present, an object or an array."""
    answer = rpc.post(tokens.root, '{"jsonrpc": "2.0", "method": "ping", "id": 1, "params": null}')
    assert answer.json() == {
        "jsonrpc": "2.0",
        "error": {"code": -32600, "message": "invalid request: params must be an object or array"},
        "id": 1,
    }


def test_an_empty_batch_is_one_invalid_request_error(tokens, rpc):
    answer = rpc.post(tokens.root, []).json()
    assert answer == {
        "jsonrpc": "2.0",
        "error": {"code": -32600, "message": "invalid request: empty batch"},
        "id": None,
    }


@pytest.mark.parametrize(
    "message",
    [
        pytest.param(1, id="not-an-object"),
        pytest.param({"method": "ping", "id": 1}, id="no-jsonrpc"),
        pytest.param({"jsonrpc": "1.0", "method": "ping", "id": 1}, id="wrong-version"),
        pytest.param({"jsonrpc": "2.0", "method": 5, "id": 1}, id="method-not-a-string"),
        pytest.param({"jsonrpc": "2.0", "method": "ping", "params": "x", "id": 1}, id="params"),
        pytest.param({"jsonrpc": "2.0", "method": "ping", "id": {"a": 1}}, id="id-object"),
        pytest.param({"jsonrpc": "2.0", "method": "ping", "id": True}, id="id-bool"),
    ],
)
def test_malformed_request_objects_are_invalid_requests(tokens, rpc, message):
    answer = rpc.post(tokens.root, message).json()
    assert answer["error"]["code"] == -32600
    assert answer["jsonrpc"] == "2.0"


def test_a_batch_mixing_valid_and_invalid_calls_answers_each(tokens, rpc):
    batch = [
        {"jsonrpc": "2.0", "method": "ping", "id": 1},
        {"jsonrpc": "2.0", "method": "no.such", "id": 2},
        "garbage",
        {"jsonrpc": "2.0", "method": "mailbox.get", "params": {"address": "no@a.example"}, "id": 3},
        {"jsonrpc": "2.0", "method": "mailbox.get", "params": {"adress": "x"}, "id": 4},
        {"jsonrpc": "2.0", "method": "alias.create",
         "params": {"address": "sales@a.example", "targets": ["alice@a.example"]}},
    ]  # fmt: skip
    answers = rpc.post(tokens.root, batch).json()
    assert [a.get("id") for a in answers] == [1, 2, None, 3, 4]
    assert answers[0]["result"]["pong"] is True
    assert [a["error"]["code"] for a in answers[1:]] == [-32601, -32600, -32001, -32602]
    assert Address.objects.filter(email="sales@a.example").exists(), "the notification ran"


def test_a_notification_is_run_but_not_answered(tokens, rpc):
    message = {
        "jsonrpc": "2.0",
        "method": "alias.create",
        "params": {"address": "sales@a.example", "targets": ["alice@a.example"]},
    }
    response = rpc.post(tokens.root, message)
    assert response.status_code == 204
    assert response.content == b""
    assert Address.objects.filter(email="sales@a.example").exists()


def test_a_batch_of_notifications_gets_no_response_at_all(tokens, rpc):
    response = rpc.post(tokens.root, [{"jsonrpc": "2.0", "method": "ping"}] * 3)
    assert response.status_code == 204


def test_an_unknown_method_is_method_not_found(tokens, rpc):
    error = rpc.error(tokens.root, "mailbox.explode")
    assert error == {"code": -32601, "message": "method not found: mailbox.explode"}


def test_params_can_be_given_by_position(tokens, rpc):
    assert rpc.result(tokens.root, "mailbox.get", ["alice@a.example"])["address"] == (
        "alice@a.example"
    )
    page = rpc.result(tokens.root, "domains.list", [1, 1])
    assert (page["limit"], page["offset"], len(page["items"])) == (1, 1, 1)


@pytest.mark.parametrize(
    ("method", "params", "field"),
    [
        ("mailbox.get", {}, "address"),
        ("mailbox.get", {"address": "alice@a.example", "extra": 1}, "extra"),
        ("mailbox.get", {"address": 5}, "address"),
        ("domains.list", {"limit": 0}, "limit"),
        ("domains.list", {"order": "password"}, "order"),
        ("alias.create", {"address": "x@a.example", "targets": []}, "targets"),
        ("mailbox.get", [5], "address"),
        ("domains.list", ["many"], "limit"),
    ],
)
def test_wrong_params_by_name_or_position_are_invalid_params(tokens, rpc, method, params, field):
    error = rpc.error(tokens.root, method, params)
    assert error["code"] == -32602
    assert error["message"].startswith("invalid params: ")
    assert error["data"]["type"] == "invalid_params"
    assert field in error["data"]["fields"]


def test_too_many_positional_params_are_invalid_params(tokens, rpc):
    error = rpc.error(tokens.root, "mailbox.get", ["alice@a.example", "surplus"])
    assert error["code"] == -32602
    assert error["message"] == (
        "invalid params: mailbox.get takes at most 1 positional params (address)"
    )


def test_a_password_given_in_bad_params_is_never_echoed(tokens, rpc):
    params = {"address": "x@a.example", "password": "Sup3r-secret-value", "bogus": 1}
    response = rpc.post(tokens.root, {"jsonrpc": "2.0", "method": "mailbox.create",
                                      "params": params, "id": 1})  # fmt: skip
    assert b"Sup3r-secret-value" not in response.content


def test_an_unexpected_failure_is_an_internal_error_that_leaks_nothing(tokens, rpc, monkeypatch):
    from mailwarden.api import handlers

    def explode(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM somewhere")

    monkeypatch.setattr(handlers.mailbox_selectors, "mailbox_get", explode)
    error = rpc.error(tokens.root, "mailbox.get", {"address": "alice@a.example"})
    assert error == {"code": -32603, "message": "internal error"}


def test_a_huge_payload_is_refused_before_it_is_read(tokens, rpc, settings):
    settings.MAILWARDEN_API_MAX_REQUEST_BYTES = 1024 * 1024
    body = json.dumps({"jsonrpc": "2.0", "method": "ping", "params": ["x" * (2 * 1024 * 1024)]})
    response = rpc.post(tokens.root, body)
    assert response.status_code == 413
    assert response.json()["error"] == {
        "code": -32600,
        "message": "the request is larger than 1048576 bytes",
    }


def test_a_huge_field_within_the_size_limit_is_invalid_params(tokens, rpc, unchanged):
    with unchanged():
        error = rpc.error(tokens.root, "domain.create", {"name": "x" * 500_000})
    assert error["code"] == -32602
    assert error["data"]["fields"] == {"name": "string_too_long"}


def test_a_batch_larger_than_the_limit_is_refused_whole(tokens, rpc, settings):
    settings.MAILWARDEN_API_MAX_BATCH = 3
    answer = rpc.post(
        tokens.root, [{"jsonrpc": "2.0", "method": "ping", "id": i} for i in range(4)]
    )
    assert answer.json()["error"]["code"] == -32600


def test_only_post_is_accepted(tokens, rpc):
    response = rpc.client.get("/rpc", HTTP_AUTHORIZATION=f"Bearer {tokens.root}")
    assert response.status_code == 405


def test_without_a_token_it_answers_401_and_counts_nothing(cast, rpc):
    response = rpc.post(None, {"jsonrpc": "2.0", "method": "ping", "id": 1})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="mailwarden"'
    assert response.json()["error"]["code"] == -32000
    assert not AuditEvent.objects.filter(action="token.auth_failure").exists()


def test_a_logged_in_panel_session_is_not_a_credential(cast, rpc):
    """Cookies are ignored: the API has no CSRF surface because a session grants nothing."""
    from mailwarden.admins.models import Admin

    rpc.client.force_login(Admin.objects.get(email="boss@ops.example"))
    response = rpc.post(None, {"jsonrpc": "2.0", "method": "ping", "id": 1})
    assert response.status_code == 401


def test_a_tampered_token_is_refused_and_repeated_failures_lock_the_address(tokens, rpc):
    tampered = tokens.root[:-2] + ("xx" if not tokens.root.endswith("xx") else "yy")
    for _ in range(5):
        assert rpc.post(tampered, {"jsonrpc": "2.0", "method": "ping", "id": 1}).status_code == 401
    response = rpc.post(tokens.root, {"jsonrpc": "2.0", "method": "ping", "id": 1})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == -32029
    assert response.json()["error"]["data"]["retry_after"] == int(response["Retry-After"])


def test_the_lockout_follows_the_real_client_behind_a_trusted_proxy(tokens, rpc, settings):
    settings.MAILWARDEN_TRUSTED_PROXY = "auto"
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(5):
        rpc.post(
            "mw_00000000_" + "A" * 43, {"jsonrpc": "2.0", "method": "ping", "id": 1}, **attacker
        )
    assert rpc.post(tokens.root, {"jsonrpc": "2.0", "method": "ping", "id": 1},
                    **attacker).status_code == 429  # fmt: skip
    assert rpc.post(tokens.root, {"jsonrpc": "2.0", "method": "ping", "id": 1},
                    HTTP_X_FORWARDED_FOR="198.51.100.5").status_code == 200  # fmt: skip


def test_a_host_on_the_lan_cannot_claim_the_address_a_token_is_limited_to(cast, rpc, settings):
    """Regression: ``auto`` trusted every private peer, so a host on the LAN wrote the
    token's allowed address into X-Forwarded-For and was let in."""
    settings.MAILWARDEN_TRUSTED_PROXY = "auto"
    secret = make_token("office", networks=["203.0.113.0/24"])
    ping = {"jsonrpc": "2.0", "method": "ping", "id": 1}
    claimed = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert rpc.post(secret, ping, REMOTE_ADDR="10.0.0.66", **claimed).status_code == 401
    assert rpc.post(secret, ping, REMOTE_ADDR="127.0.0.1", **claimed).status_code == 200


def test_a_door_switched_off_does_not_exist(tokens, rpc, settings):
    settings.MAILWARDEN_API_RPC_ENABLED = False
    assert rpc.post(tokens.root, {"jsonrpc": "2.0", "method": "ping", "id": 1}).status_code == 404
    assert rpc.client.get("/rpc").status_code == 404


def test_no_token_exists_until_one_is_made(cast):
    from mailwarden.tokens.models import ApiToken

    assert not ApiToken.objects.exists()
