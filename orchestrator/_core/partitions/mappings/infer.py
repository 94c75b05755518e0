"""``infer_partition_mapping``: the mapping used when a dependency does not name one."""

from ..base import PartitionsDefinition
from ..dynamic import DynamicPartitionsDefinition
from ..multi import MultiPartitionsDefinition
from ..static import StaticPartitionsDefinition
from ..time_window import TimeWindowPartitionsDefinition
from .base import PartitionMapping
from .multi import MultiToSingleDimensionPartitionMapping, match_single_to_multi_dimension
from .simple import AllPartitionMapping, IdentityPartitionMapping
from .time_window import TimeWindowPartitionMapping

_KINDS = (
    TimeWindowPartitionsDefinition,
    StaticPartitionsDefinition,
    DynamicPartitionsDefinition,
    MultiPartitionsDefinition,
)


def _kind(partitions_def: PartitionsDefinition) -> type | None:
    return next((kind for kind in _KINDS if isinstance(partitions_def, kind)), None)


def infer_partition_mapping(
    partition_mapping: PartitionMapping | None,
    downstream_partitions_def: PartitionsDefinition | None,
    upstream_partitions_def: PartitionsDefinition | None,
) -> PartitionMapping:
    """The partition mapping of a dependency: the explicit one, else one inferred from the definitions.

    Inference: an unpartitioned asset on either side gives :class:`AllPartitionMapping`; a
    multi-partitions definition and a definition matching one of its dimensions give
    :class:`MultiToSingleDimensionPartitionMapping`; two time-window definitions give
    :class:`TimeWindowPartitionMapping`; equal definitions or two of the same kind (static,
    dynamic, multi) give :class:`IdentityPartitionMapping`; other combinations give
    :class:`AllPartitionMapping`.

    Examples:
        >>> from orchestrator._core.partitions import DailyPartitionsDefinition, HourlyPartitionsDefinition
        >>> daily = DailyPartitionsDefinition("2026-01-01")
        >>> infer_partition_mapping(None, daily, HourlyPartitionsDefinition("2026-01-01-00:00"))
        TimeWindowPartitionMapping(start_offset=0, end_offset=0, allow_nonexistent_upstream_partitions=False)
    """
    if partition_mapping is not None:
        return partition_mapping
    if upstream_partitions_def is None or downstream_partitions_def is None:
        return AllPartitionMapping()
    if not isinstance(
        match_single_to_multi_dimension(upstream_partitions_def, downstream_partitions_def), str
    ):
        return MultiToSingleDimensionPartitionMapping()
    up_kind, down_kind = _kind(upstream_partitions_def), _kind(downstream_partitions_def)
    if up_kind is TimeWindowPartitionsDefinition and down_kind is TimeWindowPartitionsDefinition:
        return TimeWindowPartitionMapping()
    if upstream_partitions_def == downstream_partitions_def or (up_kind is not None and up_kind is down_kind):
        return IdentityPartitionMapping()
    return AllPartitionMapping()
