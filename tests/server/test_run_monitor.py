"""The run monitor: who counts as lost (a gone process on this machine, a silent one anywhere),
and retries of failed runs that their tags allow."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from runs_app.models import Run, RunEvent, RunStatus, StepStats
from runs_app.process_liveness import owner_gone, worker_name
from runs_app.services import run_create, runs_monitor, runs_retry_failed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    monkeypatch.setattr("runs_app.services.run_dispatch", lambda *, run_id: None)


def exited_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def started(run: Run, *, worker: str, heartbeat_age: float) -> Run:
    Run.objects.filter(id=run.id).update(
        status=RunStatus.STARTED,
        worker=worker,
        heartbeat_at=timezone.now() - timedelta(seconds=heartbeat_age),
        start_time=timezone.now(),
    )
    StepStats.objects.create(run=run, step_key="numbers", status=StepStats.Status.RUNNING, worker=worker)
    run.refresh_from_db()
    return run


def test_owner_gone_only_for_an_exited_process_on_this_machine() -> None:
    host = worker_name().rsplit(":", 1)[0]
    assert owner_gone(f"{host}:{exited_pid()}")
    assert not owner_gone(worker_name())
    assert not owner_gone("another-machine:1")
    assert not owner_gone("")


def test_a_run_whose_process_exited_fails_at_once(basic_location, settings) -> None:
    settings.ORCHESTRATOR_STALE_AFTER_SECONDS = 600
    host = worker_name().rsplit(":", 1)[0]
    lost = started(run_create(selection=["numbers"]), worker=f"{host}:{exited_pid()}", heartbeat_age=1)
    alive = started(run_create(selection=["numbers"]), worker=worker_name(), heartbeat_age=1)

    assert runs_monitor()["failed"] == 1

    lost.refresh_from_db()
    alive.refresh_from_db()
    assert (lost.status, alive.status) == (RunStatus.FAILURE, RunStatus.STARTED)
    assert lost.failure_reason == (
        f"The worker process running this run ({lost.worker}) was lost: it exited before finishing "
        "(killed by a signal, e.g. by the out-of-memory killer)"
    )
    assert StepStats.objects.get(run=lost).status == StepStats.Status.FAILURE
    assert (
        RunEvent.objects.get(run=lost, event_type="RUN_FAILURE").message
        == f"Run failed: {lost.failure_reason}"
    )


def test_a_run_on_another_machine_fails_when_its_heartbeat_is_stale(basic_location, settings) -> None:
    settings.ORCHESTRATOR_STALE_AFTER_SECONDS = 30
    silent = started(run_create(selection=["numbers"]), worker="elsewhere:42", heartbeat_age=31)
    beating = started(run_create(selection=["numbers"]), worker="elsewhere:43", heartbeat_age=29)

    assert runs_monitor()["failed"] == 1

    silent.refresh_from_db()
    beating.refresh_from_db()
    assert (silent.status, beating.status) == (RunStatus.FAILURE, RunStatus.STARTED)
    assert (
        silent.failure_reason
        == "The worker running this run (elsewhere:42) stopped sending heartbeats 31s ago"
    )


def failed(run: Run) -> Run:
    Run.objects.filter(id=run.id).update(status=RunStatus.FAILURE, end_time=timezone.now())
    StepStats.objects.create(run=run, step_key="numbers", status=StepStats.Status.SUCCESS)
    StepStats.objects.create(run=run, step_key="total", status=StepStats.Status.FAILURE)
    run.refresh_from_db()
    return run


@pytest.mark.parametrize(
    ("tags", "steps"),
    [
        ({"dagster/max_retries": "2"}, ["total"]),
        ({"dagster/max_retries": "1", "dagster/retry_strategy": "ALL_STEPS"}, None),
    ],
)
def test_a_failed_run_is_retried_once_per_allowed_retry(basic_location, tags, steps) -> None:
    first = failed(run_create(selection=["numbers", "total"], tags={**tags, "team": "data"}))
    since = timezone.now() - timedelta(minutes=1)

    assert runs_retry_failed(since=since) == 1
    assert runs_retry_failed(since=since) == 0  # the run has its retry

    [retry] = Run.objects.filter(parent_run=first)
    assert retry.tags == {**tags, "team": "data", "dagster/retry_number": "1"}
    assert retry.step_selection == steps
    assert retry.status == RunStatus.QUEUED


def test_retries_stop_at_the_maximum(basic_location) -> None:
    last = failed(
        run_create(
            selection=["numbers", "total"], tags={"dagster/max_retries": "1", "dagster/retry_number": "1"}
        )
    )
    unlimited = failed(run_create(selection=["numbers", "total"]))

    assert runs_retry_failed(since=timezone.now() - timedelta(minutes=1)) == 0
    assert not Run.objects.filter(parent_run__in=[last, unlimited]).exists()


def test_a_live_owner_here_is_given_the_database_retry_window(basic_location, settings) -> None:
    """Its heartbeats may have been held up by a database outage it is still retrying through."""
    settings.ORCHESTRATOR_STALE_AFTER_SECONDS = 30
    settings.ORCHESTRATOR_DB_RETRY_SECONDS = 120
    waiting = started(run_create(selection=["numbers"]), worker=worker_name(), heartbeat_age=149)
    given_up = started(run_create(selection=["numbers"]), worker=worker_name(), heartbeat_age=151)

    assert runs_monitor()["failed"] == 1

    waiting.refresh_from_db()
    given_up.refresh_from_db()
    assert (waiting.status, given_up.status) == (RunStatus.STARTED, RunStatus.FAILURE)
    assert given_up.failure_reason.endswith("stopped sending heartbeats 151s ago")


def test_the_monitor_fails_a_run_past_its_max_runtime(basic_location, settings) -> None:
    settings.ORCHESTRATOR_HEARTBEAT_SECONDS = 1
    over = started(
        run_create(selection=["numbers"], tags={"dagster/max_runtime": "60"}),
        worker="elsewhere:7",
        heartbeat_age=0,
    )
    within = started(
        run_create(selection=["numbers"], tags={"dagster/max_runtime": "600"}),
        worker="elsewhere:8",
        heartbeat_age=0,
    )
    unlimited = started(
        run_create(selection=["numbers"]),
        worker="elsewhere:9",
        heartbeat_age=0,
    )
    Run.objects.filter(id__in=[over.id, within.id, unlimited.id]).update(
        start_time=timezone.now() - timedelta(seconds=63)
    )

    assert runs_monitor()["over_time"] == 1

    statuses = dict(Run.objects.filter(id__in=[over.id, within.id, unlimited.id]).values_list("id", "status"))
    assert statuses == {
        over.id: RunStatus.FAILURE,
        within.id: RunStatus.STARTED,
        unlimited.id: RunStatus.STARTED,
    }
    over.refresh_from_db()
    assert (
        over.failure_reason
        == "The run exceeded its maximum runtime of 60s (dagster/max_runtime) and was terminated"
    )
    assert StepStats.objects.get(run=over).status == StepStats.Status.FAILURE


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        (
            {"dagster/max_runtime": "an hour"},
            "Tag 'dagster/max_runtime' must be a positive number of seconds, not 'an hour'",
        ),
        (
            {"dagster/max_runtime": "0"},
            "Tag 'dagster/max_runtime' must be a positive number of seconds, not '0'",
        ),
        ({"dagster/max_retries": "-1"}, "Tag 'dagster/max_retries' must be a whole number, not '-1'"),
        (
            {"dagster/retry_strategy": "SOME"},
            "Tag 'dagster/retry_strategy' must be FROM_FAILURE or ALL_STEPS, not 'SOME'",
        ),
    ],
)
def test_run_behaviour_tags_are_checked_at_launch(basic_location, tags, message) -> None:
    from orchestrator_site.errors import DomainError

    with pytest.raises(DomainError) as caught:
        run_create(selection=["numbers"], tags=tags)
    assert (caught.value.field, caught.value.message) == ("tags", message)
