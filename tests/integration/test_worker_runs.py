"""Runs executed end to end by real Celery worker processes on the embedded broker."""

import pickle
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from assets_app.models import Materialization
from runs_app.models import Run, RunEvent, RunStatus, StepStats
from runs_app.services import run_cancel, run_create, run_reexecute, runs_monitor
from tests.fixtures.workers import WorkerPool

from .conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
EXECUTORS = ["in_process", "per_step"]


def finished(run: Run, pool: WorkerPool, timeout: float = 30.0) -> Run:
    def done() -> bool:
        run.refresh_from_db()
        return run.status in (RunStatus.SUCCESS, RunStatus.FAILURE, RunStatus.CANCELED)

    try:
        wait_for(done, timeout=timeout, what=f"run {run.id} to finish")
    except AssertionError as exc:
        raise AssertionError(f"{exc} (status {run.status})\n{pool.logs()}") from None
    return run


def event_types(run: Run, step_key: str | None = None) -> list[str]:
    qs = RunEvent.objects.filter(run=run).order_by("id")
    if step_key is not None:
        qs = qs.filter(step_key=step_key)
    return list(qs.values_list("event_type", flat=True))


def step_statuses(run: Run) -> dict[str, str]:
    return dict(StepStats.objects.filter(run=run).values_list("step_key", "status"))


def worker_pids(run: Run) -> set[int]:
    names = set(StepStats.objects.filter(run=run).exclude(worker="").values_list("worker", flat=True))
    return {int(name.rsplit(":", 1)[1]) for name in names}


def stored(key: str) -> Any:
    return pickle.loads((Path(settings.ORCHESTRATOR_HOME) / "storage" / key).read_bytes())


def test_in_process_run_succeeds_on_a_worker(basic_location, celery_workers):
    run = finished(
        run_create(selection="*scaled", run_config={"ops": {"scaled": {"config": {"factor": 3}}}}),
        celery_workers,
    )

    assert run.status == RunStatus.SUCCESS
    assert int(run.worker.rsplit(":", 1)[1]) in celery_workers.pids
    assert run.dispatch_count == 1
    types = event_types(run)
    assert types[:2] == ["RUN_ENQUEUED", "RUN_START"] and types[-1] == "RUN_SUCCESS"
    assert sorted(Materialization.objects.filter(run=run).values_list("asset_key", flat=True)) == [
        "numbers",
        "scaled",
        "total",
    ]
    assert step_statuses(run) == {"numbers": "SUCCESS", "total": "SUCCESS", "scaled": "SUCCESS"}
    stdout = RunEvent.objects.get(run=run, event_type="STDOUT")
    assert (stdout.step_key, stdout.payload["text"]) == ("total", "total printed\n")
    assert stored("scaled") == 18


@pytest.mark.parametrize("executor", EXECUTORS)
def test_failing_asset_records_traceback_and_skips_downstream(basic_location, celery_workers, executor):
    run = finished(run_create(selection=["explodes", "after_explodes"], executor=executor), celery_workers)

    assert run.status == RunStatus.FAILURE
    failure = RunEvent.objects.get(run=run, event_type="STEP_FAILURE")
    assert failure.step_key == "explodes"
    assert failure.payload["error"]["cls"] == "ValueError"
    assert 'raise ValueError("explodes always fails")' in failure.payload["error"]["traceback"]
    assert event_types(run, "after_explodes") == ["STEP_SKIPPED"]
    assert step_statuses(run) == {"explodes": "FAILURE", "after_explodes": "SKIPPED"}
    assert event_types(run)[-1] == "RUN_FAILURE"


def test_per_step_run_executes_each_step_as_a_task(basic_location, celery_workers):
    run = finished(run_create(selection="*scaled", executor="per_step"), celery_workers)

    assert run.status == RunStatus.SUCCESS
    assert step_statuses(run) == {"numbers": "SUCCESS", "total": "SUCCESS", "scaled": "SUCCESS"}
    assert worker_pids(run) and worker_pids(run) <= celery_workers.pids
    types = event_types(run)
    assert types[:2] == ["RUN_ENQUEUED", "RUN_START"] and types[-1] == "RUN_SUCCESS"
    assert [e for e in types if e.startswith("STEP_")] == ["STEP_START", "STEP_SUCCESS"] * 3
    stdout = RunEvent.objects.get(run=run, event_type="STDOUT")
    assert (stdout.step_key, stdout.payload["text"]) == ("total", "total printed\n")
    assert sorted(Materialization.objects.filter(run=run).values_list("asset_key", flat=True)) == [
        "numbers",
        "scaled",
        "total",
    ]
    assert stored("scaled") == 12


