"""What the seed document's pipeline should produce from the fake API's data."""

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from orchestrator import AssetKey, Definitions, ExecuteInProcessResult

REVENUE_COLUMNS = ["user_id", "name", "total_revenue", "order_count"]

EXPECTED_REVENUE_ROWS = [
    (1, "Alice", 140.0, 3),
    (2, "Bob", 40.0, 2),
    (3, "Carol", 60.0, 1),
]
"""revenue_by_user for the fake data, worked out by hand: Dave and Erin have no orders."""

SEED_GROUPS = {
    "raw_users": "raw",
    "raw_orders": "raw",
    "revenue_by_user": "analytics",
    "dim_users": "warehouse",
    "daily_events": "raw",
}
"""Each asset of the document and its group."""


def revenue_frame(users: Sequence[Mapping[str, Any]], orders: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """revenue_by_user computed in plain Python: per user with orders, sum and count, by user id."""
    names = {user["id"]: user["name"] for user in users}
    totals: dict[int, float] = {}
    counts: dict[int, int] = {}
    for order in orders:
        user_id = order["user_id"]
        if user_id not in names:
            continue
        totals[user_id] = totals.get(user_id, 0.0) + float(order["amount"])
        counts[user_id] = counts.get(user_id, 0) + 1
    ids = sorted(totals)
    return pd.DataFrame(
        {
            "user_id": ids,
            "name": [names[i] for i in ids],
            "total_revenue": [totals[i] for i in ids],
            "order_count": [counts[i] for i in ids],
        }
    )


def rows_of(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    """The frame's rows as tuples of plain Python values."""
    return [tuple(row) for row in frame.astype(object).itertuples(index=False, name=None)]


def graph_summary(defs: Definitions) -> dict[str, tuple[str, list[str]]]:
    """Asset name to (group, sorted dependency names)."""
    graph = defs.get_asset_graph()
    return {
        key.to_user_string(): (
            graph.get(key).group_name,
            sorted(dep.to_user_string() for dep in graph.parents(key)),
        )
        for key in graph.keys
    }


def materialized(result: ExecuteInProcessResult) -> list[tuple[str, str | None]]:
    """(asset, partition) of every materialization of the run, in order."""
    events = result.get_asset_materialization_events()
    return [(_key_name(event.asset_key), event.partition) for event in events]


def _key_name(key: AssetKey | None) -> str:
    assert key is not None
    return key.to_user_string()


def metadata_value(value: Any) -> Any:
    """The plain value of a metadata entry (``MetadataValue`` or plain)."""
    return getattr(value, "value", value)


def log_messages(result: ExecuteInProcessResult, step_key: str | None = None) -> list[str]:
    """Messages logged at INFO or above through ``context.log`` (by one step when given).

    IO managers log at DEBUG level through the same logger; those are left out.
    """
    return [
        event.message
        for event in result.all_events
        if event.event_type.value == "LOG_MESSAGE"
        and event.level >= logging.INFO
        and (step_key is None or event.step_key == step_key)
    ]
