"""Static, dynamic and multi-dimensional partitions definitions."""

import pickle
from datetime import UTC, datetime

import pytest

from orchestrator import (
    DailyPartitionsDefinition,
    DynamicPartitionsDefinition,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    PartitionKeyRange,
    StaticPartitionsDefinition,
    TimeWindow,
)
from orchestrator._core.errors import InvalidDefinitionError, InvalidInvocationError, UnknownPartitionError
from orchestrator._core.partitions import (
    AddDynamicPartitionsRequest,
    DeleteDynamicPartitionsRequest,
    DynamicPartitionsStore,
    InMemoryDynamicPartitionsStore,
    PartitionDimensionDefinition,
)

UTC = UTC

# -- static -----------------------------------------------------------------------------------


def test_static_keys_membership_and_ranges():
    oceans = StaticPartitionsDefinition(["arctic", "atlantic", "indian", "pacific"])
    assert oceans.get_partition_keys() == ["arctic", "atlantic", "indian", "pacific"]
    assert oceans.get_num_partitions() == 4
    assert oceans.has_partition_key("indian")
    assert not oceans.has_partition_key("southern")
    assert oceans.get_first_partition_key() == "arctic"
    assert oceans.get_last_partition_key() == "pacific"
    assert oceans.get_partition_keys_in_range(PartitionKeyRange("atlantic", "pacific")) == [
        "atlantic",
        "indian",
        "pacific",
    ]
    assert oceans.get_partition_keys_in_range(PartitionKeyRange("indian", "atlantic")) == []
    # Returned lists are copies.
    oceans.get_partition_keys().append("mars")
    assert oceans.get_num_partitions() == 4


def test_static_duplicates_are_named():
    with pytest.raises(InvalidDefinitionError) as info:
        StaticPartitionsDefinition(["a", "b", "a", "c", "c"])
    assert "['a', 'c']" in str(info.value)


@pytest.mark.parametrize(
    ("keys", "culprit"),
    [
        (["a", "b...c"], "'b...c'"),
        (["a", "line\nbreak"], "'line\\nbreak'"),
        (["a", 3], "3"),
        ("abc", "'abc'"),
    ],
)
def test_static_malformed_keys_are_named(keys, culprit):
    with pytest.raises(InvalidDefinitionError) as info:
        StaticPartitionsDefinition(keys)
    assert culprit in str(info.value)


def test_static_unknown_key_error_names_key_and_definition():
    letters = StaticPartitionsDefinition(["a", "b"])
    with pytest.raises(UnknownPartitionError) as info:
        letters.validate_partition_key("z")
    assert str(info.value) == "Partition key 'z' is not in StaticPartitionsDefinition(['a', 'b'])"
    with pytest.raises(UnknownPartitionError, match="'z' is not in"):
        letters.get_partition_keys_in_range(PartitionKeyRange("a", "z"))


def test_static_10k_keys():
    keys = [f"key_{i:05d}" for i in range(10_000)]
    many = StaticPartitionsDefinition(keys)
    assert many.get_partition_keys() == keys
    assert many.has_partition_key("key_09999")
    assert many.get_partition_keys_in_range(PartitionKeyRange("key_00010", "key_00012")) == [
        "key_00010",
        "key_00011",
        "key_00012",
    ]


def test_definitions_are_immutable_hashable_and_equal_by_value():
    a = StaticPartitionsDefinition(["x", "y"])
    b = StaticPartitionsDefinition(("x", "y"))
    assert a == b and hash(a) == hash(b)
    assert a != StaticPartitionsDefinition(["y", "x"])
    with pytest.raises(AttributeError):
        a._partition_keys = ("z",)  # type: ignore[misc]
    daily = DailyPartitionsDefinition("2026-01-01")
    assert daily == DailyPartitionsDefinition(datetime(2026, 1, 1))
    assert daily != DailyPartitionsDefinition("2026-01-02")
    assert daily != DailyPartitionsDefinition("2026-01-01", timezone="Europe/Paris")
    assert len({daily, DailyPartitionsDefinition("2026-01-01"), a, b}) == 2
    with pytest.raises(AttributeError):
        daily.fmt = "%Y"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(daily)) == daily
    assert pickle.loads(pickle.dumps(a)) == a


