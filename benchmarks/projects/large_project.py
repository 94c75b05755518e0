"""A large code location for the UI benchmarks: ``orchestrator dev -f benchmarks/projects/large_project.py``.

``ORCHESTRATOR_BENCH_ASSETS`` (default 2000) assets in ten groups, in layers of a tenth of the count
(at least 50): every asset of a layer above the first depends on one to three assets of earlier layers,
mostly of its own group and the layer just above, sometimes of another group. Keys are
``<group>/<name>``; each group has its kinds and owners; about one asset in twelve is daily
partitioned (from 2024-01-01). The graph is the same for a given count (a fixed seed).

Beyond the graph, three assets of their own group ``bench_ops``:

- ``bench_ops/ticker`` logs a line every 100 ms for 10 s (a live run to watch);
- ``bench_ops/chatty_log`` logs ``ORCHESTRATOR_BENCH_LOG_LINES`` (default 100,000) lines through
  ``context.log.info``: its run is the event log benchmark's subject.
- ``bench_ops/flaky_export`` always fails, so the history holds a failed run with a traceback.
"""

import os
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from orchestrator import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    DailyPartitionsDefinition,
    Definitions,
    asset,
)

COUNT = int(os.environ.get("ORCHESTRATOR_BENCH_ASSETS", "2000"))
LOG_LINES = int(os.environ.get("ORCHESTRATOR_BENCH_LOG_LINES", "100000"))
SEED = 8

# name, kinds, owners, nouns an asset's name is made from
GROUPS: Sequence[tuple[str, set[str], list[str], Sequence[str]]] = (
    ("ingest", {"python", "s3"}, ["team:platform"], ("events", "clicks", "orders", "users", "payments")),
    ("staging", {"dbt", "snowflake"}, ["team:analytics"], ("stg_orders", "stg_users", "stg_sessions")),
    ("core", {"dbt", "snowflake"}, ["team:analytics", "ana@example.com"], ("dim_user", "fct_order")),
    ("finance", {"sql", "postgres"}, ["team:finance"], ("revenue", "ledger", "invoices", "refunds")),
    ("marketing", {"python", "bigquery"}, ["team:growth"], ("campaigns", "attribution", "funnels")),
    ("product", {"python", "duckdb"}, ["team:product"], ("feature_usage", "retention", "cohorts")),
    ("ml_features", {"python", "pandas"}, ["team:ml"], ("embeddings", "features", "labels")),
    ("ml_models", {"python", "pytorch"}, ["team:ml", "li@example.com"], ("churn_model", "ltv_model")),
    ("reporting", {"sql", "looker"}, ["team:bi"], ("dashboard", "weekly_kpis", "exec_summary")),
    ("exports", {"python", "s3"}, ["team:platform"], ("export", "sync", "snapshot")),
)
DAILY = DailyPartitionsDefinition(start_date="2024-01-01")


@dataclass(frozen=True)
class PlannedAsset:
    key: tuple[str, str]
    group: int
    deps: tuple[int, ...]  # indexes of earlier assets
    partitioned: bool

    @property
    def key_string(self) -> str:
        return "/".join(self.key)


def asset_plan(count: int = COUNT, seed: int = SEED) -> list[PlannedAsset]:
    """The assets to define, in dependency order."""
    rng = random.Random(seed)
    width = max(50, count // 10)
    plan: list[PlannedAsset] = []
    by_layer_group: dict[tuple[int, int], list[int]] = {}
    for i in range(count):
        layer, group = i // width, i % len(GROUPS)
        deps: set[int] = set()
        if layer > 0:
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                # mostly the layer just above, sometimes further up; mostly the own group
                source_layer = layer - 1 if rng.random() < 0.75 else rng.randrange(layer)
                source_group = group if rng.random() < 0.8 else rng.randrange(len(GROUPS))
                candidates = (
                    by_layer_group.get((source_layer, source_group)) or by_layer_group[(source_layer, 0)]
                )
                deps.add(rng.choice(candidates))
        name, _, _, nouns = GROUPS[group]
        plan.append(
            PlannedAsset(
                key=(name, f"{nouns[i % len(nouns)]}_{i:05d}"),
                group=group,
                deps=tuple(sorted(deps)),
                partitioned=i % 12 == 5,
            )
        )
        by_layer_group.setdefault((layer, group), []).append(i)
    return plan


def _noop(context: AssetExecutionContext) -> None:
    context.log.debug("materialized")


def build_assets(count: int = COUNT) -> list[AssetsDefinition]:
    plan = asset_plan(count)
    assets: list[AssetsDefinition] = []
    for i, item in enumerate(plan):
        group_name, kinds, owners, _ = GROUPS[item.group]
        assets.append(
            asset(
                _noop,
                key=AssetKey(list(item.key)),
                group_name=group_name,
                deps=[AssetKey(list(plan[d].key)) for d in item.deps],
                kinds=kinds,
                owners=owners,
                tags={"tier": ("bronze", "silver", "gold")[i % 3]},
                description=f"{item.key[1].rsplit('_', 1)[0].replace('_', ' ').capitalize()} "
                f"for the {group_name} domain (asset {i}).",
                code_version="v1" if i % 4 else "v2",
                partitions_def=DAILY if item.partitioned else None,
            )
        )
    return assets


@asset(key_prefix="bench_ops", group_name="bench_ops", kinds={"python"})
def chatty_log(context: AssetExecutionContext) -> None:
    """Logs ``ORCHESTRATOR_BENCH_LOG_LINES`` lines: a run with a very long event log."""
    for n in range(LOG_LINES):
        context.log.info(
            f"processed batch {n} of {LOG_LINES}: 512 rows, checksum {n * 2654435761 % 2**32:08x}"
        )


@asset(key_prefix="bench_ops", group_name="bench_ops", kinds={"python"})
def ticker(context: AssetExecutionContext) -> None:
    """Logs a line every 100 ms for 10 s: a run whose events keep coming while a page watches."""
    for n in range(100):
        context.log.info(f"tick {n}")
        time.sleep(0.1)


@asset(key_prefix="bench_ops", group_name="bench_ops", kinds={"python"})
def flaky_export() -> None:
    """Always fails: the history holds a failed run."""
    raise ConnectionError("the export endpoint refused the connection")


defs = Definitions(assets=[*build_assets(), chatty_log, ticker, flaky_export])
