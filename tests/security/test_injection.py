"""SQL injection through every search, filter, sort and page parameter of every door.

Each door's list endpoints are derived from the door itself (the panel's URL patterns and the
query parameters its views read, the OpenAPI document, the operation table behind JSON-RPC
and MCP, the CLI's argument parser), so a new list or a new parameter without coverage fails
here. Each (door, endpoint, parameter, payload) is its own test: the answer is a clean
refusal or a page of rows, never a 500; a filter matches nothing it should not; the admin of
a.example sees nothing of b.example; nothing is written; and no ``ORDER BY`` reaches a hash,
a secret or a random order (a sort key is never an ORM path such as
``domain__admin_memberships__admin__password``, nor ``?``).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import cached_property

from mailwarden.addresses.selectors import alias_list
from mailwarden.api.operations import OPERATIONS, READ
from mailwarden.api.rest import api
from mailwarden.cli.main import build_parser
from mailwarden.core.errors import Invalid
from mailwarden.domains.selectors import domain_list
from mailwarden.mailboxes.selectors import mailbox_list
from mailwarden.web import urls as panel_urls
from tests.cli.support import cli_runner
from tests.conftest import PASSWORD, Cast
from tests.security.doors import (
    OUT_OF_SCOPE,
    assert_sorted_by_nothing_secret,
    mcp,
    rest,
    rpc,
    shared_world,
)

PAYLOADS = {
    "quote-or": "' OR '1'='1",
    "drop-table": '"; DROP TABLE mailwarden_mailbox; --',
    "union-select": "1) UNION SELECT password FROM mailwarden_mailbox --",
    "comment": "a.example'--",
    "backslash": "\\",
    "escaped-wildcard": "\\%",
    "orm-path": "domain__admin_memberships__admin__password",
    "hash-column": "-password",
    "random-order": "?",
    "sort-then-drop": "email; DROP TABLE mailwarden_address",
    "negative": "-1",
    "exponent": "1e9",
    "huge": "9" * 30,
}
# Each kind of parameter gets the payloads that could break it (every parameter is text on
# the wire, so each set also holds a quote).
PAYLOADS_FOR = {
    "text": ("quote-or", "drop-table", "union-select", "comment", "backslash", "escaped-wildcard"),
    "sort": ("quote-or", "orm-path", "hash-column", "random-order", "sort-then-drop"),
    "number": ("quote-or", "negative", "exponent", "huge"),
    "typed": ("quote-or", "huge"),  # booleans and dates: anything else is simply refused
}
KINDS = {
    "order": "sort",
    "sort": "sort",
    "limit": "number",
    "offset": "number",
    "page": "number",
    "active": "typed",
    "revoked": "typed",
    "since": "typed",
    "until": "typed",
}


def payloads(param: str) -> list[tuple[str, str]]:
    """(label, payload) for a parameter, by its name: the same names mean the same in every
    door. Anything not named above is text (searches, filters, names in paths)."""
    kind = KINDS.get(param.lstrip("-"), "text")
    return [(label, PAYLOADS[label]) for label in PAYLOADS_FOR[kind]]


# Parameters that narrow the rows: none of the payloads above names anything that exists.
FILTERS = {"q", "search", "domain", "target", "actor", "action", "owner", "to"}


def _extra_rows(cast: Cast) -> None:
    """Addresses holding LIKE's wildcards, in both domains, to prove they are matched
    literally and within scope."""
    from mailwarden.addresses.services import alias_create
    from mailwarden.mailboxes.services import mailbox_create

    for domain in ("a.example", "b.example"):
        mailbox_create(actor=cast.root, address=f"x_y@{domain}", password=PASSWORD)
        alias_create(actor=cast.root, address=f"100%@{domain}", targets=[f"alice@{domain}"])


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker, extra=_extra_rows) as shared:
        yield shared


@pytest.fixture
def checked(world, db, unchanged):
    """Around one hostile request: rows unchanged, and the SQL it ran, to read its sorting."""

    @contextmanager
    def check():
        with unchanged(), CaptureQueriesContext(connection) as queries:
            yield
        assert_sorted_by_nothing_secret(queries)

    return check


# -- the panel -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reads:
    """What a panel page reads from its query string, and who fuzzes it."""

    params: tuple[str, ...]  # every query parameter the page reads
    filters: tuple[str, ...] = ()  # those that narrow its rows
    who: str = "admin_a"  # "boss" for superadmin pages, "anonymous" for the login page


LIST_QUERY = ("q", "order", "active", "page")  # what web.listing.list_query reads
PANEL_READS = {
    "web:login": Reads(("next",), who="anonymous"),
    "web:domain_index": Reads(LIST_QUERY, ("q",)),
    "web:mailbox_index": Reads((*LIST_QUERY, "domain"), ("q", "domain")),
    "web:mailbox_new": Reads(("domain",)),
    "web:alias_index": Reads((*LIST_QUERY, "domain"), ("q", "domain")),
    "web:alias_new": Reads(("domain",)),
    "web:aliasdomain_index": Reads((*LIST_QUERY, "target"), ("target",)),
    "web:aliasdomain_new": Reads(("target",), who="boss"),
    "web:admin_index": Reads(LIST_QUERY, who="boss"),
    "web:audit_index": Reads(
        (*LIST_QUERY, "domain", "actor", "action", "since", "until", "without_calls"),
        ("domain", "actor", "action"),
    ),
    "web:token_index": Reads((*LIST_QUERY, "revoked")),
}


class _RecordingQueryDict(QueryDict):
    """A query string that remembers which parameters the view asked for."""

    def __init__(self, *args, read: set[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.read = read if read is not None else set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def _getlist(self, key, *args, **kwargs):
        self.read.add(key)
        return super()._getlist(key, *args, **kwargs)

    def __contains__(self, key) -> bool:
        self.read.add(key)
        return super().__contains__(key)


def _parameterless_panel_pages() -> list[str]:
    return [
        f"web:{pattern.name}"
        for pattern in panel_urls.urlpatterns
        if not pattern.pattern.converters  # type: ignore[union-attr]
    ]


def test_every_panel_page_is_fuzzed_on_every_query_parameter_it_reads(world, db, monkeypatch):
    read: set[str] = set()

    def recording_get(request):
        return _RecordingQueryDict(request.META.get("QUERY_STRING", ""), read=read)

    prop = cached_property(recording_get)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)
    uncovered = {}
    for name in _parameterless_panel_pages():
        read.clear()
        response = world.panel("boss").get(reverse(name))
        lists_rows = response.context is not None and response.context.get("page") is not None
        reads = PANEL_READS.get(name)
        fuzzed = set(reads.params) if reads else set()
        if (lists_rows and reads is None) or not read <= fuzzed:
            uncovered[name] = sorted(read - fuzzed) or "a list page"
    assert not uncovered, f"add these pages/parameters to PANEL_READS: {uncovered}"
    assert set(PANEL_READS) <= set(_parameterless_panel_pages())


PANEL_CASES = [
    pytest.param(name, param, payload, id=f"{name[4:]}-{param}-{label}")
    for name, reads in PANEL_READS.items()
    for param in reads.params
    for label, payload in payloads(param)
]


@pytest.mark.parametrize(("name", "param", "payload"), PANEL_CASES)
def test_panel_query_parameters_are_inert(world, checked, name, param, payload):
    reads = PANEL_READS[name]
    client = world.panel(reads.who)
    with checked():
        response = client.get(reverse(name), {param: payload})
    assert response.status_code in (200, 400, 404), response.status_code
    if response.status_code != 200:
        return
    if reads.who == "admin_a":
        assert OUT_OF_SCOPE not in response.content.decode()
    page = response.context.get("page")
    if param in reads.filters and page is not None:
        assert page.total == 0, [str(item) for item in page.items]


# -- REST: every parameter of every GET route in the OpenAPI document ------------------------


def _rest_reads() -> list[tuple[str, str, str, str]]:
    """(operationId, path, where, parameter) for every GET route of the document."""
    document = api.get_openapi_schema()
    found = []
    for path, methods in document["paths"].items():
        get = methods.get("get")
        for parameter in (get or {}).get("parameters", []):
            found.append((get["operationId"], path, parameter["in"], parameter["name"]))
    return found


REST_CASES = [
    pytest.param(path, where, param, payload, id=f"{operation}-{param}-{label}")
    for operation, path, where, param in _rest_reads()
    for label, payload in payloads(param)
]


def test_the_rest_document_has_list_parameters_to_fuzz():
    """Guards the derivation: an empty list would make the REST cases vacuous."""
    lists = {operation for operation, _, where, _ in _rest_reads() if where == "query"}
    assert {"domains_list", "mailboxes_list", "aliases_list", "audit_list"} <= lists


@pytest.mark.parametrize(("path", "where", "param", "payload"), REST_CASES)
def test_rest_parameters_are_inert(world, checked, path, where, param, payload):
    route = path.removeprefix("/api/v1")
    with checked():
        if where == "path":
            response = rest(world.token_a, "get", route.replace(f"{{{param}}}", quote(payload, "")))
        else:
            response = rest(world.token_a, "get", route, query={param: payload})
    assert response.status_code in (200, 404, 422), response.content
    assert OUT_OF_SCOPE not in response.content.decode()
    if response.status_code == 200 and param in FILTERS:
        assert response.json()["total"] == 0, response.json()


# -- JSON-RPC and MCP: every param of every read operation in the table ----------------------


def _read_params() -> list[tuple[str, str]]:
    return [
        (operation.name, field)
        for operation in OPERATIONS.values()
        if operation.scope == READ
        for field in operation.params.model_fields
    ]


RPC_CASES = [
    pytest.param(method, param, payload, id=f"{method}-{param}-{label}")
    for method, param in _read_params()
    for label, payload in payloads(param)
]


def _answered_cleanly(answer: dict, param: str) -> None:
    if "error" in answer:
        assert answer["error"]["code"] in (-32602, -32001, -32005), answer
        return
    result = answer["result"]
    if param in FILTERS and "total" in result:
        assert result["total"] == 0, result


@pytest.mark.parametrize(("method", "param", "payload"), RPC_CASES)
def test_rpc_params_are_inert(world, checked, method, param, payload):
    with checked():
        answer = rpc(world.token_a, method, {param: payload})
    assert OUT_OF_SCOPE not in str(answer)
    _answered_cleanly(answer, param)


@pytest.mark.parametrize(
    ("method", "param", "payload"),
    [
        pytest.param(method, param, payload, id=f"{method}-{param}-{label}")
        for method, param in _read_params()
        for label, payload in payloads(param)[:2]  # the door adds no parsing of its own
    ],
)
def test_mcp_arguments_are_inert(world, checked, method, param, payload):
    with checked():
        answer = mcp(world.token_a, method.replace(".", "_"), {param: payload})
    assert OUT_OF_SCOPE not in str(answer)
    assert "error" not in answer, answer  # refusals are tool results, never protocol errors
    result = answer["result"]
    if not result["isError"] and param in FILTERS and "total" in result["structuredContent"]:
        assert result["structuredContent"]["total"] == 0, result


# -- the CLI: every option of every ``list`` command -----------------------------------------


def _cli_list_options() -> list[tuple[str, str]]:
    """(group, option) for every option taking a value of every ``<group> list`` command."""
    found = []
    groups = next(a for a in build_parser()._actions if a.dest == "command")
    for group, group_parser in groups.choices.items():
        actions = next((a for a in group_parser._actions if a.dest == "action"), None)
        if actions is None or "list" not in actions.choices:
            continue
        for option in actions.choices["list"]._actions:
            if option.option_strings and option.nargs != 0:
                found.append((group, option.option_strings[-1]))
    return found


def test_every_cli_list_command_is_fuzzed():
    groups = {group for group, _ in _cli_list_options()}
    assert {"domain", "mailbox", "alias", "aliasdomain", "admin", "audit", "token"} <= groups


CLI_CASES = [
    pytest.param(group, option, payload, id=f"{group}-{option[2:]}-{label}")
    for group, option in _cli_list_options()
    for label, payload in payloads(option)
]


@pytest.fixture
def mw(capsys, monkeypatch):
    return cli_runner(capsys, monkeypatch)


@pytest.mark.parametrize(("group", "option", "payload"), CLI_CASES)
def test_cli_list_options_are_inert(world, checked, mw, group, option, payload):
    with checked():
        run = mw("--json", group, "list", f"{option}={payload}")
    assert "Traceback" not in run.err
    assert run.code in (0, 1, 2), run
    if run.code == 0 and option.lstrip("-") in FILTERS:
        assert run.json()["total"] == 0, run.out


# -- sorting is an allow-list in the selectors, for every door -------------------------------

HOSTILE_ORDERS = [
    "-password",
    "domain__admin_memberships__admin__password",
    "mailbox__password",
    "admin_memberships__admin__password",
    "?",
    "email; DROP TABLE mailwarden_address",
    "pk",
]


@pytest.mark.parametrize("order", HOSTILE_ORDERS)
@pytest.mark.parametrize(
    "selector", [domain_list, mailbox_list, alias_list], ids=lambda f: f.__name__
)
def test_the_selectors_sort_only_by_their_allow_list(world, db, selector, order):
    with pytest.raises(Invalid) as refused:
        selector(actor=world.cast.superadmin, order=order)
    assert refused.value.fields == {"order": "invalid"}


# -- LIKE's wildcards are literal, and searches stay in scope --------------------------------

WILDCARDS = [
    pytest.param("mailboxes", "_", ["x_y@a.example"], id="mailboxes-underscore"),
    pytest.param("mailboxes", "%", [], id="mailboxes-percent"),
    pytest.param("aliases", "%", ["100%@a.example"], id="aliases-percent"),
    pytest.param("aliases", "_", [], id="aliases-underscore"),
    pytest.param("aliases", "0%@", ["100%@a.example"], id="aliases-percent-inside"),
    pytest.param("domains", "_", [], id="domains-underscore"),
    pytest.param("domains", "%", [], id="domains-percent"),
]
PANEL_PAGE = {"mailboxes": "/mailboxes/", "aliases": "/aliases/", "domains": "/domains/"}
KEY = {"mailboxes": "address", "aliases": "address", "domains": "name"}


@pytest.mark.parametrize(("kind", "term", "expected"), WILDCARDS)
def test_wildcards_match_literally_in_the_panel(world, db, kind, term, expected):
    response = world.panel("admin_a").get(PANEL_PAGE[kind], {"q": term})
    page = response.context["page"]
    assert [getattr(item, "email", None) or item.name for item in page.items] == expected


@pytest.mark.parametrize(("kind", "term", "expected"), WILDCARDS)
def test_wildcards_match_literally_over_rest_rpc_and_mcp(world, db, kind, term, expected):
    answers = [
        rest(world.token_a, "get", f"/{kind}", query={"search": term}).json(),
        rpc(world.token_a, f"{kind}.list", {"search": term})["result"],
        mcp(world.token_a, f"{kind}_list", {"search": term})["result"]["structuredContent"],
    ]
    for answer in answers:
        assert [item[KEY[kind]] for item in answer["items"]] == expected


@pytest.mark.parametrize(("kind", "term", "expected"), WILDCARDS)
def test_wildcards_match_literally_on_the_command_line(world, db, mw, kind, term, expected):
    """The operator sees both domains: the same rows of b.example join those of a.example."""
    group = {"mailboxes": "mailbox", "aliases": "alias", "domains": "domain"}[kind]
    run = mw("--json", group, "list", f"--search={term}")
    both = sorted(expected + [row.replace("a.example", "b.example") for row in expected])
    assert sorted(item[KEY[kind]] for item in run.json()["items"]) == both