def test_per_step_run_fans_out_over_workers(fanout_location, celery_workers):
    run = finished(run_create(selection="*", executor="per_step"), celery_workers)

    assert run.status == RunStatus.SUCCESS
    statuses = step_statuses(run)
    assert statuses == {key: "SUCCESS" for key in ["root", *(f"leaf_{i}" for i in range(6)), "join"]}
    assert 1 <= len(worker_pids(run)) <= 2 and worker_pids(run) <= celery_workers.pids
    assert stored("join") == 6 + sum(range(6))
    first_leaf = min(
        RunEvent.objects.filter(run=run, event_type="STEP_START", step_key__startswith="leaf_").values_list(
            "timestamp", flat=True
        )
    )
    root_done = RunEvent.objects.get(run=run, event_type="STEP_SUCCESS", step_key="root").timestamp
    assert first_leaf >= root_done


@pytest.mark.parametrize("executor", EXECUTORS)
def test_cancel_running_run(slow_location, celery_workers, executor):
    run = run_create(selection="*", executor=executor)
    wait_for(
        lambda: RunEvent.objects.filter(run=run, event_type="STEP_START", step_key="slow").exists(),
        what="slow to start",
    )

    assert run_cancel(run=run).status == RunStatus.CANCELING
    (slow_location / "release").touch()
    run = finished(run, celery_workers)

    assert run.status == RunStatus.CANCELED
    types = event_types(run)
    assert types[-1] == "RUN_CANCELED" and "RUN_CANCELING" in types
    assert event_types(run, "slow")[-1] == "STEP_SUCCESS"
    assert event_types(run, "after_slow") == []
    assert step_statuses(run) == {"slow": "SUCCESS", "after_slow": "PENDING"}


@pytest.mark.parametrize("executor", EXECUTORS)
def test_reexecute_from_failure_runs_only_failed_steps(flaky_location, celery_workers, executor):
    first = finished(run_create(selection="*", executor=executor), celery_workers)
    assert first.status == RunStatus.FAILURE
    assert step_statuses(first) == {"source": "SUCCESS", "flaky": "FAILURE", "downstream": "SKIPPED"}

    (flaky_location / "fixed").touch()
    second = finished(run_reexecute(run=first, from_failure=True), celery_workers)

    assert second.status == RunStatus.SUCCESS, event_types(second)
    assert (second.parent_run_id, second.root_run_id) == (first.id, first.id)
    assert second.step_selection == ["downstream", "flaky"]
    assert step_statuses(second) == {"flaky": "SUCCESS", "downstream": "SUCCESS"}
    assert event_types(second, "source") == []
    assert (flaky_location / "source_runs").read_text() == "ran\n"  # the earlier output was loaded
    assert stored("downstream") == 42
    assert sorted(Materialization.objects.filter(run=second).values_list("asset_key", flat=True)) == [
        "downstream",
        "flaky",
    ]


@pytest.mark.parametrize("executor", EXECUTORS)
def test_killed_worker_is_detected_by_the_monitor(slow_location, celery_workers, settings, executor):
    """On the worker's own machine the monitor sees the process is gone, without waiting for heartbeats."""
    settings.ORCHESTRATOR_STALE_AFTER_SECONDS = 60
    run = run_create(selection="*", executor=executor)
    wait_for(
        lambda: RunEvent.objects.filter(run=run, event_type="STEP_START", step_key="slow").exists(),
        what="slow to start",
    )
    owner = StepStats.objects.get(run=run, step_key="slow").worker if executor == "per_step" else None
    run.refresh_from_db()
    pid = int((owner or run.worker).rsplit(":", 1)[1])
    assert pid in celery_workers.pids

    celery_workers.kill(pid)
    wait_for(
        lambda: runs_monitor() and Run.objects.get(id=run.id).status == RunStatus.FAILURE, what="monitor"
    )

    run.refresh_from_db()
    failure = RunEvent.objects.filter(run=run, event_type="RUN_FAILURE").get()
    if executor == "in_process":
        assert run.failure_reason.startswith(f"The worker process running this run ({run.worker}) was lost")
        assert failure.message == f"Run failed: {run.failure_reason}"
        assert failure.payload["error"]["message"] == run.failure_reason
        assert step_statuses(run) == {"slow": "FAILURE", "after_slow": "PENDING"}
    else:
        lost = RunEvent.objects.get(run=run, event_type="STEP_FAILURE", step_key="slow")
        assert lost.payload["error"]["message"].startswith(
            f"The worker process running step slow ({owner}) was lost"
        )
        assert (failure.message, failure.payload) == (
            "Run failed: step(s) slow failed",
            {"failed_steps": ["slow"]},
        )
        assert step_statuses(run) == {"slow": "FAILURE", "after_slow": "SKIPPED"}
    (slow_location / "release").touch()


