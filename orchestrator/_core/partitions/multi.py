"""``MultiPartitionsDefinition``: the cross product of two partitions definitions."""

import itertools
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from ..errors import InvalidDefinitionError, InvalidInvocationError, UnknownPartitionError
from .base import DynamicPartitionsStore, PartitionKeyRange, PartitionsDefinition, TimeWindow
from .dynamic import DynamicPartitionsDefinition
from .static import StaticPartitionsDefinition
from .time_window import TimeWindowPartitionsDefinition

MULTIPARTITION_KEY_DELIMITER = "|"
INVALID_STATIC_PARTITIONS_KEY_CHARACTERS = frozenset({"|", ",", "[", "]"})


class PartitionDimensionKey(NamedTuple):
    """The key of one dimension of a multi-partition key.

    Examples:
        >>> MultiPartitionKey({"color": "red", "size": "s"}).dimension_keys[0]
        PartitionDimensionKey(dimension_name='color', partition_key='red')
    """

    dimension_name: str
    partition_key: str


class MultiPartitionKey(str):
    """A partition key of a multi-partitions definition: a string plus its key per dimension.

    The string joins the dimension keys with "|", ordered by dimension name.

    Examples:
        >>> key = MultiPartitionKey({"region": "eu", "date": "2026-01-01"})
        >>> str(key), key.keys_by_dimension
        ('2026-01-01|eu', {'date': '2026-01-01', 'region': 'eu'})
    """

    dimension_keys: list[PartitionDimensionKey]

    def __new__(cls, keys_by_dimension: Mapping[str, str]) -> "MultiPartitionKey":
        if not isinstance(keys_by_dimension, Mapping):
            raise InvalidInvocationError(
                f"MultiPartitionKey takes a mapping of dimension name to key, got {keys_by_dimension!r}"
            )
        for name, key in keys_by_dimension.items():
            if not isinstance(name, str) or not isinstance(key, str):
                raise InvalidInvocationError(f"MultiPartitionKey: {name!r}: {key!r} must be strings")
        dimension_keys = [
            PartitionDimensionKey(name, keys_by_dimension[name]) for name in sorted(keys_by_dimension)
        ]
        obj = super().__new__(cls, MULTIPARTITION_KEY_DELIMITER.join(k.partition_key for k in dimension_keys))
        obj.dimension_keys = dimension_keys
        return obj

    def __getnewargs__(self) -> tuple[Any, ...]:  # type: ignore[override]
        return (self.keys_by_dimension,)

    @property
    def keys_by_dimension(self) -> dict[str, str]:
        """The key of each dimension, by dimension name."""
        return {k.dimension_name: k.partition_key for k in self.dimension_keys}


class PartitionDimensionDefinition(NamedTuple):
    """A named dimension of a multi-partitions definition.

    Examples:
        >>> dim = PartitionDimensionDefinition("color", StaticPartitionsDefinition(["red"]))
        >>> dim.name, dim.partitions_def.get_partition_keys()
        ('color', ['red'])
    """

    name: str
    partitions_def: PartitionsDefinition


