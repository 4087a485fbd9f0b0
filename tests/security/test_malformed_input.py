"""Oversized and malformed input through every door: a clean refusal (naming the field where
the door has fields), nothing written, never a 500 or a traceback.

Hostile text (NUL, control characters, direction overrides, lone surrogates, megabytes) goes
into every text field of every write: of every form of the panel (found by walking its URL
patterns), of every write operation of the table behind REST, JSON-RPC and MCP, and of every
argument of the CLI's commands (found by walking its parser). Hostile numbers go into every
number field. Each door also gets bodies that are not JSON, not UTF-8, nested a hundred
thousand deep or too large, and hostile search terms. Each baseline is accepted as is, so a
refusal is the hostile field's doing. Text in any script, emoji included, is stored intact
on every engine (MariaDB with utf8mb4).
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest
from django import forms
from django.urls import reverse

from mailwarden.api.operations import DELETE, OPERATIONS, WRITE
from mailwarden.api.rest import api
from mailwarden.cli.common import size
from mailwarden.cli.main import build_parser
from mailwarden.web import urls as panel_urls
from mailwarden.web.forms import SizeField, admins, aliases, auth, domains, mailboxes, tokens
from tests.cli.support import cli_runner
from tests.conftest import PASSWORD, Cast, table_snapshot
from tests.security.doors import (
    API,
    bearer,
    cli_refused,
    mcp,
    rest,
    rpc,
    rpc_refused,
    shared_world,
)

NEW_PASSWORD = "another fine passphrase"
MIB = 2**20
TEXT = {
    "nul": "a\x00b",
    "escape": "\x1b[31mred",
    "c1-control": "a\x85b",
    "rtl-override": "\u202egpj.exe",
    "lone-surrogate": "\ud800",
    "megabyte": "x" * MIB,
}
NUMBERS = {"huge": 10**30, "negative": -1, "fraction": 1.5}
# A password may hold any character but NUL; it cannot be a megabyte, nor unencodable.
PASSWORD_TEXT = ("nul", "lone-surrogate", "megabyte")
WORLDWIDE = "Zoë 😀 שלום 𝄞 日本"  # four-byte characters: MariaDB must be utf8mb4


def _extra_rows(cast: Cast) -> None:
    from mailwarden.domains.services import aliasdomain_create, domain_create

    aliasdomain_create(actor=cast.root, name="mirror-a.example", target="a.example")
    domain_create(
        actor=cast.root, name="relay.example", relay=True, relay_transport="smtp:[mx.example.net]"
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker, extra=_extra_rows) as shared:
        yield shared


@pytest.fixture
def quiet(world, db, unchanged):
    """``with quiet(): ...``: the hostile request changes no row and writes no audit event."""
    return unchanged


@pytest.fixture
def mw(capsys, monkeypatch):
    return cli_runner(capsys, monkeypatch)


# The services name some fields for what they hold rather than as the API calls them.
SERVICE_NAMES = {"name": "domain", "target": "domain", "forward_to": "targets"}


def _names_field(fields: dict, name: str) -> bool:
    """``{"targets.0": ...}`` names ``targets``."""
    named = {key.split(".")[0] for key in fields}
    return name in named or SERVICE_NAMES.get(name) in named


# -- the panel: every text and number field of every form ------------------------------------


@dataclass(frozen=True)
class PanelForm:
    """A form page: its form as the page builds it, data it accepts (each case spoils one
    field), who posts it, and the object in its URL."""

    form: type[forms.Form]
    data: dict[str, Any]
    who: str = "admin_a"  # or "boss", or "anonymous"
    kwargs: dict[str, str] = field(default_factory=dict)
    form_kwargs: dict[str, Any] = field(default_factory=dict)
    audited: bool = False  # a refusal is itself audited (a failed login)

    def fields(self) -> dict[str, forms.Field]:
        return self.form(**self.form_kwargs).fields


LIMITS = {
    "max_mailboxes": "0",
    "max_aliases": "0",
    "max_quota": "0",
    "total_quota": "0",
    "default_quota": "0",
}
# Keyed by URL name, with the object after a space when one page shows two forms by object.
PANEL_FORMS = {
    "web:login": PanelForm(
        auth.LoginForm,
        {"email": "boss@ops.example", "password": PASSWORD},
        "anonymous",
        audited=True,
    ),
    "web:own_password": PanelForm(
        auth.OwnPasswordForm,
        {"current": PASSWORD, "password": NEW_PASSWORD},
        audited=True,  # a wrong current password counts toward the lockout, as a login does
    ),
    "web:domain_new": PanelForm(
        domains.DomainCreateForm,
        {
            "name": "new.example",
            "description": "d",
            "active": "on",
            "create_postmaster": "on",
            "postmaster_to": "boss@ops.example",
            **LIMITS,
        },
        "boss",
    ),
    "web:domain_edit": PanelForm(
        domains.DomainEditForm,
        {"description": "d", "active": "on", **LIMITS},
        "boss",
        {"name": "a.example"},
        {"superadmin": True, "kind": "virtual"},
    ),
    "web:domain_edit relay": PanelForm(
        domains.DomainEditForm,
        {"description": "d", "active": "on", "relay_transport": "smtp:[mx.example.net]:25"},
        "boss",
        {"name": "relay.example"},
        {"superadmin": True, "kind": "relay"},
    ),
    "web:domain_delete": PanelForm(
        domains.DomainDeleteForm,
        {"confirm": "a.example"},
        "boss",
        {"name": "a.example"},
        {"names": ("a.example",)},
    ),
    "web:mailbox_new": PanelForm(
        mailboxes.MailboxCreateForm,
        {
            "local_part": "new",
            "domain": "a.example",
            "name": "N",
            "password": NEW_PASSWORD,
            "active": "on",
        },
    ),
    "web:mailbox_detail": PanelForm(
        mailboxes.MailboxEditForm,
        {"name": "N", "quota": "0", "active": "on"},
        kwargs={"address": "alice@a.example"},
    ),
    "web:mailbox_password": PanelForm(
        mailboxes.PasswordForm, {"password": NEW_PASSWORD}, kwargs={"address": "alice@a.example"}
    ),
    "web:mailbox_forwarding": PanelForm(
        mailboxes.ForwardingForm,
        {"targets": "bob@a.example"},
        kwargs={"address": "alice@a.example"},
    ),
    "web:alias_new": PanelForm(
        aliases.AliasCreateForm,
        {"local_part": "new", "domain": "a.example", "targets": "alice@a.example", "active": "on"},
    ),
    "web:alias_detail": PanelForm(
        aliases.AliasEditForm,
        {"targets": "bob@a.example", "active": "on"},
        kwargs={"address": "info@a.example"},
    ),
    "web:aliasdomain_new": PanelForm(
        domains.AliasDomainForm,
        {"name": "mirror.example", "target": "a.example", "active": "on"},
        "boss",
    ),
    "web:admin_new": PanelForm(
        admins.AdminCreateForm,
        {"email": "new@ops.example", "password": NEW_PASSWORD, "domains": "a.example"},
        "boss",
    ),
    "web:admin_detail": PanelForm(
        admins.AdminEditForm,
        {"active": "on", "domains": "a.example"},
        "boss",
        {"email": "admin@a.example"},
    ),
    "web:admin_password": PanelForm(
        mailboxes.PasswordForm, {"password": NEW_PASSWORD}, "boss", {"email": "admin@a.example"}
    ),
    "web:token_new": PanelForm(
        tokens.TokenCreateForm,
        {
            "name": "ci",
            "owner": "boss@ops.example",
            "scopes": ["read"],
            "domains": "a.example",
            "networks": "192.0.2.0/24",
            "expires_days": "30",
        },
        "boss",
    ),
}


def _url_name(key: str) -> str:
    return key.split(" ")[0]


# Form pages left out, and why.
NOT_FUZZED = {
    "web:setup": "answers 404 once an admin exists; tests/web/test_setup.py",
    "web:audit_index": "a filter read from the query string: test_injection.py",
    "web:login_code": "second-factor steps compare a code of at most 32 characters, never "
    "stored; tests/web/test_two_factor.py",
    "web:login_enrol": "as web:login_code",
    "web:two_factor": "as web:login_code",
    "web:two_factor_confirm": "as web:login_code",
    "web:two_factor_disable": "as web:login_code",
}
URL_SAMPLES = {"name": "a.example", "address": "alice@a.example", "email": "admin@a.example"}


def _typed_fields(fields: dict[str, forms.Field]) -> dict[str, str]:
    """Each field a person types into: "password", "number" or "text"."""
    kinds = {}
    for name, form_field in fields.items():
        if isinstance(form_field.widget, forms.PasswordInput):
            kinds[name] = "password"
        elif isinstance(form_field, forms.IntegerField | SizeField):
            kinds[name] = "number"
        elif isinstance(form_field, forms.CharField):
            kinds[name] = "text"
    return kinds


def _forms_in(response) -> list[forms.Form]:
    """The forms a rendered page was given."""
    contexts = response.context
    if contexts is None:
        return []
    if not isinstance(contexts, list):  # one template: a Context, else a ContextList
        contexts = [contexts]
    values = [value for context in contexts for value in context.flatten().values()]
    return [value for value in values if isinstance(value, forms.Form)]


def _refusals(response) -> dict:
    """The errors of the bound forms of a page (empty when the post was accepted)."""
    errors: dict = {}
    for shown in _forms_in(response):
        if shown.is_bound:
            errors |= shown.errors
    return errors


def _form_pages(world) -> set[str]:
    """Every panel page whose GET shows a form with fields to type into."""
    from mailwarden.tokens.models import ApiToken

    samples = URL_SAMPLES | {"prefix": ApiToken.objects.get(name="shop").prefix}
    shown = {_url_name(key): key for key in PANEL_FORMS}
    found = set()
    for pattern in panel_urls.urlpatterns:
        name = f"web:{pattern.name}"
        if name in shown:
            page = PANEL_FORMS[shown[name]]
            who, kwargs = page.who, page.kwargs
        else:
            who = "boss"
            kwargs = {key: samples[key] for key in pattern.pattern.converters}  # type: ignore[union-attr]
        response = world.panel(who).get(reverse(name, kwargs=kwargs))
        if any(_typed_fields(form.fields) for form in _forms_in(response)):
            found.add(name)
    return found


def test_every_panel_form_is_fuzzed(world, db):
    pages = _form_pages(world)
    listed = {_url_name(key) for key in PANEL_FORMS}
    uncovered = pages - listed - set(NOT_FUZZED)
    assert not uncovered, f"add these form pages to PANEL_FORMS: {sorted(uncovered)}"
    assert listed <= pages, "a page in PANEL_FORMS no longer shows a form"


@pytest.mark.parametrize("key", PANEL_FORMS)
def test_each_panel_form_accepts_its_baseline(world, db, key):
    """The baselines are valid, so each refusal below is the spoilt field's doing."""
    page = PANEL_FORMS[key]
    url = reverse(_url_name(key), kwargs=page.kwargs)
    response = world.panel(page.who).post(url, page.data)
    assert response.status_code in (200, 302), response.status_code
    assert not _refusals(response)


