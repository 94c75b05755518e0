"""Hand-built asset graphs shared by the selection tests (import them from here)."""

from collections.abc import Iterable

from orchestrator._core.asset_graph import AssetGraph, AssetNode
from orchestrator._core.asset_key import AssetKey


def node(
    key: str,
    deps: Iterable[str] = (),
    group: str = "default",
    tags: dict[str, str] | None = None,
    kinds: Iterable[str] = (),
    owners: Iterable[str] = (),
    materializable: bool = True,
) -> AssetNode:
    """An ``AssetNode`` from user strings."""
    return AssetNode(
        key=AssetKey.from_user_string(key),
        deps=frozenset(AssetKey.from_user_string(d) for d in deps),
        group_name=group,
        tags=tags or {},
        kinds=frozenset(kinds),
        owners=tuple(owners),
        is_materializable=materializable,
    )


def names(keys: Iterable[AssetKey]) -> set[str]:
    """Keys as the strings users type."""
    return {key.to_user_string() for key in keys}


def diamond_graph() -> AssetGraph:
    """A diamond fed by an external asset, plus a chain of marts and a standalone asset.

    ext/source (external) -> raw_events -> warehouse/users  -> marts/summary -> marts/report
                                        -> warehouse/orders ->
    standalone (no deps)
    """
    return AssetGraph(
        [
            node(
                "ext/source",
                group="raw",
                tags={"domain": "events"},
                owners=["team:ingest"],
                materializable=False,
            ),
            node(
                "raw_events",
                deps=["ext/source"],
                group="raw",
                tags={"domain": "events"},
                kinds=["python"],
                owners=["team:ingest"],
            ),
            node(
                "warehouse/users",
                deps=["raw_events"],
                group="warehouse",
                tags={"tier": "gold"},
                kinds=["snowflake"],
            ),
            node(
                "warehouse/orders",
                deps=["raw_events"],
                group="warehouse",
                tags={"tier": "silver", "pii": ""},
                kinds=["snowflake", "python"],
            ),
            node(
                "marts/summary",
                deps=["warehouse/users", "warehouse/orders"],
                group="marts",
                owners=["team:analytics", "alice@example.com"],
            ),
            node("marts/report", deps=["marts/summary"], group="marts", owners=["alice@example.com"]),
            node("standalone", tags={"pii": "", "dagster/kind/dbt": ""}),
        ]
    )


ALL_MATERIALIZABLE = {
    "raw_events",
    "warehouse/users",
    "warehouse/orders",
    "marts/summary",
    "marts/report",
    "standalone",
}
