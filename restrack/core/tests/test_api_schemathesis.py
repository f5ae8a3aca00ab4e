"""Schemathesis against the API's own OpenAPI schema (/api/schema/): every operation is called
with generated requests through the WSGI application (in-process, on the test database with the
sample reports and funding figures), anonymously and as a coordinator with a token, and every
answer must be no server error and match the schema (status code, content type, body).

Bounded for CI: a few examples per operation (MAX_EXAMPLES), no deadline, derandomized so that a
run is repeatable, no shrinking. Every failure of every operation is collected and reported at
once: operation, the request (as curl) and the answer."""

import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from restrack.accounts.actions import issue_api_token
from restrack.accounts.tests.factories import UserFactory
from restrack.publish.tests.funding_samples import _shared_funding, sample_funding  # noqa: F401 (fixtures)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 12
BUDGET_SECONDS = 40  # per client; the module must stay well under 90 s
HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


@pytest.fixture
def wsgi_app(sample_funding, settings):  # noqa: F811
    """Django's WSGI application on the test's database connection: the signals that close
    connections at the start and end of each request would end the test's transaction (on
    PostgreSQL, which keeps connections; Django's test client disconnects them the same way)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "testserver"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def run_every_operation(app, headers: dict) -> tuple[list[str], list[str]]:
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)
    failures, ran = [], []
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        ran.append(operation.label)

        @HYPOTHESIS
        @given(case=operation.as_strategy())
        def exercise(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            exercise()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 (every operation's failures are collected)
            failures.append(f"--- {operation.label}\n{error}")
        assert time.monotonic() - started < BUDGET_SECONDS, f"schemathesis exceeded its budget at {operation.label}"
    return ran, failures


def report(failures: list[str]) -> str:
    return f"{len(failures)} operation(s) failed against the schema:\n\n" + "\n\n".join(failures)


def test_anonymous_clients_get_what_the_schema_says(wsgi_app):
    ran, failures = run_every_operation(wsgi_app, {})
    assert len(ran) > 20
    assert not failures, report(failures)


def test_a_coordinator_gets_what_the_schema_says(wsgi_app):
    coordinator = UserFactory(username="schema-coordinator", role="coordinator")
    key = issue_api_token(coordinator, acting_user=coordinator)
    ran, failures = run_every_operation(wsgi_app, {"Authorization": f"Token {key}"})
    assert len(ran) > 20
    assert not failures, report(failures)
