"""A run whose process is SIGKILLed (as the out-of-memory killer does) fails, loses nothing, and
the server goes on: real web, prefork worker and daemon processes, driven over HTTP."""

import os
import signal
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.processes import alive, descendants, running
from tests.fixtures.stack import FAST_MONITORING, ServerStack, wait_until

from .conftest import control_dir

pytestmark = pytest.mark.integration

HOLD_SELECTION = ["before", "hold", "after_hold"]
# A lost run is failed within the stale timeout plus one monitor interval of its kill;
# the allowance covers process start-up and polling here, not the detection itself.
DETECTION_BOUND = (
    float(FAST_MONITORING["ORCHESTRATOR_STALE_AFTER_SECONDS"])
    + float(FAST_MONITORING["ORCHESTRATOR_MONITOR_INTERVAL_SECONDS"])
    + 3.0
)


@pytest.fixture(autouse=True)
def _held(stack: ServerStack) -> Any:
    """Each test starts with ``hold`` waiting, and ends with it released."""
    release = control_dir(stack) / "release"
    release.unlink(missing_ok=True)
    yield
    release.touch()


def holding_pid(stack: ServerStack, run_id: str) -> int:
    """The pid of the process executing ``hold``, once the events before it are committed.

    Events are written in batches (at most 0.2 s apart), so a kill may lose the last
    fraction of a second of them: the test kills after ``before``'s success is stored.
    """
    path: Path = control_dir(stack) / f"holding-{run_id}"
    wait_until(path.exists, timeout=60, what=f"hold to start in run {run_id}")
    wait_until(
        lambda: by_type(stack.events(run_id), "STEP_START", "hold"),
        timeout=10,
        what="the start of hold to be stored",
    )
    return int(path.read_text())


def by_type(events: list[dict[str, Any]], kind: str, step: str | None = None) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == kind and (step is None or e["step_key"] == step)]


def assert_kept_what_finished_before_the_kill(stack: ServerStack, run_id: str) -> None:
    events = stack.events(run_id)
    assert [e["step_key"] for e in by_type(events, "STEP_SUCCESS")] == ["before"]
    assert [e["asset_key"] for e in by_type(events, "ASSET_MATERIALIZATION")] == ["before"]
    assert len(by_type(events, "RUN_START")) == 1
    with stack.client() as client:
        latest = client.get("/api/assets/before/").json()["latest_materialization"]
    assert latest["run_id"] == run_id


def assert_reexecution_from_failure_completes(stack: ServerStack, run_id: str) -> None:
    (control_dir(stack) / "release").touch()
    with stack.client() as client:
        response = client.post(f"/api/runs/{run_id}/reexecute/", json={"from_failure": True})
    assert response.status_code == 201, response.text
    retry = stack.wait_finished(response.json()["id"])
    assert retry["status"] == "SUCCESS", stack.events(retry["id"])
    assert sorted(retry["step_selection"]) == ["after_hold", "hold"]
    assert sorted(retry["materialized_asset_keys"]) == ["after_hold", "hold"]


def assert_a_new_run_succeeds(stack: ServerStack) -> None:
    run = stack.wait_finished(stack.launch({"selection": ["single"]})["id"])
    assert run["status"] == "SUCCESS"


@pytest.mark.parametrize("executor", ["in_process", "per_step"])
def test_killed_step_process_fails_the_run_and_the_worker_goes_on(stack: ServerStack, executor: str) -> None:
    run_id = stack.launch({"selection": HOLD_SELECTION, "executor": executor})["id"]
    pid = holding_pid(stack, run_id)

    os.kill(pid, signal.SIGKILL)
    run = stack.wait_finished(run_id, timeout=DETECTION_BOUND)

    assert run["status"] == "FAILURE"
    lost = f":{pid}) was lost: it exited before finishing"
    events = stack.events(run_id)
    if executor == "in_process":
        assert lost in run["failure_reason"], run["failure_reason"]
        assert by_type(events, "RUN_FAILURE")[0]["message"] == f"Run failed: {run['failure_reason']}"
        assert {s["step_key"]: s["status"] for s in run["steps"]} == {
            "before": "SUCCESS",
            "hold": "FAILURE",
            "after_hold": "PENDING",
        }
    else:
        [failure] = by_type(events, "STEP_FAILURE", "hold")
        assert lost in failure["message"], failure["message"]
        assert [e["step_key"] for e in by_type(events, "STEP_SKIPPED")] == ["after_hold"]
    assert_kept_what_finished_before_the_kill(stack, run_id)
    assert_a_new_run_succeeds(stack)
    assert_reexecution_from_failure_completes(stack, run_id)


