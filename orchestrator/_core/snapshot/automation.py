"""Snapshots of schedules and sensors."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

from ..asset_key import AssetKey
from ._convert import KeyPath, metadata_json, paths_from_json, plain, sorted_paths, string_map

SENSOR_TYPES = {
    "STANDARD": "standard",
    "ASSET": "asset",
    "MULTI_ASSET": "multi_asset",
    "RUN_STATUS": "run_status",
}


def resolve_selection(selection: Any, asset_graph: Any) -> tuple[KeyPath, ...] | None:
    """The sorted key paths ``selection`` picks in ``asset_graph`` (None for no selection).

    Examples:
        >>> from orchestrator._core.asset_graph import AssetGraph, AssetNode
        >>> graph = AssetGraph([AssetNode(AssetKey("b")), AssetNode(AssetKey(["a", "x"]))])
        >>> resolve_selection("*", graph)
        (('a', 'x'), ('b',))
    """
    if selection is None:
        return None
    from ..selection import AssetSelection

    return sorted_paths(AssetSelection.from_coercible(selection).resolve(asset_graph))


def _optional_paths(data: Sequence[Sequence[str]] | None) -> tuple[KeyPath, ...] | None:
    return None if data is None else paths_from_json(data)


def _optional_list(paths: Sequence[KeyPath] | None) -> list[list[str]] | None:
    return None if paths is None else [list(p) for p in paths]


@dataclass(frozen=True)
class ScheduleSnapshot:
    """A schedule as the schedules page shows it.

    ``asset_selection`` holds the resolved keys when the schedule targets an asset
    selection (run as the anonymous job ``job_name``), else None.

    Examples:
        >>> from orchestrator import ScheduleDefinition
        >>> s = ScheduleDefinition(name="nightly", job_name="etl", cron_schedule="0 2 * * *")
        >>> snap = ScheduleSnapshot.from_def(s)
        >>> snap.cron_schedule, snap.execution_timezone, snap.default_status
        ('0 2 * * *', 'UTC', 'STOPPED')
    """

    name: str
    cron_schedule: Union[str, tuple[str, ...]]
    execution_timezone: str
    job_name: str
    default_status: str
    description: str | None
    tags: Mapping[str, str]
    metadata: Mapping[str, Any]
    required_resource_keys: tuple[str, ...]
    asset_selection: tuple[KeyPath, ...] | None

    @staticmethod
    def from_def(schedule: Any, asset_graph: Any = None) -> "ScheduleSnapshot":
        """The snapshot of ``schedule``; ``asset_graph`` resolves an asset-selection target."""
        cron = schedule.cron_schedule
        target = getattr(schedule, "target", None)
        selection = getattr(target, "asset_selection", None)
        return ScheduleSnapshot(
            name=schedule.name,
            cron_schedule=cron if isinstance(cron, str) else tuple(cron),
            execution_timezone=schedule.execution_timezone or "UTC",
            job_name=schedule.job_name,
            default_status=plain(schedule.default_status),
            description=schedule.description,
            tags=string_map(schedule.tags),
            metadata=metadata_json(schedule.metadata),
            required_resource_keys=tuple(sorted(schedule.required_resource_keys)),
            asset_selection=resolve_selection(selection, asset_graph),
        )

    def to_json(self) -> dict[str, Any]:
        cron = self.cron_schedule
        return {
            "name": self.name,
            "cron_schedule": cron if isinstance(cron, str) else list(cron),
            "execution_timezone": self.execution_timezone,
            "job_name": self.job_name,
            "default_status": self.default_status,
            "description": self.description,
            "tags": self.tags,
            "metadata": self.metadata,
            "required_resource_keys": list(self.required_resource_keys),
            "asset_selection": _optional_list(self.asset_selection),
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "ScheduleSnapshot":
        cron = data["cron_schedule"]
        return ScheduleSnapshot(
            name=data["name"],
            cron_schedule=cron if isinstance(cron, str) else tuple(cron),
            execution_timezone=data["execution_timezone"],
            job_name=data["job_name"],
            default_status=data["default_status"],
            description=data["description"],
            tags=data["tags"],
            metadata=data["metadata"],
            required_resource_keys=tuple(data["required_resource_keys"]),
            asset_selection=_optional_paths(data["asset_selection"]),
        )


def _monitored_job_names(sensor: Any) -> tuple[str, ...] | None:
    """Names of the jobs a run-status sensor watches; None when it watches every job."""
    names = []
    for item in getattr(sensor, "monitored_jobs", None) or ():
        name = (
            item if isinstance(item, str) else getattr(item, "job_name", None) or getattr(item, "name", None)
        )
        if not isinstance(name, str):
            return None
        names.append(name)
    return tuple(sorted(set(names))) if names else None


def _monitored_asset_keys(sensor: Any) -> tuple[KeyPath, ...]:
    keys: list[AssetKey] = []
    single = getattr(sensor, "asset_key", None)
    if isinstance(single, AssetKey):
        keys.append(single)
    keys.extend(k for k in getattr(sensor, "monitored_asset_keys", None) or () if isinstance(k, AssetKey))
    return sorted_paths(keys)


@dataclass(frozen=True)
class SensorSnapshot:
    """A sensor as the sensors page shows it.

    ``sensor_type`` is ``standard``, ``asset``, ``multi_asset`` or ``run_status``.
    ``job_names`` are the jobs its run requests target; ``asset_selection`` the keys
    it materializes when it targets assets. Asset sensors list ``monitored_asset_keys``;
    run-status sensors have ``run_status`` and ``monitored_job_names`` (None: every job).

    Examples:
        >>> from orchestrator import sensor
        >>> @sensor(job_name="ingest", minimum_interval_seconds=60)
        ... def new_files(context):
        ...     return None
        >>> snap = SensorSnapshot.from_def(new_files)
        >>> snap.sensor_type, snap.job_names, snap.minimum_interval_seconds
        ('standard', ('ingest',), 60)
    """

    name: str
    sensor_type: str
    minimum_interval_seconds: int
    default_status: str
    description: str | None
    tags: Mapping[str, str]
    metadata: Mapping[str, Any]
    required_resource_keys: tuple[str, ...]
    job_names: tuple[str, ...]
    asset_selection: tuple[KeyPath, ...] | None
    monitored_asset_keys: tuple[KeyPath, ...]
    run_status: str | None
    monitored_job_names: tuple[str, ...] | None

    @staticmethod
    def from_def(sensor: Any, asset_graph: Any = None) -> "SensorSnapshot":
        """The snapshot of ``sensor``; ``asset_graph`` resolves its asset selection."""
        sensor_type = plain(getattr(sensor, "sensor_type", "STANDARD"))
        selection = sensor.asset_selection
        if selection is None:
            selection = next(
                (t.asset_selection for t in sensor.targets if t.asset_selection is not None), None
            )
        run_status = getattr(sensor, "run_status", None)
        return SensorSnapshot(
            name=sensor.name,
            sensor_type=SENSOR_TYPES.get(sensor_type, str(sensor_type).lower()),
            minimum_interval_seconds=sensor.minimum_interval_seconds,
            default_status=plain(sensor.default_status),
            description=sensor.description,
            tags=string_map(sensor.tags),
            metadata=metadata_json(sensor.metadata),
            required_resource_keys=tuple(sorted(sensor.required_resource_keys)),
            job_names=tuple(sorted(set(sensor.job_names))),
            asset_selection=resolve_selection(selection, asset_graph),
            monitored_asset_keys=_monitored_asset_keys(sensor),
            run_status=plain(run_status),
            monitored_job_names=_monitored_job_names(sensor) if run_status is not None else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sensor_type": self.sensor_type,
            "minimum_interval_seconds": self.minimum_interval_seconds,
            "default_status": self.default_status,
            "description": self.description,
            "tags": self.tags,
            "metadata": self.metadata,
            "required_resource_keys": list(self.required_resource_keys),
            "job_names": list(self.job_names),
            "asset_selection": _optional_list(self.asset_selection),
            "monitored_asset_keys": [list(k) for k in self.monitored_asset_keys],
            "run_status": self.run_status,
            "monitored_job_names": None
            if self.monitored_job_names is None
            else list(self.monitored_job_names),
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "SensorSnapshot":
        monitored = data["monitored_job_names"]
        return SensorSnapshot(
            name=data["name"],
            sensor_type=data["sensor_type"],
            minimum_interval_seconds=data["minimum_interval_seconds"],
            default_status=data["default_status"],
            description=data["description"],
            tags=data["tags"],
            metadata=data["metadata"],
            required_resource_keys=tuple(data["required_resource_keys"]),
            job_names=tuple(data["job_names"]),
            asset_selection=_optional_paths(data["asset_selection"]),
            monitored_asset_keys=paths_from_json(data["monitored_asset_keys"]),
            run_status=data["run_status"],
            monitored_job_names=None if monitored is None else tuple(monitored),
        )
