"""Materializing the example end to end against the fake API and a SQLite warehouse."""

import sqlite3
from collections.abc import Callable, Sequence
from types import ModuleType

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from seed_expectations import (
    EXPECTED_REVENUE_ROWS,
    REVENUE_COLUMNS,
    log_messages,
    materialized,
    metadata_value,
    revenue_frame,
    rows_of,
)
from seed_support import FakeApi, SeedEnv

from orchestrator import (
    DagsterUnknownPartitionError,
    Definitions,
    ExecuteInProcessResult,
    UnknownPartitionError,
    materialize,
)

SEED_ASSETS = ["raw_users", "raw_orders", "revenue_by_user", "dim_users"]

Runner = Callable[[Definitions, Sequence[str]], ExecuteInProcessResult]


def run_implicit_job(defs: Definitions, selection: Sequence[str]) -> ExecuteInProcessResult:
    """Run ``selection`` with the implicit asset job of ``defs`` (its resources included)."""
    return defs.get_implicit_global_asset_job_def().execute_in_process(asset_selection=list(selection))


def run_materialize(defs: Definitions, selection: Sequence[str]) -> ExecuteInProcessResult:
    """Run ``selection`` with ``materialize`` over the assets and resources of ``defs``."""
    return materialize(defs.assets, resources=defs.resources, selection=list(selection))


RUNNERS = [pytest.param(run_implicit_job, id="implicit_job"), pytest.param(run_materialize, id="materialize")]


def sqlite_tables(env: SeedEnv) -> set[str]:
    with sqlite3.connect(env.database_path) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def sqlite_users(env: SeedEnv) -> list[dict[str, object]]:
    with sqlite3.connect(env.database_path) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT id, name, email, created_at FROM raw_users ORDER BY id").fetchall()
    return [dict(row) for row in rows]


@pytest.mark.parametrize("run", RUNNERS)
def test_seed_assets_materialize_end_to_end(
    run: Runner, seed_pipeline: ModuleType, seed_env: SeedEnv, fake_api_module: ModuleType
) -> None:
    defs = seed_pipeline.defs

    result = run(defs, SEED_ASSETS)

    assert result.success
    assert sorted(materialized(result)) == sorted((name, None) for name in SEED_ASSETS)
    assert log_messages(result, "raw_users") == ["Fetched 5 users"]
    assert log_messages(result, "dim_users") == ["Loaded 5 users into warehouse"]

    revenue = result.asset_value("revenue_by_user")
    assert list(revenue.columns) == REVENUE_COLUMNS
    assert rows_of(revenue) == EXPECTED_REVENUE_ROWS
    assert_frame_equal(revenue, revenue_frame(fake_api_module.USERS, fake_api_module.ORDERS))

    (revenue_mat,) = result.asset_materializations_for_node("revenue_by_user")
    assert metadata_value(revenue_mat.metadata["dagster/row_count"]) == 3
    assert metadata_value(revenue_mat.metadata["table_name"]) == "revenue_by_user"

    assert sqlite_tables(seed_env) == {"raw_users", "raw_orders", "revenue_by_user"}
    assert sqlite_users(seed_env) == fake_api_module.USERS
    assert result.asset_value("dim_users") == fake_api_module.USERS


def test_stored_values_load_back_from_the_warehouse_and_files(
    seed_pipeline: ModuleType, seed_env: SeedEnv, fake_api_module: ModuleType
) -> None:
    defs = seed_pipeline.defs
    run_implicit_job(defs, SEED_ASSETS)

    assert_frame_equal(
        defs.load_asset_value("revenue_by_user"),
        revenue_frame(fake_api_module.USERS, fake_api_module.ORDERS),
    )
    assert_frame_equal(defs.load_asset_value("raw_users"), pd.DataFrame(fake_api_module.USERS))
    assert_frame_equal(defs.load_asset_value("raw_orders"), pd.DataFrame(fake_api_module.ORDERS))
    assert defs.load_asset_value("dim_users") == fake_api_module.USERS
    assert (seed_env.home / "storage" / "dim_users").is_file()
    assert not (seed_env.home / "storage" / "raw_users").exists()


