"""REST errors: one shape, ``{"error": {"code", "message", "fields"}}``, the right status."""

from __future__ import annotations

import json

import pytest

from mailwarden.audit.models import AuditEvent
from tests.tokens.support import make_token

SECRET = "Sup3r secret phrase"


def error_of(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def test_a_conflict_is_409(tokens, rest, unchanged):
    with unchanged():
        response = rest.post(tokens.root, "/mailboxes", {"address": "alice@a.example",
                                                         "password": SECRET})  # fmt: skip
    error = error_of(response, 409)
    assert error == {
        "code": "conflict",
        "message": "alice@a.example already exists as a mailbox",
        "fields": {"address": "taken"},
    }


def test_a_taken_domain_name_is_409_naming_the_field(tokens, rest, unchanged):
    """Regression: a domain's conflict named no field, where an address's named ``address``."""
    with unchanged():
        response = rest.post(tokens.root, "/domains", {"name": "a.example"})
    assert error_of(response, 409) == {
        "code": "conflict",
        "message": "domain a.example already exists",
        "fields": {"name": "taken"},
    }


def test_a_limit_reached_is_409_with_its_own_code(tokens, rest, unchanged):
    rest.patch(tokens.root, "/domains/a.example", {"max_aliases": 2})
    with unchanged():
        response = rest.post(tokens.root, "/aliases", {"address": "x@a.example",
                                                       "targets": ["y@z.example"]})  # fmt: skip
    assert error_of(response, 409)["code"] == "limit_reached"


def test_a_service_validation_error_is_422_naming_the_field(tokens, rest, unchanged):
    with unchanged():
        response = rest.post(tokens.root, "/domains", {"name": "a@@b"})
    error = error_of(response, 422)
    assert (error["code"], error["fields"]) == ("invalid", {"name": "invalid"})
    assert error["message"].startswith("name: 'a@@b' is not a valid domain name")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/domains", {}, "name"),
        ("/domains", {"name": "x.example", "surprise": 1}, "surprise"),
        ("/domains", {"name": "x.example", "max_mailboxes": -1}, "max_mailboxes"),
        ("/aliases", {"address": "x@a.example", "targets": ["a@b.example", 5]}, "targets.1"),
        ("/mailboxes", {"address": "x\u0000@a.example", "password": SECRET}, "address"),
    ],
)
def test_a_body_that_does_not_fit_the_schema_is_422_naming_the_field(
    tokens, rest, path, body, field
):
    error = error_of(rest.post(tokens.root, path, body), 422)
    assert error["code"] == "invalid"
    assert field in error["fields"]


def test_a_bad_query_parameter_is_422(tokens, rest):
    error = error_of(rest.get(tokens.root, "/mailboxes?order=password"), 422)
    assert "order" in error["fields"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nope",
        "/api/v1/domains/",
        "/api/v1/mailboxes/a/b/c",
        "/api/v1/",
        "/api/v1/mailboxes/?domain=a.example",
    ],
)
def test_an_unknown_route_is_404_in_the_error_shape(tokens, rest, path):
    """Regression: unknown routes under /api/v1/ (a trailing slash too) answered Django's
    HTML 404 page instead of the documented JSON error."""
    response = rest.client.get(path, HTTP_AUTHORIZATION=f"Bearer {tokens.root}")
    assert response["Content-Type"].startswith("application/json")
    assert error_of(response, 404)["code"] == "not_found"


def test_an_unknown_route_is_404_without_a_token_too(cast, rest):
    assert error_of(rest.get(None, "/nope"), 404)["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("put", "/domains", "GET, HEAD, POST"),
        ("delete", "/ping", "GET, HEAD"),
        ("post", "/audit", "GET, HEAD"),
        ("delete", "/mailboxes/alice@a.example/password", "POST"),
    ],
)
def test_a_method_the_route_does_not_take_is_405_in_the_error_shape(
    tokens, rest, unchanged, method, path, allow
):
    """Regression: ninja's own ``405 text/html "Method not allowed"`` went out as it was."""
    with unchanged():
        response = rest.request(method, tokens.root, path, {})
    error = error_of(response, 405)
    assert error["code"] == "method_not_allowed"
    assert error["message"] == f"{method.upper()} is not allowed here; allowed: {allow}"
    assert response["Allow"] == allow


@pytest.mark.parametrize("path", ["/ping", "/mailboxes?domain=a.example", "/domains/a.example"])
def test_head_answers_like_get_without_a_body(tokens, rest, path):
    """Regression: HEAD answered 405, so probes like ``curl -I /api/v1/ping`` failed
    (RFC 9110 9.1: a server supports GET and HEAD)."""
    got = rest.get(tokens.root, path)
    head = rest.request("head", tokens.root, path)
    assert (head.status_code, head.content) == (200, b"")
    assert head["Content-Type"] == got["Content-Type"]
    assert head["Content-Length"] == str(len(got.content))


def test_head_needs_a_token_and_the_read_scope_as_get_does(tokens, rest):
    assert rest.request("head", None, "/ping").status_code == 401
    narrow = make_token("writes-only", scopes=("write",))
    assert rest.request("head", narrow, "/mailboxes").status_code == 403