def _panel_cases() -> list:
    """(page, field, value) for every field its form has as the page builds it, so a new
    field is fuzzed without being listed."""
    cases = []
    for key, page in PANEL_FORMS.items():
        for name, kind in _typed_fields(page.fields()).items():
            if kind == "number":
                values = {label: str(value) for label, value in NUMBERS.items()}
            else:
                labels = PASSWORD_TEXT if kind == "password" else TEXT
                # A form post is UTF-8 decoded with replacement: no surrogate gets through.
                values = {k: TEXT[k] for k in labels if k != "lone-surrogate"}
            cases += [
                pytest.param(key, name, value, id=f"{key[4:]}-{name}-{label}".replace(" ", "-"))
                for label, value in values.items()
            ]
    return cases


@pytest.mark.parametrize(("key", "name", "value"), _panel_cases())
def test_panel_forms_refuse_hostile_fields(world, quiet, key, name, value):
    page = PANEL_FORMS[key]
    url = reverse(_url_name(key), kwargs=page.kwargs)
    before = table_snapshot()
    with nullcontext() if page.audited else quiet():
        response = world.panel(page.who).post(url, page.data | {name: value})
    assert table_snapshot() == before
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 200:
        assert _refusals(response)  # shown beside a field (the address's, for its domain)


def test_a_failed_login_is_audited_with_what_was_typed_made_inert(world, db):
    """The audit log is read in terminals (``mailwarden audit list``): an escape sequence
    typed as a login address was stored and printed raw."""
    from mailwarden.audit.models import AuditEvent

    typed = "\x1b]0;owned\x07\u202eadmin@a.example"
    world.panel("anonymous").post("/login/", {"email": typed, "password": PASSWORD})
    event = AuditEvent.objects.latest("id")
    assert event.action == "login.failure"
    assert event.actor == "login:\\x1b]0;owned\\x07\\u202eadmin@a.example"
    assert event.object_repr == event.actor.removeprefix("login:")


