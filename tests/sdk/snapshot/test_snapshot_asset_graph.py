"""``asset_graph_from_snapshot`` answers selections and partition questions like the live graph."""

import json
from types import ModuleType

import pytest

from orchestrator import AssetKey, AssetSelection
from orchestrator._core.asset_graph import AssetGraph
from orchestrator._core.snapshot import DefinitionsSnapshot, asset_graph_from_snapshot


@pytest.fixture
def graphs(project: ModuleType) -> tuple[AssetGraph, AssetGraph]:
    """The live graph of the project and the graph rebuilt from its stored snapshot JSON."""
    snap = DefinitionsSnapshot.from_definitions(project.defs, location_name="analytics")
    stored = DefinitionsSnapshot.from_json(json.loads(json.dumps(snap.to_json())))
    return project.defs.get_asset_graph(), asset_graph_from_snapshot(stored)


@pytest.mark.parametrize(
    "selection",
    [
        "*",
        "group:raw",
        "group:analytics",
        "+daily_summary",
        "raw_users+",
        "landing/orders*",
        "kind:python",
        "owner:alice@example.com",
        "tag:tier=bronze",
        "*daily_summary, group:landing",
    ],
)
def test_selection_strings_resolve_identically(graphs: tuple[AssetGraph, AssetGraph], selection: str) -> None:
    live, rebuilt = graphs
    expected = AssetSelection.from_string(selection).resolve(live)
    assert expected
    assert AssetSelection.from_string(selection).resolve(rebuilt) == expected


def test_selection_objects_resolve_identically(graphs: tuple[AssetGraph, AssetGraph]) -> None:
    live, rebuilt = graphs
    selection = AssetSelection.groups("raw").downstream() - AssetSelection.keys("daily_summary")
    assert (
        selection.resolve(rebuilt)
        == selection.resolve(live)
        == {AssetKey("raw_users"), AssetKey("raw_events")}
    )
    materializable = AssetSelection.all().materializable()
    assert materializable.resolve(rebuilt) == materializable.resolve(live)


def test_nodes_match(graphs: tuple[AssetGraph, AssetGraph]) -> None:
    live, rebuilt = graphs
    assert rebuilt.keys == live.keys
    for key in live.keys:
        a, b = live.get(key), rebuilt.get(key)
        assert (b.deps, b.group_name, dict(b.tags), b.kinds, set(b.owners), b.is_materializable) == (
            a.deps,
            a.group_name,
            dict(a.tags),
            a.kinds,
            set(a.owners),
            a.is_materializable,
        )
    assert rebuilt.toposort(rebuilt.keys) == live.toposort(live.keys)


def test_partitions_are_rebuilt(graphs: tuple[AssetGraph, AssetGraph]) -> None:
    live, rebuilt = graphs
    for name in ("raw_events", "daily_summary", "regional_report"):
        live_def = live.get(AssetKey(name)).partitions_def
        rebuilt_def = rebuilt.get(AssetKey(name)).partitions_def
        assert rebuilt_def.to_snapshot() == live_def.to_snapshot()
        assert rebuilt_def.get_partition_keys()[:3] == live_def.get_partition_keys()[:3]
    assert rebuilt.get(AssetKey("regional_report")).partitions_def.get_partition_keys() == ["eu", "us"]
    assert rebuilt.get(AssetKey("raw_events")).partitions_def.get_partition_keys()[:2] == [
        "2026-01-01",
        "2026-01-02",
    ]
    shared = {id(rebuilt.get(AssetKey(n)).partitions_def) for n in ("raw_events", "daily_summary")}
    assert len(shared) == 1
    assert rebuilt.get(AssetKey("raw_users")).partitions_def is None
