"""The definitions snapshot: plain, versioned data describing everything a ``Definitions`` defines."""

from .asset_graph import asset_graph_from_snapshot
from .assets import AssetCheckSnapshot, AssetDepSnapshot, AssetSnapshot
from .automation import ScheduleSnapshot, SensorSnapshot
from .definitions import (
    SNAPSHOT_VERSION,
    DefinitionsSnapshot,
    SnapshotVersionError,
    canonical_json,
    compute_fingerprint,
)
from .jobs import JobEdgeSnapshot, JobSnapshot, OpNodeSnapshot
from .resources import ResourceSnapshot

__all__ = [
    "SNAPSHOT_VERSION",
    "AssetCheckSnapshot",
    "AssetDepSnapshot",
    "AssetSnapshot",
    "DefinitionsSnapshot",
    "JobEdgeSnapshot",
    "JobSnapshot",
    "OpNodeSnapshot",
    "ResourceSnapshot",
    "ScheduleSnapshot",
    "SensorSnapshot",
    "SnapshotVersionError",
    "asset_graph_from_snapshot",
    "canonical_json",
    "compute_fingerprint",
]
