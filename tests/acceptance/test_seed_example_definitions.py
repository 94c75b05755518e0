"""The example's ``defs``: the document's assets, groups, dependencies, jobs and triggers."""

import importlib
from pathlib import Path
from types import ModuleType

import pytest
from seed_expectations import SEED_GROUPS, graph_summary
from seed_support import SeedEnv

from orchestrator import (
    Definitions,
    FilesystemIOManager,
    PandasSQLIOManager,
    ScheduleDefinition,
    SensorDefinition,
)


def test_defs_has_the_document_assets_groups_and_deps(seed_pipeline: ModuleType) -> None:
    defs = seed_pipeline.defs
    assert isinstance(defs, Definitions)
    assert graph_summary(defs) == {
        "raw_users": ("raw", []),
        "raw_orders": ("raw", []),
        "revenue_by_user": ("analytics", ["raw_orders", "raw_users"]),
        # deps=[raw_users] is the example's one addition to dim_users (see its README).
        "dim_users": ("warehouse", ["raw_users"]),
        "daily_events": ("raw", []),
    }
    assert {name: group for name, (group, _deps) in graph_summary(defs).items()} == SEED_GROUPS


def test_daily_events_is_partitioned_daily_from_2026_01_01(seed_pipeline: ModuleType) -> None:
    from seed_pipeline.partitioned import daily_partitions

    defs = seed_pipeline.defs
    assert defs.get_assets_def("daily_events").partitions_def is daily_partitions
    keys = daily_partitions.get_partition_keys()
    assert keys[:2] == ["2026-01-01", "2026-01-02"]
    assert "2026-02-19" in keys
    assert "2025-12-31" not in keys
    for name in ("raw_users", "raw_orders", "revenue_by_user", "dim_users"):
        assert defs.get_assets_def(name).partitions_def is None


def test_defs_has_the_job_schedule_and_sensor(seed_pipeline: ModuleType) -> None:
    from seed_pipeline.schedules import analytics_job, daily_analytics, new_file_sensor

    defs = seed_pipeline.defs
    assert [job.name for job in defs.jobs] == ["analytics_job"]
    assert defs.get_job_def("analytics_job").name == analytics_job.name == "analytics_job"
    assert defs.schedules == [daily_analytics]
    assert defs.sensors == [new_file_sensor]
    assert isinstance(daily_analytics, ScheduleDefinition)
    assert isinstance(new_file_sensor, SensorDefinition)
    assert defs.get_schedule_def(daily_analytics.name) is daily_analytics
    assert defs.get_sensor_def("new_file_sensor") is new_file_sensor


def test_resources_follow_the_environment(seed_pipeline: ModuleType, seed_env: SeedEnv) -> None:
    from seed_pipeline.io import WarehouseIOManager
    from seed_pipeline.resources import ApiResource, DatabaseResource

    resources = seed_pipeline.defs.resources
    assert sorted(resources) == ["api", "database", "io_manager"]
    assert isinstance(resources["api"], ApiResource)
    assert resources["api"].base_url == seed_env.api_url
    assert isinstance(resources["database"], DatabaseResource)
    assert resources["database"].connection_string == seed_env.database_url
    io_manager = resources["io_manager"]
    assert isinstance(io_manager, WarehouseIOManager)
    assert isinstance(io_manager.tables, PandasSQLIOManager)
    assert io_manager.tables.connection_string == seed_env.database_url
    assert isinstance(io_manager.files, FilesystemIOManager)
    assert io_manager.files.root() == seed_env.home / "storage"


def test_settings_default_without_seed_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "fresh-home"
    for name in ("SEED_API_URL", "SEED_DATABASE_URL", "SEED_INCOMING_DIR", "DAGSTER_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ORCHESTRATOR_HOME", str(home))

    seed_pipeline = importlib.import_module("seed_pipeline")
    from seed_pipeline.resources import incoming_dir

    resources = seed_pipeline.defs.resources
    assert resources["api"].base_url == "http://127.0.0.1:8765"
    assert resources["database"].connection_string == f"sqlite:///{home.resolve()}/seed_warehouse.db"
    assert home.is_dir()
    assert incoming_dir() == home / "incoming"
    assert (home / "incoming").is_dir()


def test_settings_home_defaults_to_dot_orchestrator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SEED_API_URL", "SEED_DATABASE_URL", "SEED_INCOMING_DIR", "ORCHESTRATOR_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)

    seed_pipeline = importlib.import_module("seed_pipeline")

    expected = tmp_path.resolve() / ".orchestrator" / "seed_warehouse.db"
    assert seed_pipeline.defs.resources["database"].connection_string == f"sqlite:///{expected}"
    assert expected.parent.is_dir()


def test_api_url_may_end_with_a_slash(seed_env: SeedEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEED_API_URL", f"{seed_env.api_url}/")

    seed_pipeline = importlib.import_module("seed_pipeline")

    assert seed_pipeline.defs.resources["api"].base_url == seed_env.api_url
