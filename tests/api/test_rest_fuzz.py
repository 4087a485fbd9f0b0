"""Schemathesis fuzzes the REST API from its own OpenAPI document: no 500, no response that
breaks the document (status codes, content types, headers, bodies).

Bounded for CI: a fixed number of examples per operation, derandomized so a failure
reproduces, in-process through WSGI (the test database is the one the requests see).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES_PER_OPERATION = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _room_to_delete(settings):
    settings.MAILWARDEN_API_DELETE_LIMIT = 10_000


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django closes the database connection after each request it serves; inside a test
    that would close the test's own transaction (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def fuzz(token: str) -> int:
    """Run every operation's examples with ``token``; return how many requests were made."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    made = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:
            nonlocal made
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
            made += 1

        run()
    return made


def test_a_superadmin_token_cannot_make_the_api_fail_or_break_its_document(tokens):
    assert fuzz(tokens.root) > 100


def test_a_domain_admin_token_cannot_make_the_api_fail_or_break_its_document(tokens):
    assert fuzz(tokens.admin_a) > 100
