"""A code location for catalog API tests: nested keys, kinds, tags, checks, a sensor, an external asset."""

from orchestrator import (
    AssetCheckResult,
    AssetKey,
    AssetSpec,
    Definitions,
    RunRequest,
    StaticPartitionsDefinition,
    asset,
    asset_check,
    define_asset_job,
    sensor,
)

regions = StaticPartitionsDefinition(["eu", "us"])

source_events = AssetSpec(key=AssetKey(["source", "events"]), group_name="sources", description="Raw events")


@asset(
    key_prefix=["warehouse"],
    group_name="warehouse",
    kinds={"sql", "postgres"},
    tags={"team": "data", "tier": "gold"},
    deps=[source_events],
    metadata={"owner_doc": "https://example.com/orders"},
)
def orders() -> int:
    """Orders cleaned from raw events."""
    return 3


@asset(key_prefix=["warehouse"], group_name="warehouse", kinds={"python"}, tags={"team": "data"})
def customers() -> int:
    """Customer table."""
    return 2


@asset(
    key=["reports", "checks"],
    group_name="reports",
    kinds={"python"},
    tags={"team": "bi"},
    deps=[AssetKey(["warehouse", "orders"])],
)
def report_checks() -> int:
    """A report whose key ends like a sub-resource of the API."""
    return 1


@asset(group_name="reports", partitions_def=regions, tags={"team": "bi"})
def regional_sales(context) -> str:
    return context.partition_key


@asset_check(asset=AssetKey(["warehouse", "orders"]), description="Orders are never empty", blocking=True)
def orders_not_empty() -> AssetCheckResult:
    return AssetCheckResult(passed=True)


warehouse_job = define_asset_job("warehouse_job", selection="group:warehouse", tags={"team": "data"})


@sensor(job=warehouse_job, minimum_interval_seconds=60)
def new_events_sensor(context):
    yield RunRequest(run_key="static")


defs = Definitions(
    assets=[source_events, orders, customers, report_checks, regional_sales],
    asset_checks=[orders_not_empty],
    jobs=[warehouse_job],
    sensors=[new_events_sensor],
)
