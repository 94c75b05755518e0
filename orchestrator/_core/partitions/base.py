"""The ``PartitionsDefinition`` base class and the small value types shared by all partitions."""

import hashlib
import json
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple, Protocol, runtime_checkable

from ..errors import InvalidDefinitionError, UnknownPartitionError

# "..." separates the ends of a key range in user input; control characters do not display.
INVALID_PARTITION_SUBSTRINGS = ("...", "\a", "\b", "\f", "\n", "\r", "\t", "\v", "\0")


class PartitionKeyRange(NamedTuple):
    """An inclusive range of partition keys, from ``start`` to ``end`` in definition order.

    Examples:
        >>> PartitionKeyRange("2026-01-01", "2026-01-07").end
        '2026-01-07'
    """

    start: str
    end: str


class TimeWindow(NamedTuple):
    """A half-open interval ``[start, end)`` of timezone-aware datetimes.

    Examples:
        >>> from datetime import datetime, timezone
        >>> utc = timezone.utc
        >>> w = TimeWindow(datetime(2026, 1, 1, tzinfo=utc), datetime(2026, 1, 2, tzinfo=utc))
        >>> (w.end - w.start).days
        1
    """

    start: datetime
    end: datetime


@runtime_checkable
class DynamicPartitionsStore(Protocol):
    """Where the keys of named dynamic partitions definitions are kept (usually the instance).

    Examples:
        >>> from orchestrator._core.partitions import InMemoryDynamicPartitionsStore
        >>> isinstance(InMemoryDynamicPartitionsStore(), DynamicPartitionsStore)
        True
    """

    def get_dynamic_partitions(self, partitions_def_name: str) -> Sequence[str]:
        """Keys of the named definition, in the order they were added."""
        ...

    def has_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> bool:
        """Whether the named definition holds ``partition_key``."""
        ...

    def add_dynamic_partitions(self, partitions_def_name: str, partition_keys: Sequence[str]) -> None:
        """Add keys to the named definition; keys already present are left as they are."""
        ...

    def delete_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> None:
        """Remove one key from the named definition."""
        ...


class InvalidPartitionKeyError(UnknownPartitionError, ValueError):
    """A partition key cannot be read with its definition's format.

    Also a ``ValueError``, which is what ported code catches around key parsing.

    Examples:
        >>> from orchestrator._core.partitions import DailyPartitionsDefinition
        >>> try:
        ...     DailyPartitionsDefinition("2026-01-01").time_window_for_partition_key("soon")
        ... except ValueError as error:
        ...     print(type(error).__name__)
        InvalidPartitionKeyError
    """


def check_partition_key_substrings(partition_keys: Sequence[str], owner: str) -> None:
    """Raise InvalidDefinitionError naming keys that contain "..." or control characters.

    Examples:
        >>> check_partition_key_substrings(["a", "b"], "example")
    """
    for key in partition_keys:
        if not isinstance(key, str):
            raise InvalidDefinitionError(f"{owner}: partition keys must be strings, got {key!r}")
        bad = [s for s in INVALID_PARTITION_SUBSTRINGS if s in key]
        if bad:
            raise InvalidDefinitionError(
                f"{owner}: partition key {key!r} contains {bad!r}, which partition keys may not contain"
            )


def current_timestamp(current_time: datetime | None, tzinfo: Any = None) -> float:
    """``current_time`` as a POSIX timestamp (now when None; naive times are read in ``tzinfo``).

    Examples:
        >>> from datetime import timezone
        >>> current_timestamp(datetime(1970, 1, 2), timezone.utc)
        86400.0
    """
    if current_time is None:
        return time.time()
    if not isinstance(current_time, datetime):
        raise TypeError(f"current_time must be a datetime, got {current_time!r}")
    if current_time.tzinfo is None and tzinfo is not None:
        current_time = current_time.replace(tzinfo=tzinfo)
    return current_time.timestamp()


def preview(keys: Sequence[str], limit: int = 5) -> str:
    """Up to ``limit`` keys for an error message, with a count of the rest.

    Examples:
        >>> preview(["a", "b", "c"], limit=2)
        "'a', 'b' and 1 more"
    """
    shown = ", ".join(repr(k) for k in keys[:limit])
    return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")


