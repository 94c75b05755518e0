"""The ephemeral instance's queries and the event stream's serialised form."""

import json

from orchestrator import (
    DagsterEvent,
    DagsterEventType,
    DagsterInstance,
    DagsterRunStatus,
    RunsFilter,
    asset,
    materialize_to_memory,
)


@asset
def thing():
    return 1


@asset
def broken():
    raise RuntimeError("no")


def test_events_round_trip_through_json():
    result = materialize_to_memory([thing])
    for event in result.all_events:
        data = json.loads(json.dumps(event.to_dict()))
        assert DagsterEvent.from_dict(data) == event


def test_runs_are_queryable_by_status_and_tag():
    instance = DagsterInstance.ephemeral()
    ok = materialize_to_memory([thing], instance=instance, tags={"team": "a"})
    bad = materialize_to_memory([broken], instance=instance, raise_on_error=False, tags={"team": "b"})
    assert [r.run_id for r in instance.get_runs()] == [bad.run_id, ok.run_id]
    assert [r.run_id for r in instance.get_runs(RunsFilter(statuses=[DagsterRunStatus.FAILURE]))] == [
        bad.run_id
    ]
    assert [r.run_id for r in instance.get_runs(RunsFilter(tags={"team": "a"}))] == [ok.run_id]
    failure_logs = instance.all_logs(bad.run_id, of_type=DagsterEventType.STEP_FAILURE)
    assert "RuntimeError: no" in failure_logs[0].dagster_event.error_traceback


def test_wipe_forgets_history_and_status_records_follow_cursor():
    instance = DagsterInstance.ephemeral()
    first = materialize_to_memory([thing], instance=instance)
    assert instance.get_latest_materialization_event("thing").run_id == first.run_id
    instance.wipe_assets(["thing"])
    assert instance.get_latest_materialization_event("thing") is None
    records = instance.get_run_status_records(None, [DagsterRunStatus.SUCCESS], 10)
    assert [r.dagster_run.run_id for r in records] == [first.run_id]
    assert instance.get_run_status_records(records[-1].storage_id, [DagsterRunStatus.SUCCESS], 10) == []


def test_asset_event_records_after_cursor():
    instance = DagsterInstance.ephemeral()
    materialize_to_memory([thing], instance=instance)
    second = materialize_to_memory([thing], instance=instance)
    records = instance.get_asset_event_records(thing.key, None, 10)
    assert [r.run_id for r in records][-1] == second.run_id
    assert instance.get_asset_event_records(thing.key, records[-1].storage_id, 10) == []
