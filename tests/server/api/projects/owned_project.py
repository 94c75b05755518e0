"""A code location for catalog filter tests: owners, static and daily partitions, a chain, an external asset."""

from orchestrator import (
    AssetKey,
    AssetSpec,
    DailyPartitionsDefinition,
    Definitions,
    StaticPartitionsDefinition,
    asset,
)

regions = StaticPartitionsDefinition(["eu", "us", "apac", "latam"])

raw_feed = AssetSpec(key=AssetKey(["raw", "feed"]), group_name="sources", owners=["team:ingest"])


@asset(key_prefix=["raw"], group_name="raw", owners=["ana@example.com", "team:ingest"], deps=[raw_feed])
def orders() -> int:
    return 1


@asset(group_name="marts", owners=["bo@example.com"], deps=[AssetKey(["raw", "orders"])])
def revenue() -> int:
    return 2


@asset(group_name="marts", partitions_def=regions, owners=["bo@example.com"], deps=[revenue])
def regional(context) -> str:  # type: ignore[no-untyped-def]
    return context.partition_key


@asset(
    group_name="daily",
    partitions_def=DailyPartitionsDefinition(start_date="2026-01-01", end_date="2026-01-11"),
)
def daily(context) -> str:  # type: ignore[no-untyped-def]
    return context.partition_key


defs = Definitions(assets=[raw_feed, orders, revenue, regional, daily])
