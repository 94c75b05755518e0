"""``StaticPartitionsDefinition``: a fixed list of partition keys."""

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..errors import InvalidDefinitionError
from .base import (
    DynamicPartitionsStore,
    PartitionKeyRange,
    PartitionsDefinition,
    check_partition_key_substrings,
    preview,
)


class StaticPartitionsDefinition(PartitionsDefinition):
    """A statically-defined set of partitions.

    Args:
        partition_keys: The keys, in order. Keys must be unique and may not contain "..." or
            control characters.

    Raises:
        InvalidDefinitionError: naming duplicate or malformed keys.

    Examples:
        >>> oceans = StaticPartitionsDefinition(["arctic", "atlantic", "indian"])
        >>> oceans.get_partition_keys()
        ['arctic', 'atlantic', 'indian']
        >>> oceans.has_partition_key("pacific")
        False
    """

    def __init__(self, partition_keys: Sequence[str]):
        if isinstance(partition_keys, str):
            raise InvalidDefinitionError(
                f"StaticPartitionsDefinition: partition_keys must be a list of strings, "
                f"not the single string {partition_keys!r}"
            )
        try:
            keys = list(partition_keys)
        except TypeError:
            raise InvalidDefinitionError(
                f"StaticPartitionsDefinition: partition_keys must be a sequence of strings, "
                f"got {partition_keys!r}"
            ) from None
        check_partition_key_substrings(keys, "StaticPartitionsDefinition")
        duplicates = [key for key, count in Counter(keys).items() if count > 1]
        if duplicates:
            raise InvalidDefinitionError(
                f"StaticPartitionsDefinition: partition keys must be unique; duplicated: {duplicates!r}"
            )
        self._partition_keys: tuple[str, ...] = tuple(keys)
        self._index: dict[str, int] = {key: i for i, key in enumerate(keys)}
        self._freeze()

    def _identity(self) -> tuple[Any, ...]:
        return self._partition_keys

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (list(self._partition_keys),))

    def describe(self) -> str:
        return f"{type(self).__name__}([{preview(self._partition_keys)}])"

    def __str__(self) -> str:
        return ", ".join(f"'{key}'" for key in self._partition_keys)

    def get_partition_keys(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> Sequence[str]:
        return list(self._partition_keys)

    def has_partition_key(
        self,
        partition_key: str,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> bool:
        return partition_key in self._index

    def get_num_partitions(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> int:
        return len(self._partition_keys)

    def get_first_partition_key(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> str | None:
        return self._partition_keys[0] if self._partition_keys else None

    def get_last_partition_key(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> str | None:
        return self._partition_keys[-1] if self._partition_keys else None

    def get_partition_keys_in_range(
        self,
        partition_key_range: PartitionKeyRange,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
        current_time: datetime | None = None,
    ) -> Sequence[str]:
        self._check_range(partition_key_range, current_time, dynamic_partitions_store)
        start = self._index[partition_key_range.start]
        end = self._index[partition_key_range.end]
        return list(self._partition_keys[start : end + 1])

    def to_snapshot(self) -> dict[str, Any]:
        return {"type": "StaticPartitionsDefinition", "partition_keys": list(self._partition_keys)}
