"""Partition mappings: which upstream partitions each downstream partition depends on."""

from .base import PartitionMapping, UpstreamPartitionsResult
from .infer import infer_partition_mapping
from .multi import MultiToSingleDimensionPartitionMapping
from .simple import (
    AllPartitionMapping,
    IdentityPartitionMapping,
    LastPartitionMapping,
    SpecificPartitionsPartitionMapping,
    StaticPartitionMapping,
)
from .time_window import TimeWindowPartitionMapping

__all__ = [
    "AllPartitionMapping",
    "IdentityPartitionMapping",
    "LastPartitionMapping",
    "MultiToSingleDimensionPartitionMapping",
    "PartitionMapping",
    "SpecificPartitionsPartitionMapping",
    "StaticPartitionMapping",
    "TimeWindowPartitionMapping",
    "UpstreamPartitionsResult",
    "infer_partition_mapping",
]
