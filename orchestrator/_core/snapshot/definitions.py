"""``DefinitionsSnapshot``: everything a ``Definitions`` defines, as versioned plain data."""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .assets import AssetCheckSnapshot, AssetSnapshot, asset_check_snapshots
from .automation import ScheduleSnapshot, SensorSnapshot
from .jobs import JobSnapshot
from .resources import ResourceSnapshot

SNAPSHOT_VERSION = 1


class SnapshotVersionError(ValueError):
    """Stored snapshot data has a version this SDK does not read.

    Examples:
        >>> try:
        ...     DefinitionsSnapshot.from_json({"snapshot_version": 0})
        ... except SnapshotVersionError as exc:
        ...     print(str(exc).split(";")[0])
        Snapshot version 0 cannot be read (this SDK reads version 1)
    """


def canonical_json(data: Any) -> str:
    """``data`` as compact JSON with sorted keys: equal data gives identical text.

    Examples:
        >>> canonical_json({"b": 1, "a": [1, 2]})
        '{"a":[1,2],"b":1}'
    """
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def compute_fingerprint(data: Mapping[str, Any]) -> str:
    """The sha256 (hex) of the canonical JSON of snapshot ``data`` without its ``fingerprint``.

    Examples:
        >>> compute_fingerprint({"a": 1}) == compute_fingerprint({"a": 1, "fingerprint": "x"})
        True
    """
    content = {k: v for k, v in data.items() if k != "fingerprint"}
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DefinitionsSnapshot:
    """A versioned, JSON-serialisable description of a code location's definitions.

    The server stores it instead of importing user code. Every collection is sorted
    (assets and checks by key, the rest by name), so equal definitions give
    byte-identical ``canonical_json(snapshot.to_json())`` and the same ``fingerprint``.

    Examples:
        >>> from orchestrator import Definitions, asset
        >>> @asset
        ... def a():
        ...     return 1
        >>> snap = DefinitionsSnapshot.from_definitions(Definitions(assets=[a]), location_name="demo")
        >>> [s.key_string for s in snap.assets], snap.snapshot_version
        (['a'], 1)
        >>> DefinitionsSnapshot.from_json(snap.to_json()) == snap
        True
    """

    snapshot_version: int
    location_name: str
    fingerprint: str
    assets: tuple[AssetSnapshot, ...]
    asset_checks: tuple[AssetCheckSnapshot, ...]
    jobs: tuple[JobSnapshot, ...]
    schedules: tuple[ScheduleSnapshot, ...]
    sensors: tuple[SensorSnapshot, ...]
    resources: tuple[ResourceSnapshot, ...]

    @staticmethod
    def from_definitions(defs: Any, *, location_name: str) -> "DefinitionsSnapshot":
        """Snapshot ``defs`` (a ``Definitions``) as the code location ``location_name``."""
        layer = defs.asset_layer
        graph = layer.graph
        checks = asset_check_snapshots(defs)
        check_names: dict[tuple[str, ...], list[str]] = {}
        for check in checks:
            check_names.setdefault(check.asset_key, []).append(check.name)
        assets = [
            AssetSnapshot.from_def(defs, key, check_names=check_names.get(tuple(key.path), ()))
            for key in sorted(layer.by_key)
        ]
        used_by = layer.resource_keys()
        resources = [
            ResourceSnapshot.from_def(
                key, resource, is_default=key not in defs.resources, used_by=used_by.get(key, ())
            )
            for key, resource in sorted(defs.resolved_resources.items())
        ]
        snapshot = DefinitionsSnapshot(
            snapshot_version=SNAPSHOT_VERSION,
            location_name=location_name,
            fingerprint="",
            assets=tuple(assets),
            asset_checks=tuple(checks),
            jobs=tuple(JobSnapshot.from_def(j) for j in sorted(defs.jobs, key=lambda j: j.name)),
            schedules=tuple(
                ScheduleSnapshot.from_def(s, graph) for s in sorted(defs.schedules, key=lambda s: s.name)
            ),
            sensors=tuple(
                SensorSnapshot.from_def(s, graph) for s in sorted(defs.sensors, key=lambda s: s.name)
            ),
            resources=tuple(resources),
        )
        return replace(snapshot, fingerprint=snapshot.to_json()["fingerprint"])

    def to_json(self) -> dict[str, Any]:
        """The snapshot as plain JSON data, ``fingerprint`` included."""
        data = {
            "snapshot_version": self.snapshot_version,
            "location_name": self.location_name,
            "assets": [a.to_json() for a in self.assets],
            "asset_checks": [c.to_json() for c in self.asset_checks],
            "jobs": [j.to_json() for j in self.jobs],
            "schedules": [s.to_json() for s in self.schedules],
            "sensors": [s.to_json() for s in self.sensors],
            "resources": [r.to_json() for r in self.resources],
        }
        data["fingerprint"] = self.fingerprint or compute_fingerprint(data)
        return data

    def to_canonical_json(self) -> str:
        """``to_json()`` as compact JSON with sorted keys, identical for equal snapshots."""
        return canonical_json(self.to_json())

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "DefinitionsSnapshot":
        """Read ``to_json()`` output back.

        Raises:
            SnapshotVersionError: if ``data`` was written with another snapshot version.
        """
        version = data.get("snapshot_version")
        if version != SNAPSHOT_VERSION:
            raise SnapshotVersionError(
                f"Snapshot version {version!r} cannot be read (this SDK reads version {SNAPSHOT_VERSION}); "
                "reload the code location to store a new snapshot"
            )
        return DefinitionsSnapshot(
            snapshot_version=version,
            location_name=data["location_name"],
            fingerprint=data.get("fingerprint") or compute_fingerprint(data),
            assets=tuple(AssetSnapshot.from_json(a) for a in data["assets"]),
            asset_checks=tuple(AssetCheckSnapshot.from_json(c) for c in data["asset_checks"]),
            jobs=tuple(JobSnapshot.from_json(j) for j in data["jobs"]),
            schedules=tuple(ScheduleSnapshot.from_json(s) for s in data["schedules"]),
            sensors=tuple(SensorSnapshot.from_json(s) for s in data["sensors"]),
            resources=tuple(ResourceSnapshot.from_json(r) for r in data["resources"]),
        )
