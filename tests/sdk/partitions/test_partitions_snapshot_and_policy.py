"""Snapshots of partitions definitions and backfill policies."""

import json
from datetime import UTC, datetime

import pytest

from orchestrator import (
    BackfillPolicy,
    DailyPartitionsDefinition,
    DynamicPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    MultiPartitionsDefinition,
    StaticPartitionsDefinition,
    TimeWindowPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from orchestrator._core.errors import InvalidDefinitionError, InvalidInvocationError
from orchestrator._core.partitions import BackfillPolicyType, partitions_def_from_snapshot

NOW = datetime(2026, 3, 1, tzinfo=UTC)

DEFINITIONS = [
    DailyPartitionsDefinition("2026-01-01"),
    DailyPartitionsDefinition(
        "2026-01-01", end_date="2026-02-01", hour_offset=3, timezone="Europe/Paris", end_offset=1
    ),
    HourlyPartitionsDefinition("2026-01-01-00:00", minute_offset=30, timezone="America/New_York"),
    WeeklyPartitionsDefinition("2026-01-01", day_offset=2, fmt="%Y/%m/%d"),
    MonthlyPartitionsDefinition("2025-06-01", day_offset=15, end_offset=-1),
    TimeWindowPartitionsDefinition(
        start="2026-01-01 00:00", fmt="%Y-%m-%d %H:%M", cron_schedule="*/20 * * * *"
    ),
    StaticPartitionsDefinition(["a", "b", "c"]),
    DynamicPartitionsDefinition(name="fruits"),
    MultiPartitionsDefinition(
        {"date": DailyPartitionsDefinition("2026-02-01"), "region": StaticPartitionsDefinition(["eu", "us"])}
    ),
]


@pytest.mark.parametrize("partitions_def", DEFINITIONS, ids=lambda d: type(d).__name__)
def test_snapshot_round_trip_rebuilds_an_equal_definition(partitions_def):
    snapshot = partitions_def.to_snapshot()
    data = json.loads(json.dumps(snapshot))  # plain JSON data
    assert data["type"] == type(partitions_def).__name__
    rebuilt = partitions_def_from_snapshot(data)
    assert rebuilt == partitions_def
    assert type(rebuilt) is type(partitions_def)
    assert hash(rebuilt) == hash(partitions_def)
    assert rebuilt.get_serializable_unique_identifier() == partitions_def.get_serializable_unique_identifier()
    if not isinstance(partitions_def, DynamicPartitionsDefinition):
        assert rebuilt.get_partition_keys(NOW) == partitions_def.get_partition_keys(NOW)


def test_time_window_snapshot_format():
    snapshot = DailyPartitionsDefinition("2026-01-01", timezone="Europe/Paris").to_snapshot()
    assert snapshot == {
        "type": "DailyPartitionsDefinition",
        "start": "2026-01-01T00:00:00+01:00",
        "end": None,
        "timezone": "Europe/Paris",
        "fmt": "%Y-%m-%d",
        "end_offset": 0,
        "cron_schedule": "0 0 * * *",
    }


def test_function_based_dynamic_definitions_have_no_snapshot():
    with pytest.raises(InvalidInvocationError, match="give the definition a name"):
        DynamicPartitionsDefinition(partition_fn=lambda t: ["a"]).to_snapshot()


@pytest.mark.parametrize(
    ("data", "culprit"),
    [
        ({"type": "FortnightlyPartitionsDefinition"}, "'FortnightlyPartitionsDefinition'"),
        ({"type": "StaticPartitionsDefinition"}, "'partition_keys'"),
        ({"type": "DailyPartitionsDefinition", "start": "2026-01-01T00:00:00+00:00"}, "'timezone'"),
        (
            {
                "type": "DailyPartitionsDefinition",
                "start": "yesterday",
                "timezone": "UTC",
                "fmt": "%Y-%m-%d",
                "cron_schedule": "0 0 * * *",
            },
            "'yesterday'",
        ),
        (
            {
                "type": "TimeWindowPartitionsDefinition",
                "start": "2026-01-01T00:00:00+00:00",
                "timezone": "UTC",
                "fmt": "%Y-%m-%d",
                "cron_schedule": "whenever",
            },
            "cron_schedule 'whenever'",
        ),
        ({"type": "MultiPartitionsDefinition", "partitions_defs": []}, "partitions_defs must be a mapping"),
        ("daily", "'daily'"),
    ],
)
def test_bad_snapshots_name_the_culprit(data, culprit):
    with pytest.raises(InvalidDefinitionError) as info:
        partitions_def_from_snapshot(data)
    assert culprit in str(info.value)


def test_backfill_policies():
    single = BackfillPolicy.single_run()
    assert single.policy_type is BackfillPolicyType.SINGLE_RUN
    assert single.max_partitions_per_run is None
    multi = BackfillPolicy.multi_run(max_partitions_per_run=10)
    assert multi.policy_type is BackfillPolicyType.MULTI_RUN
    assert multi.max_partitions_per_run == 10
    assert BackfillPolicy.multi_run().max_partitions_per_run == 1
    assert BackfillPolicy.multi_run(10) == multi and hash(BackfillPolicy.multi_run(10)) == hash(multi)
    assert single != multi
    with pytest.raises(AttributeError):
        multi.max_partitions_per_run = 5  # type: ignore[misc]


@pytest.mark.parametrize("bad", [0, -3, 1.5, "10", True])
def test_backfill_policy_rejects_bad_maximums(bad):
    with pytest.raises(InvalidDefinitionError, match="max_partitions_per_run"):
        BackfillPolicy.multi_run(bad)
