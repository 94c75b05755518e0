"""``DynamicPartitionsDefinition``: partitions added and removed at runtime, kept in a store."""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Union

from ..errors import InvalidDefinitionError, InvalidInvocationError
from .base import DynamicPartitionsStore, PartitionsDefinition, check_partition_key_substrings

PartitionFn = Callable[[datetime | None], Sequence[Any]]


@dataclass(frozen=True)
class AddDynamicPartitionsRequest:
    """A request (e.g. returned by a sensor) to add keys to a named dynamic partitions definition.

    Examples:
        >>> AddDynamicPartitionsRequest("fruits", ["apple"]).partition_keys
        ['apple']
    """

    partitions_def_name: str
    partition_keys: Sequence[str]


@dataclass(frozen=True)
class DeleteDynamicPartitionsRequest:
    """A request to delete keys from a named dynamic partitions definition.

    Examples:
        >>> DeleteDynamicPartitionsRequest("fruits", ["apple"]).partitions_def_name
        'fruits'
    """

    partitions_def_name: str
    partition_keys: Sequence[str]


class InMemoryDynamicPartitionsStore:
    """A thread-safe :class:`DynamicPartitionsStore` held in memory (tests, ephemeral instances).

    Examples:
        >>> store = InMemoryDynamicPartitionsStore()
        >>> store.add_dynamic_partitions("fruits", ["apple", "banana", "apple"])
        >>> store.get_dynamic_partitions("fruits")
        ['apple', 'banana']
    """

    def __init__(self) -> None:
        self._keys: dict[str, dict[str, None]] = {}
        self._lock = threading.Lock()

    def get_dynamic_partitions(self, partitions_def_name: str) -> Sequence[str]:
        with self._lock:
            return list(self._keys.get(partitions_def_name, {}))

    def has_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> bool:
        with self._lock:
            return partition_key in self._keys.get(partitions_def_name, {})

    def add_dynamic_partitions(self, partitions_def_name: str, partition_keys: Sequence[str]) -> None:
        if isinstance(partition_keys, str):
            raise InvalidInvocationError("partition_keys must be a list of strings, not a string")
        keys = list(partition_keys)
        check_partition_key_substrings(keys, f"dynamic partitions {partitions_def_name!r}")
        with self._lock:
            existing = self._keys.setdefault(partitions_def_name, {})
            for key in keys:
                existing[key] = None

    def delete_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> None:
        with self._lock:
            self._keys.get(partitions_def_name, {}).pop(partition_key, None)


class DynamicPartitionsDefinition(PartitionsDefinition):
    """Partitions whose keys are added and removed at runtime.

    A named definition reads its keys from a ``dynamic_partitions_store`` (the instance in a
    run, a sensor or the server); requests to add or delete keys are built with
    :meth:`build_add_request` and :meth:`build_delete_request`.

    Args:
        partition_fn: Deprecated alternative to ``name``: a function of the current time
            returning the keys. A string passed here is taken as the ``name``.
        name: The name the store keeps the keys under.

    Raises:
        InvalidDefinitionError: if neither or both of ``name`` and ``partition_fn`` are given.

    Examples:
        >>> fruits = DynamicPartitionsDefinition(name="fruits")
        >>> store = InMemoryDynamicPartitionsStore()
        >>> store.add_dynamic_partitions("fruits", ["apple"])
        >>> fruits.get_partition_keys(dynamic_partitions_store=store)
        ['apple']
        >>> fruits.build_add_request(["banana"])
        AddDynamicPartitionsRequest(partitions_def_name='fruits', partition_keys=['banana'])
    """

    def __init__(
        self,
        partition_fn: Union[PartitionFn, str] | None = None,
        name: str | None = None,
    ):
        if isinstance(partition_fn, str) and name is None:
            partition_fn, name = None, partition_fn
        if partition_fn is None and name is None:
            raise InvalidDefinitionError("DynamicPartitionsDefinition: provide either name or partition_fn")
        if partition_fn is not None and name is not None:
            raise InvalidDefinitionError(
                "DynamicPartitionsDefinition: provide name or partition_fn, not both"
            )
        if partition_fn is not None and not callable(partition_fn):
            raise InvalidDefinitionError(
                f"DynamicPartitionsDefinition: partition_fn must be callable, got {partition_fn!r}"
            )
        if name is not None and (not isinstance(name, str) or not name):
            raise InvalidDefinitionError(
                f"DynamicPartitionsDefinition: name must be a non-empty string, got {name!r}"
            )
        self.partition_fn = partition_fn
        self.name = name
        self._freeze()

    def _identity(self) -> tuple[Any, ...]:
        return (self.name, self.partition_fn)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.partition_fn, self.name))

    def describe(self) -> str:
        if self.name is not None:
            return f"{type(self).__name__}(name={self.name!r})"
        fn_name = getattr(self.partition_fn, "__name__", repr(self.partition_fn))
        return f"{type(self).__name__}(partition_fn={fn_name})"

    def __str__(self) -> str:
        return f'Dynamic partitions: "{self.name}"' if self.name else self.describe()

    def _require_store(self, store: DynamicPartitionsStore | None) -> DynamicPartitionsStore:
        if store is None:
            raise InvalidInvocationError(
                f"{self.describe()} keeps its partition keys in a dynamic partitions store; pass "
                "dynamic_partitions_store (e.g. the instance) to list or check its keys"
            )
        return store

    def get_partition_keys(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> Sequence[str]:
        if self.partition_fn is not None:
            results = self.partition_fn(current_time)
            return [r if isinstance(r, str) else r.name for r in results]
        assert self.name is not None
        return list(self._require_store(dynamic_partitions_store).get_dynamic_partitions(self.name))

    def has_partition_key(
        self,
        partition_key: str,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> bool:
        if self.partition_fn is not None:
            return partition_key in self.get_partition_keys(current_time)
        assert self.name is not None
        return self._require_store(dynamic_partitions_store).has_dynamic_partition(self.name, partition_key)

    def _check_request(self, partition_keys: Sequence[str], action: str) -> list[str]:
        if self.name is None:
            raise InvalidInvocationError(
                f"Cannot build a request to {action} partitions of {self.describe()}: it has no name"
            )
        if isinstance(partition_keys, str):
            raise InvalidInvocationError(
                f"partition_keys must be a list of strings, not the single string {partition_keys!r}"
            )
        keys = list(partition_keys)
        for key in keys:
            if not isinstance(key, str):
                raise InvalidInvocationError(f"partition keys must be strings, got {key!r}")
        return keys

    def build_add_request(self, partition_keys: Sequence[str]) -> AddDynamicPartitionsRequest:
        """A request adding ``partition_keys`` to this (named) definition."""
        keys = self._check_request(partition_keys, "add")
        check_partition_key_substrings(keys, self.describe())
        assert self.name is not None
        return AddDynamicPartitionsRequest(self.name, keys)

    def build_delete_request(self, partition_keys: Sequence[str]) -> DeleteDynamicPartitionsRequest:
        """A request deleting ``partition_keys`` from this (named) definition."""
        keys = self._check_request(partition_keys, "delete")
        assert self.name is not None
        return DeleteDynamicPartitionsRequest(self.name, keys)

    def to_snapshot(self) -> dict[str, Any]:
        if self.name is None:
            raise InvalidInvocationError(
                f"{self.describe()} lists its keys with a function, which a snapshot cannot hold; "
                "give the definition a name instead"
            )
        return {"type": "DynamicPartitionsDefinition", "name": self.name}
