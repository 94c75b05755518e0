"""JSON round trip, determinism, fingerprint, versioning and secret redaction of the snapshot."""

import dataclasses
import hashlib
import json
from collections.abc import Callable
from types import ModuleType

import pytest
from snapshot_project import ENV_USER_VALUE, LITERAL_PASSWORD, PROJECT_SOURCE, URL_PASSWORD

from orchestrator._core.snapshot import (
    DefinitionsSnapshot,
    SnapshotVersionError,
    canonical_json,
    compute_fingerprint,
)


def _snapshot(module: ModuleType) -> DefinitionsSnapshot:
    return DefinitionsSnapshot.from_definitions(module.defs, location_name="analytics")


def test_json_round_trip_is_exact(project: ModuleType) -> None:
    snap = _snapshot(project)
    text = json.dumps(snap.to_json())
    restored = DefinitionsSnapshot.from_json(json.loads(text))
    assert restored == snap
    assert restored.to_json() == snap.to_json()
    assert json.dumps(restored.to_json()) == text


def test_every_part_round_trips_on_its_own(project: ModuleType) -> None:
    snap = _snapshot(project)
    for part in (
        *snap.assets,
        *snap.asset_checks,
        *snap.jobs,
        *snap.schedules,
        *snap.sensors,
        *snap.resources,
    ):
        data = json.loads(json.dumps(part.to_json()))
        assert type(part).from_json(data) == part


def test_two_loads_give_identical_json_and_fingerprint(import_project: Callable[..., ModuleType]) -> None:
    first, second = _snapshot(import_project()), _snapshot(import_project())
    assert first.to_canonical_json() == second.to_canonical_json()
    assert json.dumps(first.to_json(), sort_keys=True) == json.dumps(second.to_json(), sort_keys=True)
    assert first.fingerprint == second.fingerprint
    assert len(first.fingerprint) == 64


def test_fingerprint_is_sha256_of_the_content(project: ModuleType) -> None:
    snap = _snapshot(project)
    data = snap.to_json()
    assert data["fingerprint"] == snap.fingerprint == compute_fingerprint(data)
    without = {k: v for k, v in data.items() if k != "fingerprint"}
    assert snap.fingerprint == hashlib.sha256(canonical_json(without).encode()).hexdigest()


def test_fingerprint_changes_with_the_definitions(import_project: Callable[..., ModuleType]) -> None:
    before = _snapshot(import_project())
    after = _snapshot(import_project(PROJECT_SOURCE.replace("Events per day.", "Events per calendar day.")))
    assert before.fingerprint != after.fingerprint


def test_location_name_is_part_of_the_fingerprint(project: ModuleType) -> None:
    a = DefinitionsSnapshot.from_definitions(project.defs, location_name="a")
    b = DefinitionsSnapshot.from_definitions(project.defs, location_name="b")
    assert a.fingerprint != b.fingerprint


def test_other_versions_are_rejected(project: ModuleType) -> None:
    data = _snapshot(project).to_json()
    data["snapshot_version"] = 2
    with pytest.raises(SnapshotVersionError, match="Snapshot version 2 cannot be read"):
        DefinitionsSnapshot.from_json(data)


def test_snapshot_objects_are_frozen(project: ModuleType) -> None:
    snap = _snapshot(project)
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.location_name = "other"  # type: ignore[misc]


def test_secrets_never_appear_in_the_json(project: ModuleType) -> None:
    assert project.defs.resources["warehouse"].user.get_value() == ENV_USER_VALUE
    text = _snapshot(project).to_canonical_json()
    for secret in (ENV_USER_VALUE, LITERAL_PASSWORD, URL_PASSWORD):
        assert secret not in text
    assert "SNAPSHOT_TEST_WAREHOUSE_USER" in text