HOSTILE_NAMES = {
    "nul": "a\x00b",
    "quote-or": "' OR '1'='1",
    "rtl-override": "\u202ea.example",
    "long": "x" * 10_000,
}


@pytest.mark.parametrize("value", list(HOSTILE_NAMES.values()), ids=list(HOSTILE_NAMES))
@pytest.mark.parametrize(
    "pattern",
    [pattern for pattern in panel_urls.urlpatterns if pattern.pattern.converters],  # type: ignore[union-attr]
    ids=lambda pattern: pattern.name,
)
def test_panel_urls_naming_a_hostile_object_are_404(world, quiet, pattern, value):
    """Objects are named in URLs (``/domains/<name>/``): a name that cannot exist is one that
    does not, on GET and on POST."""
    url = reverse(f"web:{pattern.name}", kwargs=dict.fromkeys(pattern.pattern.converters, value))
    with quiet():
        answers = [world.panel("boss").get(url), world.panel("boss").post(url, {"confirm": value})]
    assert all(a.status_code in (404, 405) for a in answers), [a.status_code for a in answers]


def test_a_form_body_that_is_not_utf8_is_a_form_error(world, quiet):
    body = b"name=%FF%FE.example&max_mailboxes=0"
    with quiet():
        response = world.panel("boss").post(
            "/domains/new/", body, content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_a_json_body_to_a_form_is_an_empty_form(world, quiet):
    with quiet():
        response = world.panel("boss").post(
            "/domains/new/", json.dumps({"name": "new.example"}), "application/json"
        )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"name": "x" * (3 * MIB)}, id="three-megabytes"),
        pytest.param({f"f{i}": "x" for i in range(2000)}, id="two-thousand-fields"),
    ],
)
def test_a_form_body_past_djangos_limits_is_400(world, quiet, body):
    with quiet():
        response = world.panel("boss").post("/domains/new/", body)
    assert response.status_code == 400