def test_head_on_a_route_without_get_is_405(tokens, rest):
    response = rest.request("head", tokens.root, "/mailboxes/alice@a.example/password")
    assert (response.status_code, response["Allow"]) == (405, "POST")


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/mailboxes?domian=b.example", "domian"),
        ("/aliasdomains?order=-name", "order"),
        ("/audit?limit=5&actr=token:root", "actr"),
        ("/mailboxes/alice@a.example?fields=name", "fields"),
        ("/ping?verbose=1", "verbose"),
    ],
)
def test_an_unknown_query_parameter_is_422_naming_it(tokens, rest, path, field):
    """Regression: REST dropped query parameters it did not know (``?domian=b.example``
    listed every mailbox), while JSON-RPC refuses the same typo in params with -32602."""
    error = error_of(rest.get(tokens.root, path), 422)
    assert error == {
        "code": "invalid",
        "message": f"{field}: Extra inputs are not permitted",
        "fields": {field: "extra_forbidden"},
    }


def test_an_unknown_query_parameter_on_a_delete_deletes_nothing(tokens, rest, unchanged):
    with unchanged():
        response = rest.delete(tokens.root, "/aliases/info@a.example?forse=true")
    assert error_of(response, 422)["fields"] == {"forse": "extra_forbidden"}


def test_declared_query_parameters_are_still_taken(tokens, rest):
    page = rest.get(tokens.root, "/mailboxes?domain=b.example&limit=1&order=-email").json()
    assert page["limit"] == 1
    assert all(item["address"].endswith("@b.example") for item in page["items"])


def test_an_unknown_query_parameter_is_refused_only_after_the_token(cast, rest):
    assert error_of(rest.get(None, "/mailboxes?domian=b.example"), 401)["code"] == "unauthorized"


def test_malformed_json_is_400(tokens, rest):
    error = error_of(rest.post(tokens.root, "/domains", "{not json"), 400)
    assert error["code"] == "bad_request"


def test_a_huge_body_is_413(tokens, rest, settings):
    settings.MAILWARDEN_API_MAX_REQUEST_BYTES = 4096
    response = rest.post(tokens.root, "/domains", {"name": "x.example", "description": "x" * 5000})
    assert error_of(response, 413)["code"] == "too_large"


def test_a_missing_scope_is_403_before_the_body_is_read(tokens, rest, unchanged):
    with unchanged():
        error = error_of(rest.post(tokens.reader, "/domains", "{not json"), 403)
    assert error["fields"] == {"scope": "write"}
    with unchanged():
        error_of(rest.delete(tokens.writer, "/aliases/info@a.example"), 403)


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Basic Ym9zczpwdw==", "Bearer mw_00000000_" + "A" * 43, "Token x"],
)
def test_anything_but_a_valid_bearer_token_is_401(cast, rest, authorization):
    extra = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = rest.get(None, "/domains", **extra)
    error = error_of(response, 401)
    assert error["code"] == "unauthorized"
    assert response["WWW-Authenticate"] == 'Bearer realm="mailwarden"'


def test_expired_revoked_and_wrong_address_tokens_are_401(tokens, rest, cast):
    from datetime import timedelta

    from django.utils import timezone

    from mailwarden.tokens.models import ApiToken
    from mailwarden.tokens.services import token_revoke

    expired = make_token("old", expires_days=1)
    ApiToken.objects.filter(name="old").update(expires=timezone.now() - timedelta(1))
    fenced = make_token("fenced", networks=["192.0.2.0/24"])
    token_revoke(actor=cast.root, name="reader", owner_email="boss@ops.example")
    for token in (expired, fenced, tokens.reader):
        assert rest.get(token, "/ping").status_code == 401
    reasons = sorted(
        e.after["reason"] for e in AuditEvent.objects.filter(action="token.auth_failure")
    )
    assert reasons == ["address_not_allowed", "expired", "revoked"]
    assert rest.get(fenced, "/ping", REMOTE_ADDR="192.0.2.9").status_code == 200


def test_a_locked_address_gets_429_with_retry_after(tokens, rest):
    for _ in range(5):
        rest.get("mw_00000000_" + "A" * 43, "/ping")
    response = rest.get(tokens.root, "/ping")
    error = error_of(response, 429)
    assert error["code"] == "too_many_attempts"
    assert int(response["Retry-After"]) > 0


def test_the_destructive_limit_is_429_with_retry_after(tokens, rest, settings):
    settings.MAILWARDEN_API_DELETE_LIMIT = 1
    rest.delete(tokens.root, "/aliases/info@a.example")
    response = rest.delete(tokens.root, "/aliases/info@b.example")
    assert error_of(response, 429)["code"] == "too_many_attempts"
    assert int(response["Retry-After"]) > 3500


def test_an_unexpected_failure_is_500_and_leaks_nothing(tokens, rest, monkeypatch):
    from mailwarden.api import handlers

    def explode(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM somewhere")

    monkeypatch.setattr(handlers.mailbox_selectors, "mailbox_get", explode)
    response = rest.get(tokens.root, "/mailboxes/alice@a.example")
    assert error_of(response, 500) == {
        "code": "internal",
        "message": "internal error",
        "fields": {},
    }


def test_passwords_are_never_in_a_response_or_the_audit_log(tokens, rest):
    response = rest.post(tokens.root, "/mailboxes", {"address": "p@a.example", "password": SECRET})
    assert SECRET not in response.content.decode()
    assert SECRET not in json.dumps([e.to_dict() for e in AuditEvent.objects.all()])


def test_the_rest_door_switched_off_does_not_exist(tokens, rest, settings):
    settings.MAILWARDEN_API_REST_ENABLED = False
    for path in ("/ping", "/openapi.json", "/docs", "/nope", "/domains/"):
        assert rest.get(tokens.root, path).status_code == 404, path
    assert rest.request("head", tokens.root, "/ping").status_code == 404
    assert rest.request("put", tokens.root, "/domains", {}).status_code == 404
