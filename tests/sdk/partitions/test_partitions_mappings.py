"""Partition mappings between upstream and downstream partitions definitions."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from orchestrator import (
    AllPartitionMapping,
    DailyPartitionsDefinition,
    DynamicPartitionsDefinition,
    HourlyPartitionsDefinition,
    IdentityPartitionMapping,
    LastPartitionMapping,
    MonthlyPartitionsDefinition,
    MultiPartitionsDefinition,
    MultiToSingleDimensionPartitionMapping,
    SpecificPartitionsPartitionMapping,
    StaticPartitionMapping,
    StaticPartitionsDefinition,
    TimeWindowPartitionMapping,
    WeeklyPartitionsDefinition,
)
from orchestrator._core.errors import InvalidDefinitionError, InvalidInvocationError, UnknownPartitionError
from orchestrator._core.partitions import InMemoryDynamicPartitionsStore, infer_partition_mapping

UTC = UTC
NOW = datetime(2026, 2, 1, tzinfo=UTC)
DAILY = DailyPartitionsDefinition("2026-01-01")
HOURLY = HourlyPartitionsDefinition("2026-01-01-00:00")
LETTERS = StaticPartitionsDefinition(["a", "b", "c"])

# -- identity, all, last, specific, static ----------------------------------------------------


def test_identity_mapping():
    identity = IdentityPartitionMapping()
    assert identity.get_upstream_partition_keys(["b", "a"], LETTERS, LETTERS) == ["b", "a"]
    assert identity.get_downstream_partition_keys(["c"], LETTERS, LETTERS) == ["c"]
    fewer = StaticPartitionsDefinition(["a", "b"])
    result = identity.get_upstream_mapped_partitions_result(["a", "c"], LETTERS, fewer)
    assert (list(result.partition_keys), list(result.required_but_nonexistent_partition_keys)) == (
        ["a"],
        ["c"],
    )
    with pytest.raises(
        UnknownPartitionError, match="not in StaticPartitionsDefinition\\(\\['a', 'b'\\]\\): 'c'"
    ):
        identity.get_upstream_partition_keys(["a", "c"], LETTERS, fewer)
    assert identity.get_downstream_partition_keys(["a", "c"], LETTERS, fewer) == ["a"]
    with pytest.raises(InvalidInvocationError, match="partitioned downstream"):
        identity.get_upstream_partition_keys(None, None, LETTERS)
    with pytest.raises(InvalidDefinitionError, match="must match"):
        identity.validate_partition_mapping(LETTERS, DAILY)


def test_all_and_last_mappings():
    assert AllPartitionMapping().get_upstream_partition_keys(None, None, LETTERS) == ["a", "b", "c"]
    assert AllPartitionMapping().get_upstream_partition_keys(
        ["x"], StaticPartitionsDefinition(["x"]), LETTERS
    ) == [
        "a",
        "b",
        "c",
    ]
    assert AllPartitionMapping().get_downstream_partition_keys(
        ["a"], LETTERS, DAILY, current_time=datetime(2026, 1, 3, tzinfo=UTC)
    ) == [
        "2026-01-01",
        "2026-01-02",
    ]
    assert AllPartitionMapping().get_downstream_partition_keys([], LETTERS, DAILY) == []
    assert LastPartitionMapping().get_upstream_partition_keys(None, None, LETTERS) == ["c"]
    assert LastPartitionMapping().get_upstream_partition_keys(None, None, DAILY, current_time=NOW) == [
        "2026-01-31"
    ]
    assert LastPartitionMapping().get_downstream_partition_keys(["c"], LETTERS, LETTERS) == ["a", "b", "c"]
    assert LastPartitionMapping().get_downstream_partition_keys(["a"], LETTERS, LETTERS) == []
    with pytest.raises(InvalidInvocationError, match="not partitioned"):
        AllPartitionMapping().get_downstream_partition_keys(["a"], LETTERS, None)


def test_specific_partitions_mapping():
    specific = SpecificPartitionsPartitionMapping(["a", "c"])
    assert specific.get_upstream_partition_keys(None, None, LETTERS) == ["a", "c"]
    assert specific.get_downstream_partition_keys(
        ["c"], LETTERS, DAILY, current_time=datetime(2026, 1, 2, tzinfo=UTC)
    ) == ["2026-01-01"]
    assert specific.get_downstream_partition_keys(["b"], LETTERS, DAILY) == []
    with pytest.raises(UnknownPartitionError, match="'z'"):
        SpecificPartitionsPartitionMapping(["z"]).get_upstream_partition_keys(None, None, LETTERS)
    with pytest.raises(InvalidDefinitionError, match="'a'"):
        SpecificPartitionsPartitionMapping("a")


def test_static_mapping():
    downstream = StaticPartitionsDefinition(["x", "y", "z"])
    mapping = StaticPartitionMapping({"a": "x", "b": ["x", "y"], "c": {"z"}})
    mapping.validate_partition_mapping(LETTERS, downstream)
    assert mapping.get_upstream_partition_keys(["x"], downstream, LETTERS) == ["a", "b"]
    assert mapping.get_upstream_partition_keys(["z", "y"], downstream, LETTERS) == ["b", "c"]
    assert mapping.get_downstream_partition_keys(["b"], LETTERS, downstream) == ["x", "y"]
    assert mapping.get_upstream_partition_keys(None, None, LETTERS) == []
    with pytest.raises(InvalidDefinitionError, match=r"source partitions not in the upstream .*\['q'\]"):
        StaticPartitionMapping({"q": "x"}).validate_partition_mapping(LETTERS, downstream)
    with pytest.raises(InvalidDefinitionError, match=r"target partitions not in the downstream .*\['w'\]"):
        StaticPartitionMapping({"a": "w"}).validate_partition_mapping(LETTERS, downstream)
    with pytest.raises(InvalidDefinitionError, match="must be a StaticPartitionsDefinition"):
        mapping.validate_partition_mapping(DAILY, downstream)


# -- time windows -----------------------------------------------------------------------------


def test_daily_downstream_of_hourly_maps_to_24_hours():
    mapping = TimeWindowPartitionMapping()
    keys = mapping.get_upstream_partition_keys(["2026-01-05"], DAILY, HOURLY, current_time=NOW)
    assert keys == [f"2026-01-05-{h:02d}:00" for h in range(24)]
    assert mapping.get_downstream_partition_keys(["2026-01-05-13:00"], HOURLY, DAILY, current_time=NOW) == [
        "2026-01-05"
    ]


def test_hourly_downstream_of_daily_maps_to_the_day():
    mapping = TimeWindowPartitionMapping()
    assert mapping.get_upstream_partition_keys(["2026-01-05-13:00"], HOURLY, DAILY, current_time=NOW) == [
        "2026-01-05"
    ]
    down = mapping.get_downstream_partition_keys(["2026-01-05"], DAILY, HOURLY, current_time=NOW)
    assert down == [f"2026-01-05-{h:02d}:00" for h in range(24)]


def test_daily_of_hourly_across_dst_has_23_and_25_hours():
    ny_daily = DailyPartitionsDefinition("2026-01-01", timezone="America/New_York")
    ny_hourly = HourlyPartitionsDefinition("2026-01-01-00:00", timezone="America/New_York")
    now = datetime(2026, 12, 1, tzinfo=ZoneInfo("America/New_York"))
    mapping = TimeWindowPartitionMapping()
    spring = mapping.get_upstream_partition_keys(["2026-03-08"], ny_daily, ny_hourly, current_time=now)
    assert len(spring) == 23 and "2026-03-08-02:00" not in spring
    fall = mapping.get_upstream_partition_keys(["2026-11-01"], ny_daily, ny_hourly, current_time=now)
    assert len(fall) == 25 and fall[1:3] == ["2026-11-01-01:00", "2026-11-01-01:00-0500"]


def test_coarser_and_finer_cadences():
    mapping = TimeWindowPartitionMapping()
    weekly = WeeklyPartitionsDefinition("2026-01-01")
    monthly = MonthlyPartitionsDefinition("2026-01-01")
    assert mapping.get_upstream_partition_keys(["2026-01-04"], weekly, DAILY, current_time=NOW) == [
        f"2026-01-{d:02d}" for d in range(4, 11)
    ]
    assert mapping.get_upstream_partition_keys(["2026-01-06"], DAILY, weekly, current_time=NOW) == [
        "2026-01-04"
    ]
    assert mapping.get_upstream_partition_keys(["2026-01-06"], DAILY, monthly, current_time=NOW) == [
        "2026-01-01"
    ]
    assert len(mapping.get_upstream_partition_keys(["2026-01-01"], monthly, DAILY, current_time=NOW)) == 31


def test_offsets_shift_the_upstream_windows():
    previous_and_same = TimeWindowPartitionMapping(start_offset=-1)
    assert previous_and_same.get_upstream_partition_keys(["2026-01-05"], DAILY, DAILY, current_time=NOW) == [
        "2026-01-04",
        "2026-01-05",
    ]
    # Shifting is bounded by the upstream partitions: the first day maps to itself only.
    assert previous_and_same.get_upstream_partition_keys(["2026-01-01"], DAILY, DAILY, current_time=NOW) == [
        "2026-01-01"
    ]
    assert previous_and_same.get_downstream_partition_keys(
        ["2026-01-04"], DAILY, DAILY, current_time=NOW
    ) == [
        "2026-01-04",
        "2026-01-05",
    ]
    previous_only = TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)
    assert previous_only.get_upstream_partition_keys(["2026-01-05"], DAILY, DAILY, current_time=NOW) == [
        "2026-01-04"
    ]
    assert previous_only.get_downstream_partition_keys(["2026-01-04"], DAILY, DAILY, current_time=NOW) == [
        "2026-01-05"
    ]
    # Offsets count downstream windows: a day and the previous day of hours.
    hours = previous_and_same.get_upstream_partition_keys(["2026-01-05"], DAILY, HOURLY, current_time=NOW)
    assert hours[0] == "2026-01-04-00:00" and hours[-1] == "2026-01-05-23:00" and len(hours) == 48


def test_nonexistent_upstream_partitions_raise_unless_allowed():
    late = DailyPartitionsDefinition("2026-01-03")
    strict = TimeWindowPartitionMapping()
    with pytest.raises(UnknownPartitionError) as info:
        strict.get_upstream_partition_keys(
            ["2026-01-01", "2026-01-02", "2026-01-03"], DAILY, late, current_time=NOW
        )
    message = str(info.value)
    assert "'2026-01-01', '2026-01-02'" in message
    assert "DailyPartitionsDefinition(start_date=2026-01-03)" in message
    assert "allow_nonexistent_upstream_partitions=True" in message
    lenient = TimeWindowPartitionMapping(allow_nonexistent_upstream_partitions=True)
    assert lenient.get_upstream_partition_keys(
        ["2026-01-01", "2026-01-02", "2026-01-03"], DAILY, late, current_time=NOW
    ) == ["2026-01-03"]
    # Upstream partitions that have not ended yet do not exist either.
    in_progress = datetime(2026, 1, 31, 12, tzinfo=UTC)
    result = TimeWindowPartitionMapping(start_offset=-1).get_upstream_mapped_partitions_result(
        ["2026-01-31"], DAILY, HOURLY, current_time=in_progress
    )
    assert len(result.partition_keys) == 36
    assert result.required_but_nonexistent_partition_keys == [f"2026-01-31-{h}:00" for h in range(12, 24)]


def test_time_window_mapping_errors():
    mapping = TimeWindowPartitionMapping()
    with pytest.raises(InvalidDefinitionError, match="upstream partitions definition must be a TimeWindow"):
        mapping.get_upstream_partition_keys(["2026-01-01"], DAILY, LETTERS)
    paris = DailyPartitionsDefinition("2026-01-01", timezone="Europe/Paris")
    with pytest.raises(InvalidDefinitionError, match="Europe/Paris"):
        mapping.get_upstream_partition_keys(["2026-01-01"], DAILY, paris)
    with pytest.raises(UnknownPartitionError, match="'January'"):
        mapping.get_upstream_partition_keys(["January"], DAILY, DAILY, current_time=NOW)
    with pytest.raises(InvalidDefinitionError, match="start_offset"):
        TimeWindowPartitionMapping(start_offset="1")  # type: ignore[arg-type]


# -- multi ------------------------------------------------------------------------------------


def test_multi_to_single_dimension_both_directions():
    colors = StaticPartitionsDefinition(["red", "blue"])
    multi = MultiPartitionsDefinition({"color": colors, "size": StaticPartitionsDefinition(["s", "m"])})
    mapping = MultiToSingleDimensionPartitionMapping()
    assert mapping.get_upstream_partition_keys(["red"], colors, multi) == ["red|s", "red|m"]
    assert mapping.get_downstream_partition_keys(["red|m"], multi, colors) == ["red"]
    assert mapping.get_upstream_partition_keys(["blue|s", "blue|m"], multi, colors) == ["blue"]
    assert mapping.get_downstream_partition_keys(["blue"], colors, multi) == ["blue|s", "blue|m"]
    named = MultiToSingleDimensionPartitionMapping(partition_dimension_name="color")
    assert named.get_upstream_partition_keys(["red"], colors, multi) == ["red|s", "red|m"]
    with pytest.raises(InvalidDefinitionError, match="'shape' is not a dimension"):
        MultiToSingleDimensionPartitionMapping("shape").validate_partition_mapping(multi, colors)


def test_multi_to_single_time_dimension_uses_time_windows():
    multi = MultiPartitionsDefinition({"date": DAILY, "region": StaticPartitionsDefinition(["eu", "us"])})
    mapping = MultiToSingleDimensionPartitionMapping()
    assert mapping.get_upstream_partition_keys(["2026-01-05-13:00"], HOURLY, multi, current_time=NOW) == [
        "2026-01-05|eu",
        "2026-01-05|us",
    ]
    late = MultiPartitionsDefinition(
        {"date": DailyPartitionsDefinition("2026-01-10"), "region": StaticPartitionsDefinition(["eu"])}
    )
    with pytest.raises(UnknownPartitionError, match="'2026-01-05\\|eu'"):
        mapping.get_upstream_partition_keys(["2026-01-05"], DAILY, late, current_time=NOW)


# -- inference --------------------------------------------------------------------------------


def test_infer_partition_mapping():
    explicit = LastPartitionMapping()
    store_def = DynamicPartitionsDefinition(name="items")
    multi = MultiPartitionsDefinition({"date": DAILY, "letter": LETTERS})
    other_multi = MultiPartitionsDefinition({"date": DAILY, "n": StaticPartitionsDefinition(["1"])})
    cases = [
        ((explicit, DAILY, HOURLY), explicit),
        ((None, DAILY, DAILY), TimeWindowPartitionMapping()),
        ((None, DAILY, HOURLY), TimeWindowPartitionMapping()),
        ((None, LETTERS, StaticPartitionsDefinition(["x"])), IdentityPartitionMapping()),
        ((None, store_def, DynamicPartitionsDefinition(name="other")), IdentityPartitionMapping()),
        ((None, None, DAILY), AllPartitionMapping()),
        ((None, DAILY, None), AllPartitionMapping()),
        ((None, LETTERS, DAILY), AllPartitionMapping()),
        ((None, store_def, LETTERS), AllPartitionMapping()),
        ((None, LETTERS, multi), MultiToSingleDimensionPartitionMapping()),
        ((None, multi, HOURLY), MultiToSingleDimensionPartitionMapping()),
        ((None, multi, multi), IdentityPartitionMapping()),
        ((None, multi, other_multi), IdentityPartitionMapping()),
        ((None, StaticPartitionsDefinition(["q"]), multi), AllPartitionMapping()),
    ]
    for (mapping, downstream, upstream), expected in cases:
        inferred = infer_partition_mapping(mapping, downstream, upstream)
        assert inferred == expected, (downstream, upstream)
        assert type(inferred) is type(expected)


def test_mappings_have_plain_snapshots_and_value_equality():
    assert TimeWindowPartitionMapping(start_offset=-1).to_snapshot() == {
        "type": "TimeWindowPartitionMapping",
        "start_offset": -1,
        "end_offset": 0,
        "allow_nonexistent_upstream_partitions": False,
    }
    assert StaticPartitionMapping({"a": ["y", "x"]}).to_snapshot() == {
        "type": "StaticPartitionMapping",
        "downstream_partition_keys_by_upstream_partition_key": {"a": ["x", "y"]},
    }
    assert SpecificPartitionsPartitionMapping(["a"]).to_snapshot()["partition_keys"] == ["a"]
    assert MultiToSingleDimensionPartitionMapping("d").to_snapshot()["partition_dimension_name"] == "d"
    assert IdentityPartitionMapping() == IdentityPartitionMapping()
    assert TimeWindowPartitionMapping(start_offset=-1) != TimeWindowPartitionMapping()
    assert hash(StaticPartitionMapping({"a": "x"})) == hash(StaticPartitionMapping({"a": ["x"]}))
    assert "overlapping time window" in TimeWindowPartitionMapping().description


def test_dynamic_identity_uses_the_store():
    store = InMemoryDynamicPartitionsStore()
    store.add_dynamic_partitions("items", ["one", "two"])
    items = DynamicPartitionsDefinition(name="items")
    others = DynamicPartitionsDefinition(name="others")
    store.add_dynamic_partitions("others", ["one"])
    mapping = IdentityPartitionMapping()
    assert mapping.get_upstream_partition_keys(["one"], items, others, dynamic_partitions_store=store) == [
        "one"
    ]
    with pytest.raises(UnknownPartitionError, match="'two'"):
        mapping.get_upstream_partition_keys(["two"], items, others, dynamic_partitions_store=store)