# -- REST, JSON-RPC, MCP: every field of every write operation -------------------------------

API_WRITES = {
    "domain.create": {
        "name": "new.example",
        "description": "d",
        "postmaster_to": "boss@ops.example",
    },
    "domain.update": {"name": "a.example", "description": "d"},
    "domain.delete": {"name": "a.example", "force": True},
    "mailbox.create": {"address": "new@a.example", "password": NEW_PASSWORD, "name": "N"},
    "mailbox.update": {"address": "alice@a.example", "name": "N", "forward_to": ["bob@a.example"]},
    "mailbox.set_password": {"address": "alice@a.example", "password": NEW_PASSWORD},
    "mailbox.delete": {"address": "bob@a.example"},
    "alias.create": {"address": "new@a.example", "targets": ["alice@a.example"]},
    "alias.update": {"address": "info@a.example", "targets": ["bob@a.example"]},
    "alias.delete": {"address": "info@a.example"},
    "aliasdomain.create": {"name": "mirror.example", "target": "a.example"},
    "aliasdomain.delete": {"name": "mirror-a.example"},
}
# What a field needs beside it to be looked at at all.
COMPANIONS = {
    ("domain.create", "relay_transport"): {"relay": True, "postmaster_to": None},
    ("mailbox.create", "password_hash"): {"password": None},
}
API_TEXT_SIZE = 100_000  # within the 1 MiB body limit, so the field itself is refused


def _schema_kind(schema: dict) -> str | None:
    """A field's kind from its JSON schema: password, text, number, or None (a boolean)."""
    for option in schema.get("anyOf", [schema]):
        option = option.get("items", option)
        if option.get("format") == "password":
            return "password"
        if option.get("type") == "string":
            return "text"
        if option.get("type") == "integer":
            return "number"
    return None


