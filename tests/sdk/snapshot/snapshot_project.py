"""The source of a small analytics project that the snapshot tests write to disk and load."""

ENV_USER_VAR = "SNAPSHOT_TEST_WAREHOUSE_USER"
ENV_USER_VALUE = "env-user-value-4242"
LITERAL_PASSWORD = "pw-literal-987"
URL_PASSWORD = "url-pass-123"

PROJECT_SOURCE = f'''
"""A small analytics project: raw data, a partitioned summary, checks, jobs and automation."""

from orchestrator import (
    AssetCheckResult,
    AssetCheckSpec,
    AssetIn,
    AssetSelection,
    AssetSpec,
    BackfillPolicy,
    Config,
    ConfigurableResource,
    DailyPartitionsDefinition,
    DefaultScheduleStatus,
    Definitions,
    EnvVar,
    MetadataValue,
    RetryPolicy,
    RunRequest,
    ScheduleDefinition,
    StaticPartitionsDefinition,
    TimeWindowPartitionMapping,
    asset,
    asset_check,
    define_asset_job,
    job,
    op,
    sensor,
)

daily = DailyPartitionsDefinition(start_date="2026-01-01")
regions = StaticPartitionsDefinition(["eu", "us"])


class Warehouse(ConfigurableResource):
    """Where the tables live."""

    url: str
    user: str
    password: str
    schema_name: str = "public"


class SummaryConfig(Config):
    limit: int = 10


class AddConfig(Config):
    amount: int = 1


orders = AssetSpec(["landing", "orders"], group_name="landing", description="Orders dropped by the shop.")


@asset(
    group_name="raw",
    deps=[orders],
    metadata={{"team": "data", "rows": MetadataValue.int(3), "docs": MetadataValue.url("https://example.com/users")}},
    kinds={{"python", "postgres"}},
    owners=["team:data", "alice@example.com"],
    tags={{"tier": "bronze"}},
    code_version="1",
)
def raw_users(warehouse: Warehouse) -> list:
    """Users copied from the shop database."""
    return []


@asset(
    group_name="raw",
    partitions_def=daily,
    retry_policy=RetryPolicy(max_retries=2, delay=1.5),
    backfill_policy=BackfillPolicy.single_run(),
)
def raw_events(context) -> list:
    return []


@asset(
    group_name="analytics",
    partitions_def=daily,
    ins={{"raw_events": AssetIn(partition_mapping=TimeWindowPartitionMapping(start_offset=-1))}},
    check_specs=[AssetCheckSpec("has_rows", asset="daily_summary")],
)
def daily_summary(context, config: SummaryConfig, raw_events, raw_users):
    """Events per day."""
    return len(raw_events)


@asset(group_name="analytics", partitions_def=regions)
def regional_report():
    return {{}}


@asset_check(asset=raw_users, blocking=True, description="Ids are unique.")
def unique_ids(raw_users):
    return AssetCheckResult(passed=True)


analytics_job = define_asset_job(
    "analytics_job",
    selection=AssetSelection.keys("daily_summary"),
    description="Daily analytics.",
    tags={{"team": "data"}},
    config={{"ops": {{"daily_summary": {{"config": {{"limit": 5}}}}}}}},
)

daily_analytics = ScheduleDefinition(
    name="daily_analytics",
    job=analytics_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Europe/Paris",
    default_status=DefaultScheduleStatus.RUNNING,
    tags={{"team": "data"}},
    description="Every morning.",
)


@sensor(job=analytics_job, minimum_interval_seconds=60, description="Watches the landing folder.")
def landing_files(context):
    return RunRequest(run_key="landing")


@op
def one() -> int:
    return 1


@op
def add(config: AddConfig, x: int) -> int:
    return x + config.amount


@job(tags={{"kind": "ops"}}, description="Adds numbers.")
def numbers_job():
    add(one())


defs = Definitions(
    assets=[orders, raw_users, raw_events, daily_summary, regional_report],
    asset_checks=[unique_ids],
    jobs=[analytics_job, numbers_job],
    schedules=[daily_analytics],
    sensors=[landing_files],
    resources={{
        "warehouse": Warehouse(
            url="postgresql://app:{URL_PASSWORD}@db:5432/prod",
            user=EnvVar("{ENV_USER_VAR}"),
            password="{LITERAL_PASSWORD}",
        ),
    }},
)
'''
