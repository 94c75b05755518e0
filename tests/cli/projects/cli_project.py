"""The code location of the CLI tests: a chain, config, a failure, partitions and a step that waits."""

import os
import time
from pathlib import Path

from orchestrator import (
    AssetExecutionContext,
    Config,
    DailyPartitionsDefinition,
    Definitions,
    asset,
    define_asset_job,
)


class ScaleConfig(Config):
    factor: int = 2


def release_file() -> Path:
    """Touch it to let ``waits`` finish (same ``ORCHESTRATOR_HOME`` for the test and the runs)."""
    return Path(os.environ.get("ORCHESTRATOR_HOME", ".orchestrator")) / "cli_project" / "release"


@asset(group_name="raw")
def numbers() -> list[int]:
    return [1, 2, 3]


@asset(group_name="analytics")
def total(context: AssetExecutionContext, numbers: list[int]) -> int:
    context.log.info(f"summing {len(numbers)} numbers")
    return sum(numbers)


@asset(group_name="analytics")
def scaled(config: ScaleConfig, total: int) -> int:
    return total * config.factor


@asset(group_name="broken")
def explodes() -> int:
    raise ValueError("explodes always fails")


@asset(group_name="daily", partitions_def=DailyPartitionsDefinition(start_date="2026-01-01"))
def daily_counts(context: AssetExecutionContext) -> dict[str, int]:
    """One value per partition of the run (a range runs once for all of its partitions)."""
    return {key: len(context.partition_keys) for key in context.partition_keys}


@asset(group_name="slow")
def waits() -> str:
    deadline = time.monotonic() + 60
    while not release_file().exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return "released"


@asset(group_name="slow")
def after_waits(waits: str) -> str:
    return f"{waits} and done"


analytics_job = define_asset_job("analytics_job", selection="group:analytics")

defs = Definitions(
    assets=[numbers, total, scaled, explodes, daily_counts, waits, after_waits], jobs=[analytics_job]
)