# -- dynamic ----------------------------------------------------------------------------------


def test_dynamic_keys_come_from_the_store():
    fruits = DynamicPartitionsDefinition(name="fruits")
    store = InMemoryDynamicPartitionsStore()
    assert isinstance(store, DynamicPartitionsStore)
    assert fruits.get_partition_keys(dynamic_partitions_store=store) == []
    store.add_dynamic_partitions("fruits", ["apple", "banana", "apple"])
    assert fruits.get_partition_keys(dynamic_partitions_store=store) == ["apple", "banana"]
    assert fruits.has_partition_key("banana", dynamic_partitions_store=store)
    assert fruits.get_num_partitions(dynamic_partitions_store=store) == 2
    assert fruits.get_last_partition_key(dynamic_partitions_store=store) == "banana"
    store.delete_dynamic_partition("fruits", "apple")
    assert fruits.get_partition_keys(dynamic_partitions_store=store) == ["banana"]
    with pytest.raises(
        UnknownPartitionError, match="'apple' is not in DynamicPartitionsDefinition\\(name='fruits'\\)"
    ):
        fruits.validate_partition_key("apple", dynamic_partitions_store=store)


def test_dynamic_without_store_raises_a_clear_error():
    fruits = DynamicPartitionsDefinition(name="fruits")
    with pytest.raises(InvalidInvocationError, match="dynamic_partitions_store"):
        fruits.get_partition_keys()
    with pytest.raises(InvalidInvocationError, match="'fruits'"):
        fruits.has_partition_key("apple")


def test_dynamic_requests():
    fruits = DynamicPartitionsDefinition(name="fruits")
    assert fruits.build_add_request(["apple"]) == AddDynamicPartitionsRequest("fruits", ["apple"])
    assert fruits.build_delete_request(["apple"]) == DeleteDynamicPartitionsRequest(
        partitions_def_name="fruits", partition_keys=["apple"]
    )
    with pytest.raises(InvalidDefinitionError, match=r"'bad\.\.\.key'"):
        fruits.build_add_request(["bad...key"])
    with pytest.raises(InvalidInvocationError, match="'apple'"):
        fruits.build_add_request("apple")


def test_dynamic_construction():
    assert DynamicPartitionsDefinition("fruits") == DynamicPartitionsDefinition(name="fruits")
    assert DynamicPartitionsDefinition(name="a") != DynamicPartitionsDefinition(name="b")
    listed = DynamicPartitionsDefinition(partition_fn=lambda current_time: ["x", "y"])
    assert listed.get_partition_keys() == ["x", "y"]
    assert listed.has_partition_key("y")
    with pytest.raises(InvalidDefinitionError, match="either name or partition_fn"):
        DynamicPartitionsDefinition()
    with pytest.raises(InvalidDefinitionError, match="not both"):
        DynamicPartitionsDefinition(partition_fn=lambda t: [], name="x")
    with pytest.raises(InvalidInvocationError, match="no name"):
        listed.build_add_request(["z"])


# -- multi ------------------------------------------------------------------------------------


def test_multi_partition_key():
    key = MultiPartitionKey({"region": "eu", "date": "2026-01-01"})
    assert key == "2026-01-01|eu"
    assert isinstance(key, str)
    assert key.keys_by_dimension == {"date": "2026-01-01", "region": "eu"}
    assert pickle.loads(pickle.dumps(key)).keys_by_dimension == key.keys_by_dimension