@pytest.mark.parametrize("executor", EXECUTORS)
def test_outputs_that_never_arrive_skip_their_readers(branches_location, celery_workers, executor):
    run = finished(run_create(selection="*", executor=executor), celery_workers)

    assert run.status == RunStatus.SUCCESS, event_types(run)
    assert step_statuses(run) == {
        "raw": "SUCCESS",
        "raw_raw_is_positive": "SUCCESS",
        "after_raw": "SKIPPED",
        "pair": "SUCCESS",
        "uses_always": "SUCCESS",
        "uses_maybe": "SKIPPED",
    }
    unavailable = dict(StepStats.objects.filter(run=run).values_list("step_key", "unavailable_outputs"))
    if executor == "per_step":  # what the next steps, maybe on other workers, rebuild their state from
        assert unavailable["pair"] == [["pair", "maybe"]]
        assert unavailable["raw_raw_is_positive"] == [["raw", "result"]]
    check = RunEvent.objects.get(run=run, event_type="ASSET_CHECK_EVALUATION")
    assert (check.asset_key, check.payload["passed"], check.payload["blocking"]) == ("raw", False, True)


@pytest.mark.parametrize("executor", EXECUTORS)
def test_reexecuted_op_job_reads_the_earlier_runs_outputs(branches_location, celery_workers, executor):
    first = finished(run_create(job="op_job", executor=executor), celery_workers)
    assert step_statuses(first) == {"make": "SUCCESS", "add_one": "FAILURE"}

    (branches_location / "fixed").touch()
    second = finished(run_reexecute(run=first, from_failure=True), celery_workers)

    assert second.status == RunStatus.SUCCESS, list(
        RunEvent.objects.filter(run=second, event_type="STEP_FAILURE").values_list("message", flat=True)
    )
    assert step_statuses(second) == {"add_one": "SUCCESS"}
    assert stored(f"{second.id}/add_one/result") == 6


def test_monitor_dispatches_a_run_that_never_reached_the_broker(basic_location, celery_workers):
    from datetime import timedelta

    from django.utils import timezone

    run = Run.objects.create(
        location_name="basic_project",
        job_name="__ASSET_JOB",
        asset_selection=["numbers"],
        executor="per_step",
    )
    Run.objects.filter(id=run.id).update(created_at=timezone.now() - timedelta(minutes=5))

    assert runs_monitor()["redispatched"] == 1
    run = finished(run, celery_workers)

    assert (run.status, run.dispatch_count) == (RunStatus.SUCCESS, 1)
    assert step_statuses(run) == {"numbers": "SUCCESS"}


def test_monitor_resends_a_step_whose_task_was_lost(basic_location, celery_workers):
    from datetime import timedelta

    from django.utils import timezone

    long_ago = timezone.now() - timedelta(minutes=5)
    run = Run.objects.create(
        location_name="basic_project",
        job_name="__ASSET_JOB",
        asset_selection=["numbers", "total"],
        executor="per_step",
        status=RunStatus.STARTED,
        start_time=long_ago,
        heartbeat_at=long_ago,
    )
    StepStats.objects.create(run=run, step_key="numbers", dispatched_at=long_ago)  # sent, never received
    StepStats.objects.create(run=run, step_key="total")

    assert runs_monitor()["steps_redispatched"] == 1
    run = finished(run, celery_workers)

    assert run.status == RunStatus.SUCCESS
    assert step_statuses(run) == {"numbers": "SUCCESS", "total": "SUCCESS"}


def test_redelivered_tasks_change_nothing(basic_location, celery_workers):
    from runs_app.tasks import execute_run, execute_step

    run = finished(run_create(selection=["numbers", "total"], executor="per_step"), celery_workers)
    before = event_types(run)

    sent = [execute_run.delay(str(run.id)).id, execute_step.delay(str(run.id), "numbers").id]
    wait_for(
        lambda: all(f"{task_id}] succeeded" in celery_workers.logs() for task_id in sent),
        what="the duplicate tasks",
    )

    assert event_types(run) == before
    assert step_statuses(run) == {"numbers": "SUCCESS", "total": "SUCCESS"}
