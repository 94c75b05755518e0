"""The ``PartitionMapping`` base class: which upstream partitions a downstream partition reads."""

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ...errors import InvalidInvocationError, UnknownPartitionError
from ..base import DynamicPartitionsStore, PartitionsDefinition, preview


@dataclass(frozen=True)
class UpstreamPartitionsResult:
    """Upstream keys a set of downstream keys maps to, split into existing and missing ones.

    Examples:
        >>> UpstreamPartitionsResult(["2026-01-01"], ["2025-12-31"]).required_but_nonexistent_partition_keys
        ['2025-12-31']
    """

    partition_keys: Sequence[str]
    required_but_nonexistent_partition_keys: Sequence[str] = field(default_factory=list)


def unique(keys: Iterable[str]) -> list[str]:
    """``keys`` without repeats, in first-seen order.

    Examples:
        >>> unique(["b", "a", "b"])
        ['b', 'a']
    """
    return list(dict.fromkeys(keys))


class PartitionMapping(ABC):
    """Defines which partitions of an upstream asset each partition of a downstream asset uses.

    ``None`` downstream keys (or definition) stand for an unpartitioned downstream asset.
    Mappings are immutable and compare equal by value.

    Examples:
        >>> from orchestrator._core.partitions import AllPartitionMapping, StaticPartitionsDefinition
        >>> upstream = StaticPartitionsDefinition(["a", "b"])
        >>> AllPartitionMapping().get_upstream_partition_keys(None, None, upstream)
        ['a', 'b']
    """

    @abstractmethod
    def get_upstream_mapped_partitions_result(
        self,
        downstream_partition_keys: Sequence[str] | None,
        downstream_partitions_def: PartitionsDefinition | None,
        upstream_partitions_def: PartitionsDefinition,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> UpstreamPartitionsResult:
        """The upstream keys the downstream keys depend on, with those that do not exist apart."""

    def get_upstream_partition_keys(
        self,
        downstream_partition_keys: Sequence[str] | None,
        downstream_partitions_def: PartitionsDefinition | None,
        upstream_partitions_def: PartitionsDefinition,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        """The upstream keys the downstream keys depend on.

        Raises:
            UnknownPartitionError: naming required upstream partitions that do not exist.
        """
        result = self.get_upstream_mapped_partitions_result(
            downstream_partition_keys,
            downstream_partitions_def,
            upstream_partitions_def,
            current_time=current_time,
            dynamic_partitions_store=dynamic_partitions_store,
        )
        missing = list(result.required_but_nonexistent_partition_keys)
        if missing:
            downstream = "the unpartitioned downstream asset"
            if downstream_partition_keys is not None:
                downstream = f"downstream partitions {preview(list(downstream_partition_keys))}"
            raise UnknownPartitionError(
                f"{self!r} maps {downstream} to upstream partitions that are not in "
                f"{upstream_partitions_def.describe()}: {preview(missing)}.{self._missing_hint()}"
            )
        return list(result.partition_keys)

    def _missing_hint(self) -> str:
        return ""

    @abstractmethod
    def get_downstream_partition_keys(
        self,
        upstream_partition_keys: Sequence[str],
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        """The downstream keys (that exist) depending on any of the upstream keys."""

    def validate_partition_mapping(
        self,
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
    ) -> None:
        """Raise InvalidDefinitionError if the mapping cannot relate the two definitions."""
        return None

    @property
    @abstractmethod
    def description(self) -> str:
        """A human-readable description of the mapping."""

    @abstractmethod
    def to_snapshot(self) -> dict[str, Any]:
        """Plain JSON data describing the mapping: ``type`` plus its parameters."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.to_snapshot() == other.to_snapshot()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(json.dumps(self.to_snapshot(), sort_keys=True))

    def __repr__(self) -> str:
        params = {k: v for k, v in self.to_snapshot().items() if k != "type"}
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in params.items())})"

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get("_frozen"):
            raise AttributeError(f"{type(self).__name__} is immutable")
        object.__setattr__(self, name, value)

    def _freeze(self) -> None:
        object.__setattr__(self, "_frozen", True)


def require_downstream_keys(
    mapping: PartitionMapping, downstream_partition_keys: Sequence[str] | None
) -> Sequence[str]:
    """``downstream_partition_keys``, or InvalidInvocationError for an unpartitioned downstream."""
    if downstream_partition_keys is None:
        raise InvalidInvocationError(f"{type(mapping).__name__} needs a partitioned downstream asset")
    if isinstance(downstream_partition_keys, str):
        raise InvalidInvocationError("downstream_partition_keys must be a list of keys, not a string")
    return downstream_partition_keys


def require_downstream_def(
    mapping: PartitionMapping, downstream_partitions_def: PartitionsDefinition | None
) -> PartitionsDefinition:
    """``downstream_partitions_def``, or InvalidInvocationError for an unpartitioned downstream."""
    if downstream_partitions_def is None:
        raise InvalidInvocationError(
            f"{type(mapping).__name__}: the downstream asset is not partitioned, so it has no "
            "partitions to map to"
        )
    return downstream_partitions_def
