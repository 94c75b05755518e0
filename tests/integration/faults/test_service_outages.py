"""The broker and the database go away and come back: nothing accepted is lost, nothing runs twice.

Each test starts a private Redis or PostgreSQL server (from the machine's binaries) so it
can stop and restart it without touching the shared services; they run where ``.ci/run``
sets the service URLs, which is where those binaries are known to be installed.
"""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fixtures.services import private_postgres, private_redis
from tests.fixtures.stack import ServerStack

from .conftest import FAULTS_PROJECT, _needs, control_dir
from .test_killed_processes import HOLD_SELECTION, by_type, holding_pid

pytestmark = pytest.mark.integration

OUTAGE_SECONDS = 30.0
LAUNCHES_DURING_OUTAGE = 20


def assert_ran_once(stack: ServerStack, run_id: str, steps: list[str]) -> None:
    events = stack.events(run_id)
    assert len(by_type(events, "RUN_START")) == 1
    assert len(by_type(events, "RUN_SUCCESS")) == 1
    assert sorted(e["step_key"] for e in by_type(events, "STEP_START")) == sorted(steps)
    assert sorted(e["step_key"] for e in by_type(events, "STEP_SUCCESS")) == sorted(steps)
    assert sorted(e["asset_key"] for e in by_type(events, "ASSET_MATERIALIZATION")) == sorted(steps)
    ids = [e["id"] for e in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


@pytest.fixture
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("outage") / "home"


@_needs("ORCHESTRATOR_TEST_REDIS_URL")
def test_runs_launched_while_the_broker_is_down_run_once_when_it_returns(home: Path) -> None:
    with private_redis() as redis_server:
        stack = ServerStack(home, FAULTS_PROJECT, broker_url=redis_server.url)
        try:
            stack.prepare().start_all()
            redis_server.stop()
            down_at = time.monotonic()
            answers: list[tuple[int, dict[str, Any]]] = []
            with stack.client(timeout=30) as client:
                for _ in range(LAUNCHES_DURING_OUTAGE):
                    response = client.post("/api/runs/", json={"selection": ["single"]})
                    answers.append((response.status_code, response.json()))
            time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_at)))
            redis_server.start()

            statuses = [code for code, _ in answers]
            assert set(statuses) <= {201, 503}, answers
            accepted = [body["id"] for code, body in answers if code == 201]
            assert all(body["status"] == "QUEUED" for code, body in answers if code == 201)
            for code, body in answers:
                if code == 503:
                    assert "broker" in body["detail"].lower(), body
            for run_id in accepted:
                assert stack.wait_finished(run_id, timeout=120)["status"] == "SUCCESS"
                assert_ran_once(stack, run_id, ["single"])
            assert len(accepted) == LAUNCHES_DURING_OUTAGE  # the launch queues; the broker is not needed
        finally:
            stack.stop()


@pytest.fixture
def postgres_stack(home: Path) -> Iterator[tuple[ServerStack, Any]]:
    with private_postgres() as cluster:
        stack = ServerStack(home, FAULTS_PROJECT, database_url=cluster.url)
        try:
            yield stack.prepare().start_all(), cluster
        finally:
            stack.stop()


@_needs("ORCHESTRATOR_TEST_POSTGRES_URL")
def test_runs_survive_a_database_restart_with_their_true_status(postgres_stack: Any) -> None:
    stack, cluster = postgres_stack
    in_process = stack.launch({"selection": HOLD_SELECTION})["id"]
    per_step = stack.launch({"selection": HOLD_SELECTION, "executor": "per_step"})["id"]
    holding_pid(stack, in_process)
    holding_pid(stack, per_step)

    cluster.stop()
    (control_dir(stack) / "release").touch()  # both steps end, and write, while the database is down
    time.sleep(5)
    cluster.start()

    for run_id in (in_process, per_step):
        run = stack.wait_finished(run_id, timeout=90)
        assert run["status"] == "SUCCESS", stack.events(run_id)
        assert {s["step_key"]: s["status"] for s in run["steps"]} == dict.fromkeys(HOLD_SELECTION, "SUCCESS")
        assert_ran_once(stack, run_id, HOLD_SELECTION)
    assert "Database unavailable while" in stack.services["worker"].log()  # it did write during the outage
    with httpx.Client(base_url=stack.base_url, headers=stack.headers, timeout=10) as client:
        assert client.get("/api/runs/").status_code == 200  # the web reconnected too
    after = stack.wait_finished(stack.launch({"selection": ["single"]})["id"])
    assert after["status"] == "SUCCESS"