def _api_fields() -> list[tuple[str, str, str]]:
    """(operation, field, kind) for every typed field of every write and delete operation."""
    found = []
    for operation in OPERATIONS.values():
        if operation.scope not in (WRITE, DELETE):
            continue
        properties = operation.params.model_json_schema()["properties"]
        for name, schema in properties.items():
            if (kind := _schema_kind(schema)) is not None:
                found.append((operation.name, name, kind))
    return found


def _api_values(kind: str) -> dict[str, Any]:
    """The hostile values for a kind of field; a megabyte is the body limit's (413) below."""
    if kind == "number":
        return dict(NUMBERS)
    labels = PASSWORD_TEXT if kind == "password" else TEXT
    values = {label: TEXT[label] for label in labels if label != "megabyte"}
    return values | {"100-kilobytes": "x" * API_TEXT_SIZE}


def _spoilt(operation: str, name: str, value: Any) -> dict:
    params = API_WRITES[operation] | COMPANIONS.get((operation, name), {})
    listed = name in ("targets", "forward_to")
    return params | {name: [value] if listed else value}


API_CASES = [
    pytest.param(operation, name, value, id=f"{operation}-{name}-{label}")
    for operation, name, kind in _api_fields()
    for label, value in _api_values(kind).items()
]


def test_every_write_operation_has_a_baseline():
    writes = {op.name for op in OPERATIONS.values() if op.scope in (WRITE, DELETE)}
    assert set(API_WRITES) == writes


@pytest.mark.parametrize("operation", API_WRITES)
def test_each_api_baseline_is_accepted(world, db, operation):
    answer = rpc(world.root_token, operation, API_WRITES[operation])
    assert "result" in answer, answer


def _rest_routes() -> dict[str, tuple[str, str]]:
    """Each operation's (method, path template) in the OpenAPI document."""
    document = api.get_openapi_schema()
    return {
        spec["operationId"].replace("_", ".", 1): (method, path.removeprefix("/api/v1"))
        for path, methods in document["paths"].items()
        for method, spec in methods.items()
    }


REST_ROUTES = _rest_routes()


def _rest_send(token: str, operation: str, params: dict):
    method, template = REST_ROUTES[operation]
    path, body = template, dict(params)
    for name in list(body):
        if f"{{{name}}}" in path:
            # A surrogate in a URL is bytes that are not UTF-8.
            raw = str(body.pop(name)).encode("utf-8", "surrogatepass")
            path = path.replace(f"{{{name}}}", quote(raw, safe=""))
    if method == "delete":
        return rest(token, method, path, query={k: str(v).lower() for k, v in body.items()})
    return rest(token, method, path, body=body)


@pytest.mark.parametrize(("operation", "name", "value"), API_CASES)
def test_rest_refuses_hostile_fields(world, quiet, operation, name, value):
    with quiet():
        response = _rest_send(world.root_token, operation, _spoilt(operation, name, value))
    assert response.status_code == 422, response.content
    assert _names_field(response.json()["error"]["fields"], name), response.json()


@pytest.mark.parametrize(("operation", "name", "value"), API_CASES)
def test_rpc_refuses_hostile_params(world, quiet, operation, name, value):
    with quiet():
        error = rpc_refused(rpc(world.root_token, operation, _spoilt(operation, name, value)))
    assert error["code"] in (-32602, -32001, -32005), error
    if error["code"] != -32001:
        assert _names_field(error["data"]["fields"], name), error


@pytest.mark.parametrize(
    ("operation", "name", "value"),
    [
        pytest.param(operation, name, value, id=f"{operation}-{name}-{label}")
        for operation, name, kind in _api_fields()
        for label, value in list(_api_values(kind).items())[:2]  # same gate as JSON-RPC
    ],
)
def test_mcp_refuses_hostile_arguments(world, quiet, operation, name, value):
    tool = operation.replace(".", "_")
    with quiet():
        answer = mcp(world.root_token, tool, _spoilt(operation, name, value))
    assert answer["result"]["isError"] is True, answer


# -- bodies that are not what they claim ------------------------------------------------------