def test_multi_keys_are_the_product_with_dimensions_sorted_by_name():
    multi = MultiPartitionsDefinition(
        {
            "region": StaticPartitionsDefinition(["eu", "us"]),
            "date": DailyPartitionsDefinition("2026-01-01"),
        }
    )
    now = datetime(2026, 1, 3, 12, tzinfo=UTC)
    keys = multi.get_partition_keys(current_time=now)
    assert keys == ["2026-01-01|eu", "2026-01-01|us", "2026-01-02|eu", "2026-01-02|us"]
    assert all(isinstance(k, MultiPartitionKey) for k in keys)
    assert keys[1].keys_by_dimension == {"date": "2026-01-01", "region": "us"}
    assert multi.partition_dimension_names == ["date", "region"]
    assert multi.partitions_defs[0] == PartitionDimensionDefinition(
        "date", DailyPartitionsDefinition("2026-01-01")
    )
    assert multi.get_num_partitions(current_time=now) == 4
    assert multi.has_partition_key("2026-01-02|us", current_time=now)
    assert not multi.has_partition_key("2026-01-03|us", current_time=now)
    assert not multi.has_partition_key("2026-01-02", current_time=now)
    assert multi.get_partition_key_from_str("2026-01-02|us").keys_by_dimension == {
        "date": "2026-01-02",
        "region": "us",
    }
    assert multi.time_window_for_partition_key("2026-01-02|us") == TimeWindow(
        datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 3, tzinfo=UTC)
    )
    assert multi.primary_dimension.name == "date"
    assert multi.get_partition_keys_in_range(
        PartitionKeyRange("2026-01-01|us", "2026-01-02|us"), current_time=now
    ) == ["2026-01-01|us", "2026-01-02|us"]
    assert multi.get_multipartition_keys_with_dimension_value("region", "eu", current_time=now) == [
        "2026-01-01|eu",
        "2026-01-02|eu",
    ]


def test_multi_unknown_key_error_names_the_dimension():
    multi = MultiPartitionsDefinition(
        {"color": StaticPartitionsDefinition(["red"]), "size": StaticPartitionsDefinition(["s"])}
    )
    with pytest.raises(UnknownPartitionError) as info:
        multi.validate_partition_key("red|xl")
    assert "'red|xl'" in str(info.value)
    assert "dimension 'size'" in str(info.value)
    with pytest.raises(UnknownPartitionError, match="expected 2 keys"):
        multi.get_partition_key_from_str("red|s|x")


def test_multi_with_dynamic_dimension_uses_the_store():
    store = InMemoryDynamicPartitionsStore()
    store.add_dynamic_partitions("customers", ["acme"])
    multi = MultiPartitionsDefinition(
        {
            "customer": DynamicPartitionsDefinition(name="customers"),
            "kind": StaticPartitionsDefinition(["a", "b"]),
        }
    )
    assert multi.get_partition_keys(dynamic_partitions_store=store) == ["acme|a", "acme|b"]
    assert multi.has_partition_key("acme|b", dynamic_partitions_store=store)


@pytest.mark.parametrize(
    ("dims", "culprit"),
    [
        ({"a": StaticPartitionsDefinition(["x"])}, "exactly 2 dimensions; got 1"),
        (
            {
                "a": StaticPartitionsDefinition(["x"]),
                "b": StaticPartitionsDefinition(["y"]),
                "c": StaticPartitionsDefinition(["z"]),
            },
            "exactly 2 dimensions; got 3: ['a', 'b', 'c']",
        ),
        ({"a": StaticPartitionsDefinition(["x|y"]), "b": StaticPartitionsDefinition(["z"])}, "key 'x|y'"),
        (
            {
                "a": DynamicPartitionsDefinition(partition_fn=lambda t: []),
                "b": StaticPartitionsDefinition(["z"]),
            },
            "dynamic dimension 'a' must have a name",
        ),
        ({"a": "daily", "b": StaticPartitionsDefinition(["z"])}, "dimension 'a' is a str"),
    ],
)
def test_invalid_multi_definitions_name_the_culprit(dims, culprit):
    with pytest.raises(InvalidDefinitionError) as info:
        MultiPartitionsDefinition(dims)
    assert culprit in str(info.value)


def test_nested_multi_is_rejected():
    inner = MultiPartitionsDefinition(
        {"a": StaticPartitionsDefinition(["x"]), "b": StaticPartitionsDefinition(["y"])}
    )
    with pytest.raises(InvalidDefinitionError, match="dimension 'inner' is a MultiPartitionsDefinition"):
        MultiPartitionsDefinition({"inner": inner, "c": StaticPartitionsDefinition(["z"])})
