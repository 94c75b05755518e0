"""Identity, all, last, specific-keys and static partition mappings."""

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any, Union

from ...errors import InvalidDefinitionError
from ..base import DynamicPartitionsStore, PartitionsDefinition
from ..static import StaticPartitionsDefinition
from .base import (
    PartitionMapping,
    UpstreamPartitionsResult,
    require_downstream_def,
    require_downstream_keys,
    unique,
)


class IdentityPartitionMapping(PartitionMapping):
    """Each downstream partition depends on the upstream partition with the same key.

    Examples:
        >>> from orchestrator._core.partitions import StaticPartitionsDefinition
        >>> d = StaticPartitionsDefinition(["a", "b"])
        >>> IdentityPartitionMapping().get_upstream_partition_keys(["b"], d, d)
        ['b']
    """

    def __init__(self) -> None:
        self._freeze()

    @property
    def description(self) -> str:
        return (
            "Assumes upstream and downstream assets share the same partitions definition. "
            "Maps each partition in the downstream asset to the same partition in the upstream asset."
        )

    def to_snapshot(self) -> dict[str, Any]:
        return {"type": "IdentityPartitionMapping"}

    def validate_partition_mapping(
        self,
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
    ) -> None:
        if type(upstream_partitions_def) is not type(downstream_partitions_def):
            raise InvalidDefinitionError(
                "IdentityPartitionMapping: upstream and downstream partitions definitions must match, or "
                f"a different partition mapping must be provided; got upstream "
                f"{upstream_partitions_def!r} and downstream {downstream_partitions_def!r}"
            )

    def get_upstream_mapped_partitions_result(
        self,
        downstream_partition_keys: Sequence[str] | None,
        downstream_partitions_def: PartitionsDefinition | None,
        upstream_partitions_def: PartitionsDefinition,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> UpstreamPartitionsResult:
        keys = unique(require_downstream_keys(self, downstream_partition_keys))
        if downstream_partitions_def == upstream_partitions_def:
            return UpstreamPartitionsResult(keys, [])
        found: list[str] = []
        missing: list[str] = []
        for key in keys:
            exists = upstream_partitions_def.has_partition_key(
                key, current_time=current_time, dynamic_partitions_store=dynamic_partitions_store
            )
            (found if exists else missing).append(key)
        return UpstreamPartitionsResult(found, missing)

    def get_downstream_partition_keys(
        self,
        upstream_partition_keys: Sequence[str],
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        downstream = require_downstream_def(self, downstream_partitions_def)
        keys = unique(upstream_partition_keys)
        if downstream == upstream_partitions_def:
            return keys
        return [
            key
            for key in keys
            if downstream.has_partition_key(
                key, current_time=current_time, dynamic_partitions_store=dynamic_partitions_store
            )
        ]


class AllPartitionMapping(PartitionMapping):
    """Each downstream partition (or the unpartitioned downstream) depends on every upstream one.

    Examples:
        >>> from orchestrator._core.partitions import StaticPartitionsDefinition
        >>> upstream = StaticPartitionsDefinition(["a", "b"])
        >>> AllPartitionMapping().get_upstream_partition_keys(None, None, upstream)
        ['a', 'b']
    """

    def __init__(self) -> None:
        self._freeze()

    @property
    def description(self) -> str:
        return "Each downstream partition depends on all partitions of the upstream asset."

    def to_snapshot(self) -> dict[str, Any]:
        return {"type": "AllPartitionMapping"}

    def get_upstream_mapped_partitions_result(
        self,
        downstream_partition_keys: Sequence[str] | None,
        downstream_partitions_def: PartitionsDefinition | None,
        upstream_partitions_def: PartitionsDefinition,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> UpstreamPartitionsResult:
        keys = upstream_partitions_def.get_partition_keys(current_time, dynamic_partitions_store)
        return UpstreamPartitionsResult(list(keys), [])

    def get_downstream_partition_keys(
        self,
        upstream_partition_keys: Sequence[str],
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        downstream = require_downstream_def(self, downstream_partitions_def)
        if not upstream_partition_keys:
            return []
        return list(downstream.get_partition_keys(current_time, dynamic_partitions_store))


class LastPartitionMapping(PartitionMapping):
    """Each downstream partition (or the unpartitioned downstream) depends on the last upstream one.

    Examples:
        >>> from orchestrator._core.partitions import StaticPartitionsDefinition
        >>> upstream = StaticPartitionsDefinition(["a", "b"])
        >>> LastPartitionMapping().get_upstream_partition_keys(None, None, upstream)
        ['b']
    """

    def __init__(self) -> None:
        self._freeze()

    @property
    def description(self) -> str:
        return "Each downstream partition depends on the last partition of the upstream asset."

    def to_snapshot(self) -> dict[str, Any]:
        return {"type": "LastPartitionMapping"}

    def get_upstream_mapped_partitions_result(
        self,
        downstream_partition_keys: Sequence[str] | None,
        downstream_partitions_def: PartitionsDefinition | None,
        upstream_partitions_def: PartitionsDefinition,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> UpstreamPartitionsResult:
        last = upstream_partitions_def.get_last_partition_key(current_time, dynamic_partitions_store)
        return UpstreamPartitionsResult([last] if last is not None else [], [])

    def get_downstream_partition_keys(
        self,
        upstream_partition_keys: Sequence[str],
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        downstream = require_downstream_def(self, downstream_partitions_def)
        last = upstream_partitions_def.get_last_partition_key(current_time, dynamic_partitions_store)
        if last is None or last not in upstream_partition_keys:
            return []
        return list(downstream.get_partition_keys(current_time, dynamic_partitions_store))


class SpecificPartitionsPartitionMapping(PartitionMapping):
    """Each downstream partition depends on the same, given upstream partitions.

    Args:
        partition_keys: The upstream keys.

    Examples:
        >>> from orchestrator._core.partitions import StaticPartitionsDefinition
        >>> m = SpecificPartitionsPartitionMapping(["a"])
        >>> m.get_upstream_partition_keys(None, None, StaticPartitionsDefinition(["a", "b"]))
        ['a']
    """

    def __init__(self, partition_keys: Sequence[str]):
        if isinstance(partition_keys, str) or not all(isinstance(k, str) for k in partition_keys):
            raise InvalidDefinitionError(
                "SpecificPartitionsPartitionMapping: partition_keys must be a list of strings, "
                f"got {partition_keys!r}"
            )
        self.partition_keys: Sequence[str] = list(partition_keys)
        self._freeze()

    @property
    def description(self) -> str:
        return (
            f"Each downstream partition depends on the following upstream partitions: {self.partition_keys}"
        )

    def to_snapshot(self) -> dict[str, Any]:
        return {"type": "SpecificPartitionsPartitionMapping", "partition_keys": list(self.partition_keys)}

    def get_upstream_mapped_partitions_result(
        self,
        downstream_partition_keys: Sequence[str] | None,
        downstream_partitions_def: PartitionsDefinition | None,
        upstream_partitions_def: PartitionsDefinition,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> UpstreamPartitionsResult:
        found: list[str] = []
        missing: list[str] = []
        for key in unique(self.partition_keys):
            exists = upstream_partitions_def.has_partition_key(
                key, current_time=current_time, dynamic_partitions_store=dynamic_partitions_store
            )
            (found if exists else missing).append(key)
        return UpstreamPartitionsResult(found, missing)

    def get_downstream_partition_keys(
        self,
        upstream_partition_keys: Sequence[str],
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        downstream = require_downstream_def(self, downstream_partitions_def)
        if not set(self.partition_keys) & set(upstream_partition_keys):
            return []
        return list(downstream.get_partition_keys(current_time, dynamic_partitions_store))


class StaticPartitionMapping(PartitionMapping):
    """An explicit correspondence between the keys of two static partitions definitions.

    Args:
        downstream_partition_keys_by_upstream_partition_key: For each upstream key, the
            downstream key (or keys) that depend on it.

    Examples:
        >>> from orchestrator._core.partitions import StaticPartitionsDefinition
        >>> up, down = StaticPartitionsDefinition(["a", "b"]), StaticPartitionsDefinition(["x", "y"])
        >>> m = StaticPartitionMapping({"a": "x", "b": ["x", "y"]})
        >>> m.get_upstream_partition_keys(["x"], down, up)
        ['a', 'b']
    """

    def __init__(
        self,
        downstream_partition_keys_by_upstream_partition_key: Mapping[str, Union[str, Collection[str]]],
    ):
        if not isinstance(downstream_partition_keys_by_upstream_partition_key, Mapping):
            raise InvalidDefinitionError(
                "StaticPartitionMapping takes a mapping of upstream key to downstream key(s), got "
                f"{downstream_partition_keys_by_upstream_partition_key!r}"
            )
        forward: dict[str, list[str]] = {}
        for upstream_key, downstream in downstream_partition_keys_by_upstream_partition_key.items():
            targets = [downstream] if isinstance(downstream, str) else list(downstream)
            if not isinstance(upstream_key, str) or not all(isinstance(t, str) for t in targets):
                raise InvalidDefinitionError(
                    f"StaticPartitionMapping: {upstream_key!r}: {downstream!r} must map a key to a key "
                    "or a list of keys"
                )
            forward[upstream_key] = unique(targets)
        inverse: dict[str, list[str]] = {}
        for upstream_key, targets in forward.items():
            for target in targets:
                inverse.setdefault(target, []).append(upstream_key)
        self.downstream_partition_keys_by_upstream_partition_key = dict(
            downstream_partition_keys_by_upstream_partition_key
        )
        self._forward = forward
        self._inverse = inverse
        self._freeze()

    @property
    def description(self) -> str:
        return (
            "Maps upstream partitions to their downstream dependencies according to the following "
            f"mapping: \n{self.downstream_partition_keys_by_upstream_partition_key}"
        )

    def to_snapshot(self) -> dict[str, Any]:
        return {
            "type": "StaticPartitionMapping",
            "downstream_partition_keys_by_upstream_partition_key": {
                key: sorted(targets) for key, targets in sorted(self._forward.items())
            },
        }

    def validate_partition_mapping(
        self,
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
    ) -> None:
        for role, partitions_def in (
            ("upstream", upstream_partitions_def),
            ("downstream", downstream_partitions_def),
        ):
            if not isinstance(partitions_def, StaticPartitionsDefinition):
                raise InvalidDefinitionError(
                    f"StaticPartitionMapping: the {role} partitions definition must be a "
                    f"StaticPartitionsDefinition, got {partitions_def!r}"
                )
        self._check_keys(upstream_partitions_def, self._forward, "source", "upstream")
        assert downstream_partitions_def is not None
        self._check_keys(downstream_partitions_def, self._inverse, "target", "downstream")

    @staticmethod
    def _check_keys(
        partitions_def: PartitionsDefinition, keys: Mapping[str, Any], what: str, role: str
    ) -> None:
        extra = [key for key in keys if not partitions_def.has_partition_key(key)]
        if extra:
            raise InvalidDefinitionError(
                f"StaticPartitionMapping: mapping {what} partitions not in the {role} partitions definition "
                f"{partitions_def!r}: {extra!r}"
            )

    def get_upstream_mapped_partitions_result(
        self,
        downstream_partition_keys: Sequence[str] | None,
        downstream_partitions_def: PartitionsDefinition | None,
        upstream_partitions_def: PartitionsDefinition,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> UpstreamPartitionsResult:
        if downstream_partition_keys is None:
            return UpstreamPartitionsResult([], [])
        self._check_keys(upstream_partitions_def, self._forward, "source", "upstream")
        wanted = {up for key in downstream_partition_keys for up in self._inverse.get(key, ())}
        order = upstream_partitions_def.get_partition_keys(current_time, dynamic_partitions_store)
        return UpstreamPartitionsResult([key for key in order if key in wanted], [])

    def get_downstream_partition_keys(
        self,
        upstream_partition_keys: Sequence[str],
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        downstream = require_downstream_def(self, downstream_partitions_def)
        self._check_keys(downstream, self._inverse, "target", "downstream")
        wanted = {down for key in upstream_partition_keys for down in self._forward.get(key, ())}
        order = downstream.get_partition_keys(current_time, dynamic_partitions_store)
        return [key for key in order if key in wanted]