def _envelope(door: str, params: bytes) -> tuple[str, bytes]:
    """(URL, body) carrying ``params`` (raw JSON bytes) to domain.create through a door."""
    if door == "rest":
        return "/api/v1/domains", params
    if door == "rpc":
        return "/rpc", b'{"jsonrpc": "2.0", "id": 1, "method": "domain.create", "params": %s}' % (
            params
        )
    return "/mcp", (
        b'{"jsonrpc": "2.0", "id": 1, "method": "tools/call", '
        b'"params": {"name": "domain_create", "arguments": %s}}' % params
    )


BODIES = {
    "not-utf8": b'{"name": "\xff\xfe.example"}',
    "lone-surrogate": b'{"name": "\\ud800.example"}',
    "nested-deep": b"[" * 100_000 + b"]" * 100_000,
    "string": b'"new.example"',
    "number": b"1",
    "null": b"null",
    "huge-integer": b'{"name": "new.example", "max_mailboxes": ' + b"9" * 5000 + b"}",
    "float-overflow": b'{"name": "new.example", "max_mailboxes": 1e400}',
    "nan": b'{"name": "new.example", "max_mailboxes": NaN}',
    "trailing-garbage": b'{"name": "new.example"} x',
    "truncated": b'{"name": "new.ex',
}


@pytest.mark.parametrize("door", ["rest", "rpc", "mcp"])
@pytest.mark.parametrize("body", list(BODIES.values()), ids=list(BODIES))
def test_malformed_bodies_are_refused(world, quiet, door, body):
    url, data = _envelope(door, body)
    with quiet():
        response = API.post(url, data, "application/json", **bearer(world.root_token))
    assert response.status_code in (200, 400, 422), response.content
    if door == "rest":
        assert response.status_code in (400, 422), response.content
    elif response.status_code == 200:
        answer = response.json()
        assert "error" in answer or answer["result"]["isError"] is True, answer
        if "error" in answer:
            rpc_refused(answer)


@pytest.mark.parametrize("door", ["rest", "rpc", "mcp"])
def test_an_empty_body_is_refused(world, quiet, door):
    url, _ = _envelope(door, b"{}")
    with quiet():
        response = API.post(url, b"", "application/json", **bearer(world.root_token))
    assert response.status_code in (200, 400, 422), response.content
    if response.status_code == 200:
        answer = response.json()
        assert "error" in answer or answer["result"]["isError"] is True, answer


@pytest.mark.parametrize("door", ["rest", "rpc", "mcp"])
def test_a_megabyte_field_is_413_before_it_is_read(world, quiet, door):
    url, data = _envelope(door, json.dumps({"name": "x" * MIB}).encode())
    with quiet():
        response = API.post(url, data, "application/json", **bearer(world.root_token))
    assert response.status_code == 413


def test_rest_reads_json_whatever_content_type_is_declared(world, db):
    """Bearer-only, so a declared type protects nothing (no cookie rides on a cross-site
    form): the body must be JSON, and is read as JSON. Pinned so a change is deliberate."""
    response = API.post(
        "/api/v1/domains", b'{"name": "new.example"}', "text/plain", **bearer(world.root_token)
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", b"name=new.example"),
        (
            "multipart/form-data; boundary=b",
            b'--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nnew.example\r\n--b--\r\n',
        ),
    ],
    ids=["form", "multipart"],
)
def test_rest_refuses_a_form_body(world, quiet, content_type, body):
    with quiet():
        response = API.post("/api/v1/domains", body, content_type, **bearer(world.root_token))
    assert response.status_code == 400


def test_json_rpc_takes_curls_default_content_type(world, db):
    """docs/api.md's example is ``curl -d``, which says application/x-www-form-urlencoded."""
    message = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    response = API.post(
        "/rpc",
        json.dumps(message),
        "application/x-www-form-urlencoded",
        **bearer(world.root_token),
    )
    assert response.json()["result"]["pong"] is True


# -- search terms no engine could compare ----------------------------------------------------

SEARCHES = {"nul": "a\x00b", "escape": "\x1b[0m", "lone-surrogate": "\ud800"}


@pytest.mark.parametrize("label", ["nul", "escape"])
@pytest.mark.parametrize("page", ["/domains/", "/mailboxes/", "/aliases/"])
def test_the_panel_refuses_a_search_it_cannot_run(world, quiet, page, label):
    """PostgreSQL failed on NUL (500) and SQLite's LIKE stopped at it, matching every row."""
    with quiet():
        response = world.panel("admin_a").get(page, {"q": SEARCHES[label]})
    assert response.status_code == 400


