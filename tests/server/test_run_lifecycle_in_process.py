"""A run created through the service and executed by the worker code path, without a broker."""

import pytest

from assets_app.models import Materialization
from runs_app.execution import run_execute
from runs_app.models import RunEvent, RunStatus, StepStats
from runs_app.services import run_create


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    dispatched = []
    monkeypatch.setattr("runs_app.services.run_dispatch", lambda *, run_id: dispatched.append(run_id))
    return dispatched


@pytest.mark.django_db(transaction=True)
def test_run_executes_and_records_events_and_materializations(basic_location, _no_broker):
    run = run_create(selection="+total")
    assert run.status == RunStatus.QUEUED
    assert _no_broker == [str(run.id)]
    assert run.asset_selection == ["numbers", "total"]
    assert run_execute(run_id=str(run.id)) == "SUCCESS"
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCESS and run.start_time and run.end_time
    types = list(RunEvent.objects.filter(run=run).order_by("id").values_list("event_type", flat=True))
    assert types[:2] == ["RUN_ENQUEUED", "RUN_START"] and types[-1] == "RUN_SUCCESS"
    assert "STDOUT" in types and "LOG_MESSAGE" in types
    assert sorted(Materialization.objects.filter(run=run).values_list("asset_key", flat=True)) == [
        "numbers",
        "total",
    ]
    assert dict(StepStats.objects.filter(run=run).values_list("step_key", "status")) == {
        "numbers": "SUCCESS",
        "total": "SUCCESS",
    }
    assert run_execute(run_id=str(run.id)) is None  # a second delivery of the task does nothing


@pytest.mark.django_db(transaction=True)
def test_failing_asset_fails_run_with_traceback(basic_location):
    run = run_create(selection=["explodes", "after_explodes"])
    assert run_execute(run_id=str(run.id)) == "FAILURE"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILURE
    failure = RunEvent.objects.get(run=run, event_type="STEP_FAILURE")
    assert "explodes always fails" in failure.payload["error"]["traceback"]
    assert RunEvent.objects.filter(run=run, event_type="STEP_SKIPPED", step_key="after_explodes").exists()


@pytest.mark.django_db(transaction=True)
def test_sdk_instance_reads_the_same_database(basic_location):
    from orchestrator import DagsterInstance

    run = run_create(selection=["numbers"])
    run_execute(run_id=str(run.id))
    instance = DagsterInstance.get()
    assert instance.get_latest_materialization_event("numbers").run_id == str(run.id)
    assert instance.get_run_by_id(str(run.id)).status.value == "SUCCESS"
