"""Rebuilding an ``AssetGraph`` from a stored snapshot, without importing user code."""

from typing import Any

from ..asset_graph import AssetGraph, AssetNode
from ..asset_key import AssetKey
from .definitions import DefinitionsSnapshot, canonical_json


def asset_graph_from_snapshot(snapshot: DefinitionsSnapshot) -> AssetGraph:
    """The asset graph ``snapshot`` describes, with partitions definitions rebuilt.

    Selection strings resolve and partition keys are computed on it exactly as on
    the graph of the live ``Definitions``. Assets sharing a partitions definition
    share one rebuilt object.

    Examples:
        >>> from orchestrator import AssetSelection, Definitions, asset
        >>> @asset
        ... def a():
        ...     return 1
        >>> @asset
        ... def b(a):
        ...     return a
        >>> snap = DefinitionsSnapshot.from_definitions(Definitions(assets=[a, b]), location_name="demo")
        >>> graph = asset_graph_from_snapshot(snap)
        >>> sorted(k.to_user_string() for k in AssetSelection.from_string("+b").resolve(graph))
        ['a', 'b']
    """
    partitions: dict[str, Any] = {}

    def rebuild(data: Any) -> Any:
        if data is None:
            return None
        text = canonical_json(data)
        if text not in partitions:
            from ..partitions import partitions_def_from_snapshot

            partitions[text] = partitions_def_from_snapshot(data)
        return partitions[text]

    return AssetGraph(
        AssetNode(
            key=AssetKey(list(asset.key)),
            deps=frozenset(AssetKey(list(d.asset_key)) for d in asset.deps),
            group_name=asset.group_name,
            tags=dict(asset.tags),
            kinds=frozenset(asset.kinds),
            owners=asset.owners,
            is_materializable=asset.is_materializable,
            partitions_def=rebuild(asset.partitions),
        )
        for asset in snapshot.assets
    )