class MultiPartitionsDefinition(PartitionsDefinition):
    """The cross product of the keys of two partitions definitions.

    Dimensions are ordered by name; keys are :class:`MultiPartitionKey` strings joining the
    dimension keys with "|", listed with the first dimension outermost.

    Args:
        partitions_defs: Exactly two dimensions, by name. Each is a static, time-window or named
            dynamic partitions definition.

    Raises:
        InvalidDefinitionError: for a number of dimensions other than two, an unsupported
            dimension type, or static keys containing "|", ",", "[" or "]".

    Examples:
        >>> region = StaticPartitionsDefinition(["eu", "us"])
        >>> color = StaticPartitionsDefinition(["red"])
        >>> multi = MultiPartitionsDefinition({"region": region, "color": color})
        >>> multi.get_partition_keys()
        ['red|eu', 'red|us']
    """

    def __init__(self, partitions_defs: Mapping[str, PartitionsDefinition]):
        if not isinstance(partitions_defs, Mapping):
            raise InvalidDefinitionError(
                f"MultiPartitionsDefinition takes a mapping of dimension name to partitions definition, "
                f"got {partitions_defs!r}"
            )
        if len(partitions_defs) != 2:
            raise InvalidDefinitionError(
                "MultiPartitionsDefinition supports exactly 2 dimensions; got "
                f"{len(partitions_defs)}: {sorted(map(str, partitions_defs))}"
            )
        for name, partitions_def in partitions_defs.items():
            _check_dimension(name, partitions_def)
        self._partitions_defs = [
            PartitionDimensionDefinition(name, partitions_defs[name]) for name in sorted(partitions_defs)
        ]
        self._freeze()

    def _identity(self) -> tuple[Any, ...]:
        return tuple((dim.name, dim.partitions_def) for dim in self._partitions_defs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), ({dim.name: dim.partitions_def for dim in self._partitions_defs},))

    def describe(self) -> str:
        dims = ", ".join(f"{dim.name!r}: {dim.partitions_def.describe()}" for dim in self._partitions_defs)
        return f"{type(self).__name__}({{{dims}}})"

    def __str__(self) -> str:
        first, second = self._partitions_defs
        return (
            "Multi-partitioned, with dimensions: \n"
            f"{first.name.capitalize()}: {first.partitions_def} \n"
            f"{second.name.capitalize()}: {second.partitions_def}"
        )

    def to_snapshot(self) -> dict[str, Any]:
        return {
            "type": "MultiPartitionsDefinition",
            "partitions_defs": {dim.name: dim.partitions_def.to_snapshot() for dim in self._partitions_defs},
        }

    @property
    def partitions_defs(self) -> Sequence[PartitionDimensionDefinition]:
        """The dimensions, ordered by name."""
        return list(self._partitions_defs)

    @property
    def partition_dimension_names(self) -> list[str]:
        return [dim.name for dim in self._partitions_defs]

    def get_partitions_def_for_dimension(self, dimension_name: str) -> PartitionsDefinition:
        """The partitions definition of one dimension."""
        for dim in self._partitions_defs:
            if dim.name == dimension_name:
                return dim.partitions_def
        raise InvalidInvocationError(
            f"{dimension_name!r} is not a dimension of {self.describe()}; "
            f"dimensions are {self.partition_dimension_names}"
        )

    @property
    def primary_dimension(self) -> PartitionDimensionDefinition:
        """The time-window dimension if there is exactly one, else the first dimension."""
        time_dims = self._time_window_dims()
        return time_dims[0] if len(time_dims) == 1 else self._partitions_defs[0]

    @property
    def secondary_dimension(self) -> PartitionDimensionDefinition:
        primary = self.primary_dimension
        return next(dim for dim in self._partitions_defs if dim.name != primary.name)

    def _time_window_dims(self) -> list[PartitionDimensionDefinition]:
        return [
            d for d in self._partitions_defs if isinstance(d.partitions_def, TimeWindowPartitionsDefinition)
        ]

    @property
    def has_time_window_dimension(self) -> bool:
        return bool(self._time_window_dims())

    @property
    def time_window_dimension(self) -> PartitionDimensionDefinition:
        """The single time-window dimension; raises InvalidInvocationError if there is none."""
        time_dims = self._time_window_dims()
        if len(time_dims) != 1:
            raise InvalidInvocationError(f"{self.describe()} has no single time-window dimension")
        return time_dims[0]

    def time_window_for_partition_key(self, partition_key: str) -> TimeWindow:
        """The time window of the time-window dimension of a key."""
        dim = self.time_window_dimension
        key = self.get_partition_key_from_str(partition_key)
        partitions_def = dim.partitions_def
        assert isinstance(partitions_def, TimeWindowPartitionsDefinition)
        return partitions_def.time_window_for_partition_key(key.keys_by_dimension[dim.name])

    def get_partition_key_from_str(self, partition_key_str: str) -> MultiPartitionKey:
        """Split a "a|b" string into a :class:`MultiPartitionKey` of this definition's dimensions.

        Raises:
            UnknownPartitionError: if the string does not have one key per dimension.
        """
        if isinstance(partition_key_str, MultiPartitionKey) and set(
            partition_key_str.keys_by_dimension
        ) == set(self.partition_dimension_names):
            return partition_key_str
        if not isinstance(partition_key_str, str):
            raise UnknownPartitionError(f"Partition key {partition_key_str!r} is not a string")
        parts = partition_key_str.split(MULTIPARTITION_KEY_DELIMITER)
        if len(parts) != len(self._partitions_defs):
            raise UnknownPartitionError(
                f"Partition key {partition_key_str!r} is not in {self.describe()}: expected "
                f"{len(self._partitions_defs)} keys joined by '|', got {len(parts)}"
            )
        return MultiPartitionKey(
            {dim.name: part for dim, part in zip(self._partitions_defs, parts, strict=True)}
        )

    def _product(self, sequences: Sequence[Sequence[str]]) -> list[MultiPartitionKey]:
        names = self.partition_dimension_names
        return [
            MultiPartitionKey(dict(zip(names, combo, strict=True)))
            for combo in itertools.product(*sequences)
            # A dimension key containing the delimiter could not be read back; leave it out.
            if not any(MULTIPARTITION_KEY_DELIMITER in part for part in combo)
        ]

    def get_partition_keys(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> Sequence[MultiPartitionKey]:
        return self._product(
            [
                dim.partitions_def.get_partition_keys(current_time, dynamic_partitions_store)
                for dim in self._partitions_defs
            ]
        )

    def has_partition_key(
        self,
        partition_key: str,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> bool:
        if isinstance(partition_key, MultiPartitionKey) and set(partition_key.keys_by_dimension) != set(
            self.partition_dimension_names
        ):
            raise UnknownPartitionError(
                f"Partition key {partition_key!r} has dimensions {sorted(partition_key.keys_by_dimension)}, "
                f"not the dimensions {self.partition_dimension_names} of {self.describe()}"
            )
        try:
            key = self.get_partition_key_from_str(partition_key)
        except UnknownPartitionError:
            return False
        return all(
            dim.partitions_def.has_partition_key(
                key.keys_by_dimension[dim.name], current_time, dynamic_partitions_store
            )
            for dim in self._partitions_defs
        )

    def _unknown_key_detail(
        self,
        partition_key: str,
        current_time: datetime | None,
        dynamic_partitions_store: DynamicPartitionsStore | None,
    ) -> str:
        try:
            key = self.get_partition_key_from_str(partition_key)
        except UnknownPartitionError:
            return f"expected {len(self._partitions_defs)} keys joined by '|'"
        for dim in self._partitions_defs:
            part = key.keys_by_dimension[dim.name]
            if not dim.partitions_def.has_partition_key(part, current_time, dynamic_partitions_store):
                error = dim.partitions_def.unknown_partition_key_error(
                    part, current_time, dynamic_partitions_store
                )
                return f"dimension {dim.name!r}: {error}"
        return ""

    def get_num_partitions(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> int:
        count = 1
        for dim in self._partitions_defs:
            count *= dim.partitions_def.get_num_partitions(current_time, dynamic_partitions_store)
        return count

    def get_partition_keys_in_range(
        self,
        partition_key_range: PartitionKeyRange,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
        current_time: datetime | None = None,
    ) -> Sequence[str]:
        """The product of each dimension's range between the endpoints' keys in that dimension."""
        self._check_range(partition_key_range, current_time, dynamic_partitions_store)
        start = self.get_partition_key_from_str(partition_key_range.start)
        end = self.get_partition_key_from_str(partition_key_range.end)
        return self._product(
            [
                dim.partitions_def.get_partition_keys_in_range(
                    PartitionKeyRange(start.keys_by_dimension[dim.name], end.keys_by_dimension[dim.name]),
                    dynamic_partitions_store=dynamic_partitions_store,
                    current_time=current_time,
                )
                for dim in self._partitions_defs
            ]
        )

    def get_multipartition_keys_with_dimension_value(
        self,
        dimension_name: str,
        dimension_partition_key: str,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> Sequence[MultiPartitionKey]:
        """All keys whose ``dimension_name`` dimension is ``dimension_partition_key``."""
        self.get_partitions_def_for_dimension(dimension_name)
        return self._product(
            [
                [dimension_partition_key]
                if dim.name == dimension_name
                else dim.partitions_def.get_partition_keys(current_time, dynamic_partitions_store)
                for dim in self._partitions_defs
            ]
        )


def _check_dimension(name: object, partitions_def: object) -> None:
    if not isinstance(name, str) or not name:
        raise InvalidDefinitionError(
            f"MultiPartitionsDefinition: dimension names must be non-empty strings, got {name!r}"
        )
    if MULTIPARTITION_KEY_DELIMITER in name:
        raise InvalidDefinitionError(
            f"MultiPartitionsDefinition: dimension name {name!r} may not contain '|'"
        )
    allowed = (StaticPartitionsDefinition, TimeWindowPartitionsDefinition, DynamicPartitionsDefinition)
    if not isinstance(partitions_def, allowed):
        raise InvalidDefinitionError(
            f"MultiPartitionsDefinition: dimension {name!r} is a {type(partitions_def).__name__}; "
            "dimensions must be StaticPartitionsDefinition, TimeWindowPartitionsDefinition or "
            "DynamicPartitionsDefinition"
        )
    if isinstance(partitions_def, DynamicPartitionsDefinition) and partitions_def.name is None:
        raise InvalidDefinitionError(
            f"MultiPartitionsDefinition: dynamic dimension {name!r} must have a name to be used in a "
            "MultiPartitionsDefinition"
        )
    if isinstance(partitions_def, StaticPartitionsDefinition):
        for key in partitions_def.get_partition_keys():
            bad = INVALID_STATIC_PARTITIONS_KEY_CHARACTERS & set(key)
            if bad:
                raise InvalidDefinitionError(
                    f"MultiPartitionsDefinition: key {key!r} of dimension {name!r} contains {sorted(bad)}; "
                    "keys of a multi-partitions dimension may not contain '|', ',', '[' or ']'"
                )
