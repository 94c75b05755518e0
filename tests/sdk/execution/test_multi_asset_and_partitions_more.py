"""Multi-assets, partition ranges, multi-dimensional and dynamic partitions in runs."""

import pytest

from orchestrator import (
    AssetExecutionContext,
    AssetKey,
    AssetOut,
    AssetSpec,
    DagsterInstance,
    DailyPartitionsDefinition,
    DynamicPartitionsDefinition,
    MaterializeResult,
    MultiPartitionsDefinition,
    Output,
    StaticPartitionsDefinition,
    asset,
    materialize,
    materialize_to_memory,
    multi_asset,
)


def test_multi_asset_outs_from_tuple_feed_downstream():
    @multi_asset(outs={"evens": AssetOut(), "odds": AssetOut()})
    def split():
        return [0, 2], [1, 3]

    @asset
    def odd_sum(odds):
        return sum(odds)

    result = materialize_to_memory([split, odd_sum])
    assert result.asset_value("evens") == [0, 2]
    assert result.asset_value("odd_sum") == 4
    assert sorted(e.asset_key.to_user_string() for e in result.get_asset_materialization_events()) == [
        "evens",
        "odd_sum",
        "odds",
    ]


def test_multi_asset_specs_with_materialize_results():
    @multi_asset(specs=[AssetSpec("table_a"), AssetSpec("table_b", deps=["table_a"])])
    def load_tables():
        yield MaterializeResult(asset_key="table_a", metadata={"rows": 1})
        yield MaterializeResult(asset_key="table_b", metadata={"rows": 2})

    result = materialize_to_memory([load_tables])
    rows = {
        e.asset_key.to_user_string(): e.materialization.metadata["rows"].value
        for e in result.get_asset_materialization_events()
    }
    assert rows == {"table_a": 1, "table_b": 2}


def test_subsettable_multi_asset_runs_only_selected_outputs():
    @multi_asset(outs={"a": AssetOut(is_required=False), "b": AssetOut(is_required=False)}, can_subset=True)
    def pair(context: AssetExecutionContext):
        for key in sorted(context.selected_asset_keys):
            yield Output(key.to_user_string(), output_name=key.to_user_string())

    result = materialize_to_memory([pair], selection=["b"])
    assert [e.asset_key for e in result.get_asset_materialization_events()] == [AssetKey("b")]


def test_partition_range_run_via_tags(tmp_path):
    daily = DailyPartitionsDefinition(start_date="2026-01-01")

    @asset(partitions_def=daily)
    def days(context: AssetExecutionContext):
        return {k: len(k) for k in context.partition_keys}

    instance = DagsterInstance.ephemeral(tempdir=str(tmp_path))
    seen = {}

    @asset(partitions_def=daily, name="window")
    def window(context: AssetExecutionContext):
        seen["range"] = (context.partition_key_range.start, context.partition_key_range.end)
        seen["window"] = (context.partition_time_window.start.day, context.partition_time_window.end.day)
        return {k: k for k in context.partition_keys}

    result = materialize(
        [window],
        instance=instance,
        tags={
            "dagster/asset_partition_range_start": "2026-01-02",
            "dagster/asset_partition_range_end": "2026-01-04",
        },
    )
    assert seen == {"range": ("2026-01-02", "2026-01-04"), "window": (2, 5)}
    assert [e.partition for e in result.get_asset_materialization_events()] == [
        "2026-01-02",
        "2026-01-03",
        "2026-01-04",
    ]


def test_multi_partitioned_asset():
    pdef = MultiPartitionsDefinition(
        {
            "date": DailyPartitionsDefinition(start_date="2026-01-01"),
            "region": StaticPartitionsDefinition(["eu", "us"]),
        }
    )

    @asset(partitions_def=pdef)
    def sales(context: AssetExecutionContext):
        return context.partition_key.keys_by_dimension

    result = materialize_to_memory([sales], partition_key="2026-01-05|eu")
    assert result.asset_value("sales") == {"date": "2026-01-05", "region": "eu"}


def test_dynamic_partitions_come_from_the_instance():
    files = DynamicPartitionsDefinition(name="files")

    @asset(partitions_def=files)
    def parsed(context: AssetExecutionContext):
        return context.partition_key.upper()

    instance = DagsterInstance.ephemeral()
    from orchestrator import DagsterUnknownPartitionError

    with pytest.raises(DagsterUnknownPartitionError, match=r"a\.csv"):
        materialize_to_memory([parsed], partition_key="a.csv", instance=instance)
    instance.add_dynamic_partitions("files", ["a.csv"])
    assert (
        materialize_to_memory([parsed], partition_key="a.csv", instance=instance).asset_value("parsed")
        == "A.CSV"
    )
