"""materialize(): values flow through IO managers, events are typed, failures are contained."""

import logging

import pandas as pd
import pytest

from orchestrator import (
    AssetExecutionContext,
    AssetKey,
    DagsterEventType,
    DagsterInstance,
    DagsterInvalidSubsetError,
    MaterializeResult,
    MetadataValue,
    Output,
    RetryPolicy,
    asset,
    materialize,
    materialize_to_memory,
)


@asset
def numbers():
    return [1, 2, 3]


@asset
def total(numbers):
    return sum(numbers)


def test_values_flow_downstream_and_are_returned():
    result = materialize([numbers, total])
    assert result.success
    assert result.asset_value("total") == 6
    assert result.output_for_node("numbers") == [1, 2, 3]
    assert [e.asset_key for e in result.get_asset_materialization_events()] == [
        AssetKey("numbers"),
        AssetKey("total"),
    ]


def test_event_stream_is_ordered_and_typed():
    result = materialize_to_memory([numbers, total])
    types = [e.event_type for e in result.all_events]
    assert types == [
        DagsterEventType.RUN_START,
        DagsterEventType.STEP_START,
        DagsterEventType.ASSET_MATERIALIZATION,
        DagsterEventType.STEP_SUCCESS,
        DagsterEventType.STEP_START,
        DagsterEventType.ASSET_MATERIALIZATION,
        DagsterEventType.STEP_SUCCESS,
        DagsterEventType.RUN_SUCCESS,
    ]
    assert {e.run_id for e in result.all_events} == {result.run_id}


def test_selection_loads_unselected_upstream_from_storage(tmp_path):
    instance = DagsterInstance.ephemeral(tempdir=str(tmp_path))
    materialize([numbers, total], instance=instance, selection=["numbers"])
    result = materialize([numbers, total], instance=instance, selection="total")
    assert result.asset_value("total") == 6
    assert [e.asset_key for e in result.get_asset_materialization_events()] == [AssetKey("total")]


def test_dataframe_materialization_carries_row_count_and_schema():
    @asset
    def frame():
        return pd.DataFrame({"id": [1, 2], "name": ["a", "b"]})

    mat = materialize_to_memory([frame]).get_asset_materialization_events()[0].materialization
    assert mat.metadata["dagster/row_count"] == MetadataValue.int(2)
    assert mat.metadata["dagster/column_schema"].value == {
        "columns": [
            {"name": "id", "type": "int64", "description": None},
            {"name": "name", "type": str(pd.DataFrame({"n": ["a"]}).dtypes["n"]), "description": None},
        ]
    }


def test_failure_skips_downstream_but_independent_branch_runs():
    @asset
    def broken():
        raise ValueError("source is down")

    @asset
    def after_broken(broken):
        return broken

    @asset
    def independent():
        return "ok"

    result = materialize_to_memory([broken, after_broken, independent], raise_on_error=False)
    assert not result.success
    failure = result.get_step_failure_events()[0]
    assert failure.step_key == "broken"
    assert failure.payload["error"]["cls"] == "ValueError"
    assert "source is down" in failure.payload["error"]["traceback"]
    assert 'raise ValueError("source is down")' in failure.payload["error"]["traceback"]
    assert result.is_node_skipped("after_broken")
    assert result.is_node_success("independent")
    assert result.get_job_failure_event().payload == {"failed_steps": ["broken"]}


def test_raise_on_error_raises_the_user_exception():
    @asset
    def broken():
        raise KeyError("missing column")

    with pytest.raises(KeyError, match="missing column"):
        materialize_to_memory([broken])


def test_retry_policy_retries_then_succeeds():
    attempts = []

    @asset(retry_policy=RetryPolicy(max_retries=2))
    def flaky(context: AssetExecutionContext):
        attempts.append(context.retry_number)
        if len(attempts) < 3:
            raise ConnectionError("try again")
        return "done"

    result = materialize_to_memory([flaky])
    assert result.success
    assert attempts == [0, 1, 2]
    retries = [e for e in result.all_events if e.event_type == DagsterEventType.STEP_UP_FOR_RETRY]
    assert [e.payload["attempt"] for e in retries] == [1, 2]


def test_retries_exhausted_fail_the_step():
    @asset(retry_policy=RetryPolicy(max_retries=1))
    def always():
        raise ConnectionError("down")

    result = materialize_to_memory([always], raise_on_error=False)
    assert not result.success
    assert len([e for e in result.all_events if e.event_type == DagsterEventType.STEP_UP_FOR_RETRY]) == 1


def test_context_logs_metadata_and_tags():
    @asset
    def logged(context: AssetExecutionContext):
        context.log.debug("debugging")
        context.log.warning("careful")
        context.add_output_metadata({"source": "api", "rows": 2})
        assert context.asset_key == AssetKey("logged")
        assert context.run_tags["team"] == "data"
        assert context.run_id
        assert not context.has_partition_key
        return [1, 2]

    result = materialize_to_memory([logged], tags={"team": "data"})
    logs = [(e.level, e.message) for e in result.all_events if e.event_type == DagsterEventType.LOG_MESSAGE]
    assert logs == [(logging.DEBUG, "debugging"), (logging.WARNING, "careful")]
    mat = result.get_asset_materialization_events()[0]
    assert mat.materialization.metadata["source"] == MetadataValue.text("api")
    assert mat.materialization.metadata["rows"] == MetadataValue.int(2)


def test_stdout_and_stderr_are_captured_per_step():
    import sys

    @asset
    def noisy():
        print("hello from print")
        print("to stderr", file=sys.stderr)
        return 1

    result = materialize_to_memory([noisy])
    captured = {
        e.event_type: e.payload["text"]
        for e in result.all_events
        if e.event_type in (DagsterEventType.STDOUT, DagsterEventType.STDERR)
    }
    assert captured == {DagsterEventType.STDOUT: "hello from print\n", DagsterEventType.STDERR: "to stderr\n"}


def test_materialize_result_records_metadata_without_storing():
    @asset
    def external_table() -> MaterializeResult:
        return MaterializeResult(metadata={"rows": 10})

    result = materialize([external_table])
    assert result.get_asset_materialization_events()[0].materialization.metadata["rows"].value == 10


def test_output_with_metadata():
    @asset
    def out():
        return Output([1], metadata={"n": 1})

    result = materialize_to_memory([out])
    assert result.asset_value("out") == [1]
    assert result.get_asset_materialization_events()[0].materialization.metadata["n"].value == 1


def test_unknown_asset_in_selection_is_named():
    with pytest.raises(DagsterInvalidSubsetError, match="nope"):
        materialize_to_memory([numbers], selection=["nope"])


def test_instance_records_run_and_latest_materialization():
    instance = DagsterInstance.ephemeral()
    result = materialize_to_memory([numbers], instance=instance)
    run = instance.get_run_by_id(result.run_id)
    assert run.status.value == "SUCCESS"
    latest = instance.get_latest_materialization_event("numbers")
    assert latest.run_id == result.run_id
    assert latest.asset_materialization.asset_key == AssetKey("numbers")
