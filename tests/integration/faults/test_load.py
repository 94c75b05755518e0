"""Eight clients launching hundreds of single-asset runs at once over the API, two workers:
every run accepted, finished, stored once, with its events in order. (The figures at
2,000 runs come from ``benchmarks/api_launch_load.py``.)"""

from collections.abc import Iterator

import pytest

from tests.fixtures.load import check_every_run_ran_once, launch_many
from tests.fixtures.stack import ServerStack, fresh_postgres_database, redis_url_with_db

from .conftest import FAULTS_PROJECT, POSTGRES_URL, REDIS_URL, STACK_REDIS_DB, _needs

pytestmark = [
    pytest.mark.integration,
    _needs("ORCHESTRATOR_TEST_POSTGRES_URL", "ORCHESTRATOR_TEST_REDIS_URL"),
]
CLIENTS = 8
RUNS = 240


@pytest.fixture
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerStack]:
    with fresh_postgres_database(POSTGRES_URL) as database_url:
        stack = ServerStack(
            tmp_path_factory.mktemp("load") / "home",
            FAULTS_PROJECT,
            database_url=database_url,
            broker_url=redis_url_with_db(REDIS_URL, STACK_REDIS_DB),
        )
        try:
            stack.prepare().start_all()
            stack.start_worker("worker-2")
            yield stack
        finally:
            stack.stop()


def test_concurrent_launches_all_run_once_with_their_events_in_order(two_workers: ServerStack) -> None:
    result = launch_many(two_workers, runs=RUNS, clients=CLIENTS, selection=["single"])

    assert result.refused == []
    assert len(result.accepted) == RUNS
    assert check_every_run_ran_once(two_workers, result, clients=CLIENTS) == []
    with two_workers.client() as client:
        succeeded = client.get(
            "/api/runs/", params={"tag": f"load={result.tag}", "status": "SUCCESS", "limit": 1}
        )
    assert succeeded.json()["count"] == RUNS