def test_a_search_that_is_not_utf8_matches_nothing(world, db):
    response = world.panel("admin_a").get("/mailboxes/?q=%FF%FE")
    assert response.status_code == 200
    assert response.context["page"].total == 0


@pytest.mark.parametrize("label", list(SEARCHES))
@pytest.mark.parametrize(
    ("kind", "param"),
    [("domains", "search"), ("mailboxes", "search"), ("aliases", "search"), ("audit", "actor")],
)
def test_the_apis_refuse_a_search_they_cannot_run(world, quiet, kind, param, label):
    value = SEARCHES[label]
    method = "audit.list" if kind == "audit" else f"{kind}.list"
    with quiet():
        error = rpc_refused(rpc(world.token_a, method, {param: value}))
        raw = quote(value.encode("utf-8", "surrogatepass"), safe="")
        response = rest(world.token_a, "get", f"/{kind}", query=f"{param}={raw}")
    assert error["code"] in (-32602, -32005)
    assert response.status_code in (200, 422), response.content
    if response.status_code == 200:  # the door replaced what was not UTF-8: nothing matches
        assert response.json()["total"] == 0


@pytest.mark.parametrize("label", list(SEARCHES))
@pytest.mark.parametrize(
    "argv",
    [
        ("domain", "list", "--search"),
        ("mailbox", "list", "--search"),
        ("alias", "list", "--search"),
        ("audit", "list", "--actor"),
        ("audit", "list", "--action"),
    ],
    ids=lambda argv: "-".join(argv),
)
def test_the_cli_refuses_a_search_it_cannot_run(world, quiet, mw, argv, label):
    with quiet():
        run = mw(*argv[:-1], f"{argv[-1]}={SEARCHES[label]}")
    cli_refused(run)


# -- the CLI: every text and number argument of every command that names or changes data -----

CLI_COMMANDS = {
    ("domain", "add"): ["new.example", "--description=d", "--postmaster-to=boss@ops.example"],
    ("domain", "show"): ["a.example"],
    ("domain", "edit"): ["a.example", "--description=d"],
    ("domain", "delete"): ["a.example", "--force"],
    ("mailbox", "add"): ["new@a.example", "--name=N", "--password-stdin"],
    ("mailbox", "show"): ["alice@a.example"],
    ("mailbox", "edit"): ["alice@a.example", "--name=N", "--forward-to=bob@a.example"],
    ("mailbox", "passwd"): ["alice@a.example", "--password-stdin"],
    ("mailbox", "delete"): ["bob@a.example"],
    ("alias", "add"): ["new@a.example", "--to=alice@a.example"],
    ("alias", "show"): ["info@a.example"],
    ("alias", "edit"): ["info@a.example", "--to=bob@a.example"],
    ("alias", "delete"): ["info@a.example"],
    ("aliasdomain", "add"): ["mirror.example", "--to=a.example"],
    ("aliasdomain", "delete"): ["mirror-a.example"],
    ("admin", "add"): ["new@ops.example", "--domain=a.example", "--password-stdin"],
    ("admin", "edit"): ["admin@a.example", "--domain=a.example"],
    ("admin", "passwd"): ["admin@a.example", "--password-stdin"],
    ("admin", "delete"): ["admin@a.example"],
    ("admin", "reset-2fa"): ["admin@a.example"],
    ("token", "add"): ["ci", "--owner=boss@ops.example", "--scope=read", "--domain=a.example"],
    ("token", "revoke"): ["root", "--owner=boss@ops.example"],
}
CLI_GROUPS = ("domain", "mailbox", "alias", "aliasdomain", "admin", "token")
# Real arguments cannot hold NUL (execve refuses) nor a megabyte (128 KiB per argument),
# but an in-process call can, and the services must hold either way. "\udcff" is how Python
# hands over the byte 0xff of an argument that is not UTF-8.
CLI_TEXT = {
    "nul": "a\x00b",
    "rtl-override": "\u202egpj.exe",
    "not-utf8": "\udcff",
    "megabyte": "x" * MIB,
}
CLI_NUMBERS = {"huge": "9" * 30, "negative": "-1", "fraction": "1.5"}


