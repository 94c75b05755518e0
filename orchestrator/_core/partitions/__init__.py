"""Partitions: definitions of partition keys, partition mappings and backfill policies."""

from .backfill_policy import BackfillPolicy, BackfillPolicyType
from .base import (
    DynamicPartitionsStore,
    InvalidPartitionKeyError,
    PartitionKeyRange,
    PartitionsDefinition,
    TimeWindow,
)
from .dynamic import (
    AddDynamicPartitionsRequest,
    DeleteDynamicPartitionsRequest,
    DynamicPartitionsDefinition,
    InMemoryDynamicPartitionsStore,
)
from .mappings import (
    AllPartitionMapping,
    IdentityPartitionMapping,
    LastPartitionMapping,
    MultiToSingleDimensionPartitionMapping,
    PartitionMapping,
    SpecificPartitionsPartitionMapping,
    StaticPartitionMapping,
    TimeWindowPartitionMapping,
    UpstreamPartitionsResult,
    infer_partition_mapping,
)
from .multi import (
    MultiPartitionKey,
    MultiPartitionsDefinition,
    PartitionDimensionDefinition,
    PartitionDimensionKey,
)
from .schedule_type import ScheduleType
from .snapshot import partitions_def_from_snapshot
from .static import StaticPartitionsDefinition
from .time_window import TimeWindowPartitionsDefinition
from .time_window_subclasses import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    WeeklyPartitionsDefinition,
)

__all__ = [
    "AddDynamicPartitionsRequest",
    "AllPartitionMapping",
    "BackfillPolicy",
    "BackfillPolicyType",
    "DailyPartitionsDefinition",
    "DeleteDynamicPartitionsRequest",
    "DynamicPartitionsDefinition",
    "DynamicPartitionsStore",
    "HourlyPartitionsDefinition",
    "IdentityPartitionMapping",
    "InMemoryDynamicPartitionsStore",
    "InvalidPartitionKeyError",
    "LastPartitionMapping",
    "MonthlyPartitionsDefinition",
    "MultiPartitionKey",
    "MultiPartitionsDefinition",
    "MultiToSingleDimensionPartitionMapping",
    "PartitionDimensionDefinition",
    "PartitionDimensionKey",
    "PartitionKeyRange",
    "PartitionMapping",
    "PartitionsDefinition",
    "ScheduleType",
    "SpecificPartitionsPartitionMapping",
    "StaticPartitionMapping",
    "StaticPartitionsDefinition",
    "TimeWindow",
    "TimeWindowPartitionMapping",
    "TimeWindowPartitionsDefinition",
    "UpstreamPartitionsResult",
    "WeeklyPartitionsDefinition",
    "infer_partition_mapping",
    "partitions_def_from_snapshot",
]
