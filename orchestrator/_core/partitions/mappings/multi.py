"""``MultiToSingleDimensionPartitionMapping``: a single-dimension asset and one dimension of a multi."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Union

from ...errors import InvalidDefinitionError
from ..base import DynamicPartitionsStore, PartitionsDefinition
from ..multi import MultiPartitionsDefinition
from ..time_window import TimeWindowPartitionsDefinition
from .base import (
    PartitionMapping,
    UpstreamPartitionsResult,
    require_downstream_def,
    require_downstream_keys,
    unique,
)
from .simple import IdentityPartitionMapping
from .time_window import TimeWindowPartitionMapping


@dataclass(frozen=True)
class _DimensionMatch:
    """How a single-dimension definition relates to one dimension of a multi definition."""

    multi: MultiPartitionsDefinition
    single: PartitionsDefinition
    dimension: str
    mapping: Union[IdentityPartitionMapping, TimeWindowPartitionMapping]
    upstream_is_multi: bool


def match_single_to_multi_dimension(
    upstream_partitions_def: PartitionsDefinition | None,
    downstream_partitions_def: PartitionsDefinition | None,
    partition_dimension_name: str | None = None,
) -> Union[_DimensionMatch, str]:
    """The matching dimension of the multi definition, or why none matches."""
    defs = [
        d
        for d in (upstream_partitions_def, downstream_partitions_def)
        if isinstance(d, MultiPartitionsDefinition)
    ]
    if len(defs) != 1 or upstream_partitions_def is None or downstream_partitions_def is None:
        return (
            "MultiToSingleDimensionPartitionMapping needs exactly one of the upstream and downstream "
            f"assets to be multi-partitioned; got {len(defs)} multi-partitioned definitions"
        )
    multi = defs[0]
    upstream_is_multi = upstream_partitions_def is multi
    single = downstream_partitions_def if upstream_is_multi else upstream_partitions_def
    dims = list(multi.partitions_defs)
    if partition_dimension_name is not None:
        dims = [d for d in dims if d.name == partition_dimension_name]
        if not dims:
            return (
                f"partition dimension {partition_dimension_name!r} is not a dimension of {multi.describe()}"
            )
    equal = [d for d in dims if d.partitions_def == single]
    if len(equal) == 1:
        return _DimensionMatch(multi, single, equal[0].name, IdentityPartitionMapping(), upstream_is_multi)
    if len(equal) > 1:
        return (
            "partition_dimension_name must be given when several dimensions of the multi-partitions "
            "definition match the single-dimension partitions definition"
        )
    time_dims = [d for d in dims if isinstance(d.partitions_def, TimeWindowPartitionsDefinition)]
    if len(time_dims) == 1 and isinstance(single, TimeWindowPartitionsDefinition):
        return _DimensionMatch(
            multi, single, time_dims[0].name, TimeWindowPartitionMapping(), upstream_is_multi
        )
    return (
        "MultiToSingleDimensionPartitionMapping can only be used when the single-dimension partitions "
        f"definition {single.describe()} is a dimension of {multi.describe()}, or both are time-window "
        "partitioned with a single time dimension"
    )


class MultiToSingleDimensionPartitionMapping(PartitionMapping):
    """Relates a single-dimension partitions definition to one dimension of a multi-partitions one.

    A single-dimension key X depends on (or is depended on by) every multi-partition key whose
    matching dimension is X (time windows are matched by overlap). Works with the multi
    definition either upstream or downstream.

    Args:
        partition_dimension_name: The dimension of the multi definition that matches; inferred
            when omitted.

    Examples:
        >>> from orchestrator._core.partitions import MultiPartitionsDefinition, StaticPartitionsDefinition
        >>> color = StaticPartitionsDefinition(["red", "blue"])
        >>> size = StaticPartitionsDefinition(["s", "m"])
        >>> multi = MultiPartitionsDefinition({"color": color, "size": size})
        >>> MultiToSingleDimensionPartitionMapping().get_upstream_partition_keys(["red"], color, multi)
        ['red|s', 'red|m']
    """

    def __init__(self, partition_dimension_name: str | None = None):
        if partition_dimension_name is not None and not isinstance(partition_dimension_name, str):
            raise InvalidDefinitionError(
                "MultiToSingleDimensionPartitionMapping: partition_dimension_name must be a string, got "
                f"{partition_dimension_name!r}"
            )
        self.partition_dimension_name = partition_dimension_name
        self._freeze()

    @property
    def description(self) -> str:
        return (
            "Assumes that the single-dimension partitions definition is a dimension of the "
            "multi-partitions definition. For a single-dimension partition key X, any "
            "multi-partition key with X in the matching dimension is a dependency."
        )

    def to_snapshot(self) -> dict[str, Any]:
        return {
            "type": "MultiToSingleDimensionPartitionMapping",
            "partition_dimension_name": self.partition_dimension_name,
        }

    def _match(
        self, upstream: PartitionsDefinition | None, downstream: PartitionsDefinition | None
    ) -> _DimensionMatch:
        match = match_single_to_multi_dimension(upstream, downstream, self.partition_dimension_name)
        if isinstance(match, str):
            raise InvalidDefinitionError(match)
        return match

    def validate_partition_mapping(
        self,
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
    ) -> None:
        self._match(upstream_partitions_def, downstream_partitions_def)

    @staticmethod
    def _expand(
        match: _DimensionMatch,
        dimension_keys: Sequence[str],
        current_time: datetime | None,
        store: DynamicPartitionsStore | None,
    ) -> list[str]:
        """Multi keys whose matching dimension is one of ``dimension_keys``, in definition order."""
        wanted = set(dimension_keys)
        sequences = [
            [k for k in dimension_keys if k in wanted]
            if dim.name == match.dimension
            else dim.partitions_def.get_partition_keys(current_time, store)
            for dim in match.multi.partitions_defs
        ]
        return list(match.multi._product(sequences))

    @staticmethod
    def _project(match: _DimensionMatch, keys: Sequence[str]) -> list[str]:
        return unique(
            match.multi.get_partition_key_from_str(key).keys_by_dimension[match.dimension] for key in keys
        )

    def get_upstream_mapped_partitions_result(
        self,
        downstream_partition_keys: Sequence[str] | None,
        downstream_partitions_def: PartitionsDefinition | None,
        upstream_partitions_def: PartitionsDefinition,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> UpstreamPartitionsResult:
        keys = require_downstream_keys(self, downstream_partition_keys)
        match = self._match(upstream_partitions_def, downstream_partitions_def)
        dim_def = match.multi.get_partitions_def_for_dimension(match.dimension)
        if match.upstream_is_multi:
            result = match.mapping.get_upstream_mapped_partitions_result(
                keys, match.single, dim_def, current_time, dynamic_partitions_store
            )
            found = self._expand(match, result.partition_keys, current_time, dynamic_partitions_store)
            missing = self._expand(
                match, result.required_but_nonexistent_partition_keys, current_time, dynamic_partitions_store
            )
            return UpstreamPartitionsResult(found, missing)
        return match.mapping.get_upstream_mapped_partitions_result(
            self._project(match, keys), dim_def, match.single, current_time, dynamic_partitions_store
        )

    def get_downstream_partition_keys(
        self,
        upstream_partition_keys: Sequence[str],
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        require_downstream_def(self, downstream_partitions_def)
        match = self._match(upstream_partitions_def, downstream_partitions_def)
        dim_def = match.multi.get_partitions_def_for_dimension(match.dimension)
        if match.upstream_is_multi:
            return match.mapping.get_downstream_partition_keys(
                self._project(match, upstream_partition_keys),
                dim_def,
                match.single,
                current_time,
                dynamic_partitions_store,
            )
        dim_keys = match.mapping.get_downstream_partition_keys(
            upstream_partition_keys, match.single, dim_def, current_time, dynamic_partitions_store
        )
        return self._expand(match, dim_keys, current_time, dynamic_partitions_store)
