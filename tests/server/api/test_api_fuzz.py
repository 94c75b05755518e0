"""Property-based fuzzing of every operation of the OpenAPI schema, as an admin, through the WSGI app.

Schemathesis reads ``/api/schema/`` and generates valid and invalid requests for each operation;
every response must be free of server errors and match the schema (status code, content type, body).
The same test runs on PostgreSQL in the suite's PostgreSQL pass (see the Makefile's ``test`` target).
"""

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts_app.services import token_create, user_create
from runs_app.services import run_create
from runs_app.worker_liveness import worker_heartbeat_record
from tests.fixtures.clients import PASSWORD

MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Fuzzing these would cut the fuzzing user's own access short, not find a defect: logout ends the
# session, and revoking its own token (ids are small integers, soon guessed) turns every later call
# into a 401. Both are covered by tests/server/api/test_api_auth.py.
EXCLUDED_OPERATIONS = ["auth_logout", "tokens_destroy"]

STATUS_CODES: Counter[int] = Counter()  # every response of the module, printed at its end (-s)

APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/", APP)


@pytest.fixture(scope="module", autouse=True)
def status_code_summary() -> Iterator[None]:
    yield
    total = sum(STATUS_CODES.values())
    print(f"\nschemathesis: {total} requests, status codes {dict(sorted(STATUS_CODES.items()))}")


@pytest.fixture(autouse=True)
def same_connection() -> Iterator[None]:
    """Serve requests on the test's database connection, as Django's test client does.

    The real handler closes the connection when a request ends, which would end the test's transaction.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_headers(catalog_location: Any) -> dict[str, str]:
    """An admin's token, with the catalog location and one run stored so reads find something, and a
    worker's and the daemon's heartbeats so the health check answers 200 (its 503 is tested in tests/server/test_health.py)."""
    user_create(username="fuzzer", role="admin", password=PASSWORD)
    _, key = token_create(username="fuzzer", name="fuzz")
    run_create(selection="group:warehouse")
    worker_heartbeat_record(name="fuzz-worker:1")
    worker_heartbeat_record(name="daemon/fuzz-daemon:2")
    return {"Authorization": f"Token {key}"}


@schema.exclude(operation_id=EXCLUDED_OPERATIONS).parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_api_operation(case: Any, fuzz_headers: dict[str, str]) -> None:
    response = case.call_and_validate(headers=fuzz_headers, checks=CHECKS)
    STATUS_CODES[response.status_code] += 1
