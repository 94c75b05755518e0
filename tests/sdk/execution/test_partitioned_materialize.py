"""Partitioned assets: keys reach the context, unknown keys are named, mappings load the right upstream."""

import pytest

from orchestrator import (
    AssetExecutionContext,
    DagsterInvalidSubsetError,
    DagsterUnknownPartitionError,
    DailyPartitionsDefinition,
    StaticPartitionsDefinition,
    asset,
    materialize,
)

daily = DailyPartitionsDefinition(start_date="2026-01-01")


@asset(partitions_def=daily)
def events(context: AssetExecutionContext):
    window = context.partition_time_window
    return {"date": context.partition_key, "start": window.start.isoformat(), "end": window.end.isoformat()}


@asset(partitions_def=daily)
def events_summary(context: AssetExecutionContext, events):
    return f"{context.partition_key}:{events['date']}"


@asset
def all_events(events):
    return sorted(events)


def test_partition_key_reaches_context_and_materialization(tmp_path):
    from orchestrator import DagsterInstance

    instance = DagsterInstance.ephemeral(tempdir=str(tmp_path))
    result = materialize([events, events_summary], partition_key="2026-02-19", instance=instance)
    assert result.asset_value("events") == {
        "date": "2026-02-19",
        "start": "2026-02-19T00:00:00+00:00",
        "end": "2026-02-20T00:00:00+00:00",
    }
    assert result.asset_value("events_summary") == "2026-02-19:2026-02-19"
    assert [e.partition for e in result.get_asset_materialization_events()] == ["2026-02-19", "2026-02-19"]
    assert result.dagster_run.tags["dagster/partition"] == "2026-02-19"
    assert instance.get_materialized_partitions("events") == {"2026-02-19"}


def test_unpartitioned_downstream_loads_every_upstream_partition(tmp_path):
    from orchestrator import DagsterInstance

    instance = DagsterInstance.ephemeral(tempdir=str(tmp_path))
    two_days = DailyPartitionsDefinition(start_date="2026-01-01", end_date="2026-01-03")

    @asset(partitions_def=two_days, name="events")
    def events_two_days(context: AssetExecutionContext):
        return context.partition_key

    for key in ("2026-01-01", "2026-01-02"):
        materialize([events_two_days], partition_key=key, instance=instance)
    result = materialize([events_two_days, all_events], selection=["all_events"], instance=instance)
    assert result.asset_value("all_events") == ["2026-01-01", "2026-01-02"]


def test_unknown_partition_key_is_named():
    with pytest.raises(DagsterUnknownPartitionError, match="2025-12-31"):
        materialize([events], partition_key="2025-12-31")
    colors = StaticPartitionsDefinition(["red", "blue"])

    @asset(partitions_def=colors)
    def paint(context):
        return context.partition_key

    with pytest.raises(DagsterUnknownPartitionError, match="green"):
        materialize([paint], partition_key="green")


def test_partitioned_asset_needs_a_partition_key():
    with pytest.raises(DagsterInvalidSubsetError, match="events are partitioned"):
        materialize([events])


def test_unpartitioned_context_has_no_partition_key():
    from orchestrator import DagsterInvalidInvocationError, build_asset_context

    with pytest.raises(DagsterInvalidInvocationError, match="not partitioned"):
        _ = build_asset_context().partition_key