def test_killed_worker_is_replaced_and_the_lost_run_failed(stack: ServerStack) -> None:
    run_id = stack.launch({"selection": HOLD_SELECTION})["id"]
    pid = holding_pid(stack, run_id)

    stack.kill("worker")  # the main process and its pool children, as when a machine dies
    stack.start_worker()
    run = stack.wait_finished(run_id, timeout=DETECTION_BOUND + 10)

    assert run["status"] == "FAILURE"
    assert f":{pid}) was lost" in run["failure_reason"], run["failure_reason"]
    assert_kept_what_finished_before_the_kill(stack, run_id)
    assert_a_new_run_succeeds(stack)
    assert_reexecution_from_failure_completes(stack, run_id)


def test_a_lost_run_is_retried_when_its_tags_allow(stack: ServerStack) -> None:
    run_id = stack.launch({"selection": HOLD_SELECTION, "tags": {"dagster/max_retries": "1"}})["id"]
    pid = holding_pid(stack, run_id)

    os.kill(pid, signal.SIGKILL)
    assert stack.wait_finished(run_id, timeout=DETECTION_BOUND)["status"] == "FAILURE"

    def retry() -> Any:
        with stack.client() as client:
            body = client.get("/api/runs/", params={"tag": "dagster/retry_number=1"}).json()
        return [r for r in body["results"] if r["parent_run_id"] == run_id]

    [listed] = wait_until(retry, timeout=15, what="the retry of the lost run")
    child = stack.run(listed["id"])
    assert child["tags"] == {"dagster/max_retries": "1", "dagster/retry_number": "1"}
    assert sorted(child["step_selection"]) == ["after_hold", "hold"]
    retry_pid = holding_pid(stack, child["id"])
    (control_dir(stack) / "release").touch()
    assert stack.wait_finished(child["id"])["status"] == "SUCCESS"
    assert retry_pid != pid
    time.sleep(2 * float(FAST_MONITORING["ORCHESTRATOR_MONITOR_INTERVAL_SECONDS"]))
    assert len(retry()) == 1  # monitors that ran since did not retry it again


@pytest.mark.parametrize("executor", ["in_process", "per_step"])
def test_a_run_over_its_max_runtime_is_failed_and_its_step_stopped(stack: ServerStack, executor: str) -> None:
    body = {"selection": HOLD_SELECTION, "executor": executor, "tags": {"dagster/max_runtime": "3"}}
    run_id = stack.launch(body)["id"]
    pid = holding_pid(stack, run_id)

    run = stack.wait_finished(run_id, timeout=3 + DETECTION_BOUND)

    assert run["status"] == "FAILURE"
    reason = "The run exceeded its maximum runtime of 3s (dagster/max_runtime) and was terminated"
    assert run["failure_reason"] == reason
    assert by_type(stack.events(run_id), "RUN_FAILURE")[0]["message"] == f"Run failed: {reason}"
    wait_until(lambda: not alive(pid), timeout=5, what=f"the process of hold ({pid}) to end")
    assert not by_type(stack.events(run_id), "STEP_SUCCESS", "hold")
    assert_a_new_run_succeeds(stack)


def test_health_reports_the_run_worker_and_the_daemon_apart(stack: ServerStack) -> None:
    host = socket.gethostname()
    expected = {
        "workers": [f"{host}:{stack.services['worker'].pid}"],
        "daemon": [f"daemon/{host}:{stack.services['daemon'].pid}"],
    }

    def reported() -> Any:
        with stack.client() as client:
            body = client.get("/api/health/").json()
        return {part: body[part]["names"] for part in expected} == expected and body

    # A worker killed by an earlier test is reported until its heartbeat row goes stale.
    body = wait_until(reported, timeout=15, what="the worker and the daemon to report in")
    assert body["failing"] == []


def test_pool_processes_end_with_their_worker_main_process(stack: ServerStack) -> None:
    main = stack.services["worker"].pid
    # concurrency 2 (a child killed by an earlier test may still be being replaced)
    pool = wait_until(
        lambda: len(found := descendants(main)) == 2 and found, timeout=10, what="two pool processes"
    )

    os.kill(main, signal.SIGKILL)  # the main process alone, not its group
    stack.services.pop("worker").process.wait(timeout=10)
    wait_until(lambda: not running(pool), timeout=5, what="the pool processes to end")
    stack.start_worker()
    assert_a_new_run_succeeds(stack)