def _cli_arguments() -> list[tuple[tuple[str, str], str, str]]:
    """((group, action), argument, kind) for every argument taking a value of every action
    of the data groups (a positional by its name, an option by its flag)."""
    found = []
    groups = next(a for a in build_parser()._actions if a.dest == "command")
    for group in CLI_GROUPS:
        actions = next(a for a in groups.choices[group]._actions if a.dest == "action")
        for action, parser in actions.choices.items():
            if action == "list":
                continue
            for argument in parser._actions:
                if argument.nargs == 0 or argument.choices or argument.dest == "help":
                    continue
                if argument.type not in (None, int, size):
                    continue  # yes/no switches: argparse's own
                kind = "text" if argument.type is None else "number"
                name = argument.option_strings[-1] if argument.option_strings else argument.dest
                found.append(((group, action), name, kind))
    return found


def _cli_argv(command: tuple[str, str], argument: str, value: str) -> list[str]:
    baseline = CLI_COMMANDS[command]
    if argument.startswith("--"):
        kept = [a for a in baseline if not a.startswith(f"{argument}=")]
        return [*command, *kept, f"{argument}={value}"]
    return [*command, value, *baseline[1:]]


def test_every_cli_command_has_a_baseline():
    commands = {command for command, _, _ in _cli_arguments()}
    assert commands == set(CLI_COMMANDS)


@pytest.mark.parametrize("command", CLI_COMMANDS, ids=" ".join)
def test_each_cli_baseline_is_accepted(world, db, mw, command):
    run = mw(*command, *CLI_COMMANDS[command], stdin=NEW_PASSWORD + "\n")
    assert run.code == 0, run.err


CLI_CASES = [
    pytest.param(command, argument, value, id=f"{' '.join(command)}-{argument}-{label}")
    for command, argument, kind in _cli_arguments()
    for label, value in (CLI_NUMBERS if kind == "number" else CLI_TEXT).items()
]


@pytest.mark.parametrize(("command", "argument", "value"), CLI_CASES)
def test_the_cli_refuses_hostile_arguments(world, quiet, mw, command, argument, value):
    with quiet():
        run = mw(*_cli_argv(command, argument, value), stdin=NEW_PASSWORD + "\n")
    cli_refused(run)


@pytest.mark.parametrize(
    "stdin",
    [
        pytest.param("long enough\x00password\n", id="nul"),
        pytest.param(b"\xff\xfe long enough password\n", id="not-utf8"),
        pytest.param("x" * MIB + "\n", id="megabyte"),
    ],
)
@pytest.mark.parametrize(
    "command", [("mailbox", "passwd", "alice@a.example"), ("admin", "passwd", "admin@a.example")]
)
def test_the_cli_refuses_a_hostile_password_on_stdin(world, quiet, mw, command, stdin):
    with quiet():
        run = mw(*command, "--password-stdin", stdin=stdin)
    assert "password" in cli_refused(run)


# -- text in any script is stored intact, on every engine -----------------------------------


def test_rest_stores_text_in_any_script_intact(world, db):
    from mailwarden.domains.models import Domain
    from mailwarden.mailboxes.models import Mailbox

    rest(world.root_token, "patch", "/domains/a.example", body={"description": WORLDWIDE})
    created = rest(
        world.root_token,
        "post",
        "/mailboxes",
        body={"address": "zoe@a.example", "password": NEW_PASSWORD, "name": WORLDWIDE},
    )
    assert created.json()["name"] == WORLDWIDE
    assert Mailbox.objects.get(address__email="zoe@a.example").name == WORLDWIDE
    assert Domain.objects.get(name="a.example").description == WORLDWIDE


def test_the_panel_and_the_cli_store_text_in_any_script_intact(world, db, mw):
    from mailwarden.domains.models import Domain
    from mailwarden.mailboxes.models import Mailbox

    world.panel("admin_a").post(
        "/mailboxes/alice@a.example/", {"name": WORLDWIDE, "quota": "0", "active": "on"}
    )
    assert mw("domain", "edit", "b.example", f"--description={WORLDWIDE}").code == 0
    assert Mailbox.objects.get(address__email="alice@a.example").name == WORLDWIDE
    assert Domain.objects.get(name="b.example").description == WORLDWIDE