def test_dim_users_reads_raw_users_materialized_by_an_earlier_run(
    seed_pipeline: ModuleType, fake_api: FakeApi, fake_api_module: ModuleType
) -> None:
    defs = seed_pipeline.defs
    run_implicit_job(defs, ["raw_users"])
    fake_api.stop()

    result = run_implicit_job(defs, ["dim_users"])

    assert materialized(result) == [("dim_users", None)]
    assert result.asset_value("dim_users") == fake_api_module.USERS


def test_analytics_job_runs_revenue_by_user_alone_from_stored_raw_assets(
    seed_pipeline: ModuleType, fake_api: FakeApi
) -> None:
    defs = seed_pipeline.defs
    run_implicit_job(defs, ["raw_users", "raw_orders"])
    fake_api.stop()  # the raw assets can only come from storage now

    result = defs.get_job_def("analytics_job").execute_in_process()

    assert result.success
    assert materialized(result) == [("revenue_by_user", None)]
    assert [event.step_key for event in result.get_step_success_events()] == ["revenue_by_user"]
    assert rows_of(result.asset_value("revenue_by_user")) == EXPECTED_REVENUE_ROWS


def test_analytics_job_fails_before_the_raw_assets_exist(seed_pipeline: ModuleType) -> None:
    result = seed_pipeline.defs.get_job_def("analytics_job").execute_in_process(raise_on_error=False)

    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert failure.step_key == "revenue_by_user"
    assert "raw_" in failure.message


@pytest.mark.parametrize("use_materialize", [False, True], ids=["implicit_job", "materialize"])
def test_daily_events_materializes_one_day(
    use_materialize: bool, seed_pipeline: ModuleType, seed_env: SeedEnv, fake_api_module: ModuleType
) -> None:
    defs = seed_pipeline.defs
    if use_materialize:
        from seed_pipeline.partitioned import daily_events

        result = materialize([daily_events], resources=defs.resources, partition_key="2026-02-19")
    else:
        result = defs.get_implicit_global_asset_job_def().execute_in_process(
            asset_selection=["daily_events"], partition_key="2026-02-19"
        )

    assert result.success
    assert materialized(result) == [("daily_events", "2026-02-19")]
    assert log_messages(result, "daily_events") == ["Processing events for 2026-02-19"]
    expected = pd.DataFrame(fake_api_module.events_for("2026-02-19"))
    assert_frame_equal(result.asset_value("daily_events"), expected)
    assert set(result.asset_value("daily_events")["date"]) == {"2026-02-19"}
    assert len(expected) == 3
    assert "daily_events" in sqlite_tables(seed_env)
    assert_frame_equal(defs.load_asset_value("daily_events", partition_key="2026-02-19"), expected)


def test_daily_events_partitions_are_stored_separately(
    seed_pipeline: ModuleType, fake_api_module: ModuleType
) -> None:
    defs = seed_pipeline.defs
    job = defs.get_implicit_global_asset_job_def()
    for day in ("2026-02-19", "2026-02-20", "2026-02-19"):
        job.execute_in_process(asset_selection=["daily_events"], partition_key=day)

    for day in ("2026-02-19", "2026-02-20"):
        assert_frame_equal(
            defs.load_asset_value("daily_events", partition_key=day),
            pd.DataFrame(fake_api_module.events_for(day)),
        )


def test_daily_events_rejects_a_day_before_the_partitions_start(seed_pipeline: ModuleType) -> None:
    job = seed_pipeline.defs.get_implicit_global_asset_job_def()

    with pytest.raises(UnknownPartitionError, match="2025-12-31") as caught:
        job.execute_in_process(asset_selection=["daily_events"], partition_key="2025-12-31")

    assert isinstance(caught.value, DagsterUnknownPartitionError)