class PartitionsDefinition(ABC):
    """A set of partition keys an asset or job is split into.

    Definitions are immutable, hashable and compare equal by value. Keys of time-window
    definitions depend on ``current_time`` (default: now); keys of named dynamic definitions
    come from a ``dynamic_partitions_store``.

    Examples:
        >>> from orchestrator._core.partitions import StaticPartitionsDefinition
        >>> d = StaticPartitionsDefinition(["a", "b"])
        >>> d.get_partition_keys(), d.has_partition_key("c")
        (['a', 'b'], False)
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get("_frozen"):
            raise AttributeError(f"{type(self).__name__} is immutable")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _freeze(self) -> None:
        object.__setattr__(self, "_frozen", True)

    # -- value semantics --------------------------------------------------------------------

    @abstractmethod
    def _identity(self) -> tuple[Any, ...]:
        """The values that make two definitions of the same class equal."""

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        return type(self) is type(other) and self._identity() == other._identity()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._identity()))

    def __repr__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        """A short, human-readable description used in error messages."""
        return f"{type(self).__name__}()"

    # -- keys -------------------------------------------------------------------------------

    @abstractmethod
    def get_partition_keys(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> Sequence[str]:
        """All partition keys, in order.

        Args:
            current_time: The time at which to evaluate time-window partitions (default: now).
            dynamic_partitions_store: Where dynamic partitions keep their keys.
        """

    def has_partition_key(
        self,
        partition_key: str,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> bool:
        """Whether ``partition_key`` is one of the keys."""
        return partition_key in self.get_partition_keys(current_time, dynamic_partitions_store)

    def _unknown_key_detail(
        self,
        partition_key: str,
        current_time: datetime | None,
        dynamic_partitions_store: DynamicPartitionsStore | None,
    ) -> str:
        """Why ``partition_key`` is not a key (appended to the error message), or ""."""
        return ""

    def unknown_partition_key_error(
        self,
        partition_key: str,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> UnknownPartitionError:
        """The error raised for a key that is not in this definition."""
        detail = self._unknown_key_detail(partition_key, current_time, dynamic_partitions_store)
        message = f"Partition key {partition_key!r} is not in {self.describe()}"
        return UnknownPartitionError(f"{message}: {detail}" if detail else message)

    def validate_partition_key(
        self,
        partition_key: str,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> None:
        """Raise UnknownPartitionError (naming the key and this definition) unless it is a key."""
        if not isinstance(partition_key, str) or not self.has_partition_key(
            partition_key, current_time=current_time, dynamic_partitions_store=dynamic_partitions_store
        ):
            raise self.unknown_partition_key_error(partition_key, current_time, dynamic_partitions_store)

    def _check_range(
        self,
        partition_key_range: PartitionKeyRange,
        current_time: datetime | None,
        dynamic_partitions_store: DynamicPartitionsStore | None,
    ) -> None:
        for key in (partition_key_range.start, partition_key_range.end):
            if not self.has_partition_key(
                key, current_time=current_time, dynamic_partitions_store=dynamic_partitions_store
            ):
                error = self.unknown_partition_key_error(key, current_time, dynamic_partitions_store)
                raise UnknownPartitionError(
                    f"Partition key range {partition_key_range.start!r}...{partition_key_range.end!r} "
                    f"is invalid. {error}"
                )

    def get_partition_keys_in_range(
        self,
        partition_key_range: PartitionKeyRange,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
        current_time: datetime | None = None,
    ) -> Sequence[str]:
        """Keys from ``partition_key_range.start`` to ``.end`` inclusive (empty if reversed).

        Raises:
            UnknownPartitionError: naming an endpoint that is not a key.
        """
        self._check_range(partition_key_range, current_time, dynamic_partitions_store)
        if partition_key_range.start == partition_key_range.end:
            return [partition_key_range.start]
        keys = list(self.get_partition_keys(current_time, dynamic_partitions_store))
        return keys[keys.index(partition_key_range.start) : keys.index(partition_key_range.end) + 1]

    def get_num_partitions(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> int:
        """How many keys there are."""
        return len(self.get_partition_keys(current_time, dynamic_partitions_store))

    def get_first_partition_key(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> str | None:
        """The first key, or None when there are none."""
        keys = self.get_partition_keys(current_time, dynamic_partitions_store)
        return keys[0] if keys else None

    def get_last_partition_key(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> str | None:
        """The last key, or None when there are none."""
        keys = self.get_partition_keys(current_time, dynamic_partitions_store)
        return keys[-1] if keys else None

    # -- snapshots --------------------------------------------------------------------------

    @abstractmethod
    def to_snapshot(self) -> dict[str, Any]:
        """Plain JSON data (``type`` plus parameters) that rebuilds an equal definition.

        See :func:`partitions_def_from_snapshot`.
        """

    def get_serializable_unique_identifier(
        self, dynamic_partitions_store: DynamicPartitionsStore | None = None
    ) -> str:
        """A stable hash of the definition, for telling stored data of two definitions apart."""
        data = json.dumps(self.to_snapshot(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha1(data.encode("utf-8")).hexdigest()
