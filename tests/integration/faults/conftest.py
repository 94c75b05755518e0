"""Stacks of real server processes for fault tests, on every broker the machine offers.

``embedded`` (SQLite database, embedded broker) always runs; ``redis`` and ``rabbitmq``
(on PostgreSQL) run when ``ORCHESTRATOR_TEST_POSTGRES_URL`` and ``ORCHESTRATOR_TEST_REDIS_URL``
/ ``ORCHESTRATOR_TEST_AMQP_URL`` are set, as ``.ci/run`` does.
"""

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.fixtures.locations import PROJECTS
from tests.fixtures.stack import ServerStack, fresh_postgres_database, redis_url_with_db

FAULTS_PROJECT = PROJECTS / "faults_project.py"
POSTGRES_URL = os.environ.get("ORCHESTRATOR_TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("ORCHESTRATOR_TEST_REDIS_URL", "")
AMQP_URL = os.environ.get("ORCHESTRATOR_TEST_AMQP_URL", "")
# A Redis database of its own, so the stack's queue holds only its messages.
STACK_REDIS_DB = 13


def _needs(*variables: str) -> pytest.MarkDecorator:
    missing = [v for v in variables if not os.environ.get(v)]
    return pytest.mark.skipif(bool(missing), reason=f"set {' and '.join(missing)} to run on these services")


BROKERS = [
    pytest.param("embedded", id="embedded"),
    pytest.param(
        "redis",
        id="postgres+redis",
        marks=_needs("ORCHESTRATOR_TEST_POSTGRES_URL", "ORCHESTRATOR_TEST_REDIS_URL"),
    ),
    pytest.param(
        "rabbitmq",
        id="postgres+rabbitmq",
        marks=_needs("ORCHESTRATOR_TEST_POSTGRES_URL", "ORCHESTRATOR_TEST_AMQP_URL"),
    ),
]


def control_dir(stack: ServerStack) -> Path:
    path = stack.home / "faults"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module", params=BROKERS)
def stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerStack]:
    """web + a prefork worker + daemon on the faults project; module-wide per broker."""
    with ExitStack() as resources:
        database_url = broker_url = None
        if request.param != "embedded":
            database_url = resources.enter_context(fresh_postgres_database(POSTGRES_URL))
            if request.param == "redis":
                broker_url = redis_url_with_db(REDIS_URL, STACK_REDIS_DB)
            else:
                broker_url = AMQP_URL
        home = tmp_path_factory.mktemp(f"faults-{request.param}") / "home"
        running = ServerStack(home, FAULTS_PROJECT, database_url=database_url, broker_url=broker_url)
        resources.callback(running.stop)
        running.prepare().start_all()
        yield running
