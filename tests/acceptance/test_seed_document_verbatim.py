"""The seed document's code, verbatim except ``dagster`` -> ``orchestrator``, defines and runs.

The document's package (``my_pipeline``, from ``seed_document_code``) is written to
``tmp_path`` and imported. What needs the outside world is replaced from the outside only:
``httpx.get`` is rerouted from ``https://api.example.com`` to the fake API, ``fetch_events``
(which the document leaves undefined) is added to the module's globals, and the sensor's
``/data/incoming`` listing is redirected to a temporary folder.
"""

import importlib
import os
import re
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import httpx
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from seed_document_code import MODULES, PACKAGE_NAME, write_package
from seed_expectations import (
    EXPECTED_REVENUE_ROWS,
    REVENUE_COLUMNS,
    SEED_GROUPS,
    graph_summary,
    log_messages,
    materialized,
    metadata_value,
    revenue_frame,
    rows_of,
)
from seed_support import SEED_DOCUMENT, FakeApi

from orchestrator import (
    ConfigurableResource,
    Definitions,
    FilesystemIOManager,
    PandasSQLIOManager,
    ResourceDefinition,
    RunRequest,
    ScheduleDefinition,
    UnknownPartitionError,
    build_asset_context,
    build_output_context,
    build_schedule_context,
    build_sensor_context,
    load_assets_from_modules,
    materialize,
)

DOCUMENT_API = "https://api.example.com"
DOCUMENT_INCOMING = "/data/incoming"


@pytest.fixture
def my_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """The document's modules, imported from a package written under ``tmp_path``."""
    source_root = tmp_path / "document_src"
    write_package(source_root)
    monkeypatch.syspath_prepend(str(source_root))
    package = importlib.import_module(PACKAGE_NAME)
    modules = {
        name.removesuffix(".py"): importlib.import_module(f"{PACKAGE_NAME}.{name.removesuffix('.py')}")
        for name in MODULES
        if name != "__init__.py"
    }
    return SimpleNamespace(package=package, **modules)


@pytest.fixture
def users_and_orders(fake_api_module: ModuleType) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fake API's users and orders as DataFrames, as the raw assets would return them."""
    return pd.DataFrame(fake_api_module.USERS), pd.DataFrame(fake_api_module.ORDERS)


@pytest.fixture
def reroute_document_api(fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Send ``httpx.get`` calls for ``https://api.example.com`` to the fake API; returns the URLs asked."""
    real_get = httpx.get
    asked: list[str] = []

    def rerouted_get(url: Any, *args: Any, **kwargs: Any) -> httpx.Response:
        asked.append(str(url))
        return real_get(str(url).replace(DOCUMENT_API, fake_api.base_url), *args, **kwargs)

    monkeypatch.setattr(httpx, "get", rerouted_get)
    return asked


@pytest.fixture
def redirect_document_incoming(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make ``os.listdir("/data/incoming")`` list a temporary folder; returns that folder."""
    incoming = tmp_path / "data_incoming"
    incoming.mkdir()
    real_listdir: Callable[..., list[str]] = os.listdir

    def listdir(path: Any = ".") -> list[str]:
        if os.fspath(path) == DOCUMENT_INCOMING:
            return real_listdir(incoming)
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    return incoming


def _document_code_blocks(text: str) -> dict[str, str]:
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    found = {}
    for block in blocks:
        match = re.match(r"# my_pipeline/(\w+\.py):", block)
        assert match is not None, block.splitlines()[0]
        found[match.group(1)] = block
    return found


def test_code_matches_the_document_except_the_import_name() -> None:
    if not SEED_DOCUMENT.is_file():
        pytest.skip(f"{SEED_DOCUMENT} is not on this machine")
    blocks = _document_code_blocks(SEED_DOCUMENT.read_text(encoding="utf-8"))

    assert sorted(blocks) == sorted(MODULES)
    for name, source in MODULES.items():
        assert source.replace("from orchestrator import", "from dagster import") == blocks[name], name
        assert "dagster" not in source


def test_resources_module_imports_resource_and_configurable_resource(my_pipeline: SimpleNamespace) -> None:
    resources = my_pipeline.resources

    assert issubclass(resources.DatabaseResource, ConfigurableResource)

    @resources.resource
    def greeting(_context: Any) -> str:
        return "hello"

    assert isinstance(greeting, ResourceDefinition)


def test_document_init_defs_load(my_pipeline: SimpleNamespace) -> None:
    defs = my_pipeline.package.defs

    assert isinstance(defs, Definitions)
    assert graph_summary(defs) == {
        "raw_users": ("raw", []),
        "raw_orders": ("raw", []),
        "revenue_by_user": ("analytics", ["raw_orders", "raw_users"]),
        "dim_users": ("warehouse", []),
    }
    database = defs.resources["database"]
    assert isinstance(database, my_pipeline.resources.DatabaseResource)
    assert database.connection_string == "postgresql://user:pass@localhost:5432/analytics"


def test_all_document_definitions_load_with_a_sqlite_database(
    my_pipeline: SimpleNamespace, tmp_path: Path
) -> None:
    defs = Definitions(
        assets=load_assets_from_modules([my_pipeline.assets, my_pipeline.db_assets, my_pipeline.partitioned]),
        schedules=[my_pipeline.schedules.daily_analytics],
        sensors=[my_pipeline.schedules.new_file_sensor],
        resources={
            "database": my_pipeline.resources.DatabaseResource(
                connection_string=f"sqlite:///{tmp_path / 'document.db'}"
            )
        },
    )

    assert graph_summary(defs) == {
        "raw_users": ("raw", []),
        "raw_orders": ("raw", []),
        "revenue_by_user": ("analytics", ["raw_orders", "raw_users"]),
        "dim_users": ("warehouse", []),
        "daily_events": ("raw", []),
    }
    assert {name: group for name, (group, _deps) in graph_summary(defs).items()} == SEED_GROUPS
    assert [job.name for job in defs.jobs] == ["analytics_job"]
    assert defs.get_assets_def("daily_events").partitions_def is my_pipeline.partitioned.daily_partitions


def test_database_resource_queries_and_executes_on_sqlite(
    my_pipeline: SimpleNamespace, tmp_path: Path
) -> None:
    database = my_pipeline.resources.DatabaseResource(connection_string=f"sqlite:///{tmp_path / 'db.sqlite'}")

    database.execute("CREATE TABLE raw_users (id INTEGER, name TEXT, email TEXT, created_at TEXT)")
    database.execute("INSERT INTO raw_users VALUES (1, 'Alice', 'alice@example.com', '2026-01-02T09:15:00Z')")

    assert database.query("SELECT id, name FROM raw_users") == [{"id": 1, "name": "Alice"}]


def test_revenue_by_user_called_directly_with_dataframes(
    my_pipeline: SimpleNamespace,
    users_and_orders: tuple[pd.DataFrame, pd.DataFrame],
    fake_api_module: ModuleType,
) -> None:
    users, orders = users_and_orders

    revenue = my_pipeline.assets.revenue_by_user(raw_users=users, raw_orders=orders)

    assert list(revenue.columns) == REVENUE_COLUMNS
    assert rows_of(revenue) == EXPECTED_REVENUE_ROWS
    assert_frame_equal(revenue, revenue_frame(fake_api_module.USERS, fake_api_module.ORDERS))


def test_revenue_by_user_materializes_from_stored_raw_assets(
    my_pipeline: SimpleNamespace, users_and_orders: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path
) -> None:
    users, orders = users_and_orders
    storage = FilesystemIOManager(base_dir=str(tmp_path / "storage"))
    storage.handle_output(build_output_context(asset_key="raw_users"), users)
    storage.handle_output(build_output_context(asset_key="raw_orders"), orders)
    assets = my_pipeline.assets

    result = materialize(
        [assets.raw_users, assets.raw_orders, assets.revenue_by_user],
        resources={"io_manager": storage},
        selection=["revenue_by_user"],
    )

    assert result.success
    assert materialized(result) == [("revenue_by_user", None)]
    assert rows_of(result.asset_value("revenue_by_user")) == EXPECTED_REVENUE_ROWS
    (mat,) = result.asset_materializations_for_node("revenue_by_user")
    assert metadata_value(mat.metadata["dagster/row_count"]) == 3


def test_document_pipeline_runs_with_only_the_api_host_rerouted(
    my_pipeline: SimpleNamespace, reroute_document_api: list[str], tmp_path: Path, fake_api_module: ModuleType
) -> None:
    database_url = f"sqlite:///{tmp_path / 'document_warehouse.db'}"
    assets = load_assets_from_modules([my_pipeline.assets, my_pipeline.db_assets])
    database = my_pipeline.resources.DatabaseResource(connection_string=database_url)

    first = materialize(
        assets,
        resources={"io_manager": PandasSQLIOManager(connection_string=database_url), "database": database},
        selection=["raw_users", "raw_orders", "revenue_by_user"],
    )
    second = materialize(
        assets,
        resources={"io_manager": FilesystemIOManager(base_dir=str(tmp_path / "files")), "database": database},
        selection=["dim_users"],
    )

    assert sorted(reroute_document_api) == [f"{DOCUMENT_API}/orders", f"{DOCUMENT_API}/users"]
    assert first.success and second.success
    assert log_messages(first, "raw_users") == ["Fetched 5 users"]
    assert rows_of(first.asset_value("revenue_by_user")) == EXPECTED_REVENUE_ROWS
    assert log_messages(second, "dim_users") == ["Loaded 5 users into warehouse"]
    assert second.asset_value("dim_users") == fake_api_module.USERS
    with sqlite3.connect(tmp_path / "document_warehouse.db") as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"raw_users", "raw_orders", "revenue_by_user"}


def test_dim_users_called_directly_reads_the_warehouse(
    my_pipeline: SimpleNamespace, tmp_path: Path, fake_api_module: ModuleType
) -> None:
    database_url = f"sqlite:///{tmp_path / 'dim.db'}"
    pd.DataFrame(fake_api_module.USERS).to_sql("raw_users", database_url, index=False)
    database = my_pipeline.resources.DatabaseResource(connection_string=database_url)

    users = my_pipeline.db_assets.dim_users(build_asset_context(), database=database)

    assert users == fake_api_module.USERS


def test_daily_events_materializes_with_fetch_events_supplied(
    my_pipeline: SimpleNamespace, monkeypatch: pytest.MonkeyPatch, fake_api_module: ModuleType
) -> None:
    fetched: list[str] = []

    def fetch_events(date: str) -> pd.DataFrame:
        fetched.append(date)
        return pd.DataFrame(fake_api_module.events_for(date))

    monkeypatch.setattr(my_pipeline.partitioned, "fetch_events", fetch_events, raising=False)

    result = materialize([my_pipeline.partitioned.daily_events], partition_key="2026-02-19")

    assert result.success
    assert fetched == ["2026-02-19"]
    assert materialized(result) == [("daily_events", "2026-02-19")]
    assert log_messages(result, "daily_events") == ["Processing events for 2026-02-19"]
    assert_frame_equal(
        result.asset_value("daily_events"), pd.DataFrame(fake_api_module.events_for("2026-02-19"))
    )


def test_daily_events_as_written_fails_on_the_undefined_fetch_events(my_pipeline: SimpleNamespace) -> None:
    result = materialize(
        [my_pipeline.partitioned.daily_events], partition_key="2026-02-19", raise_on_error=False
    )

    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert "NameError" in failure.message
    assert "fetch_events" in failure.message
    assert log_messages(result, "daily_events") == ["Processing events for 2026-02-19"]


def test_daily_events_rejects_an_unknown_partition(my_pipeline: SimpleNamespace) -> None:
    with pytest.raises(UnknownPartitionError, match="2025-12-31"):
        materialize([my_pipeline.partitioned.daily_events], partition_key="2025-12-31")


def test_document_schedule_tick_requests_one_analytics_run(my_pipeline: SimpleNamespace) -> None:
    daily_analytics = my_pipeline.schedules.daily_analytics

    assert isinstance(daily_analytics, ScheduleDefinition)
    assert daily_analytics.cron_schedule == "0 6 * * *"
    assert daily_analytics.job_name == "analytics_job"
    data = daily_analytics.evaluate_tick(
        build_schedule_context(scheduled_execution_time=datetime(2026, 2, 19, 6))
    )
    assert data.error is None
    assert [r.job_name for r in data.run_requests] == ["analytics_job"]


def test_document_sensor_requests_a_run_for_a_csv_file(
    my_pipeline: SimpleNamespace, redirect_document_incoming: Path
) -> None:
    new_file_sensor = my_pipeline.schedules.new_file_sensor
    (redirect_document_incoming / "notes.txt").write_text("not a csv")

    empty = new_file_sensor.evaluate_tick(build_sensor_context())
    assert empty.error is None
    assert list(empty.run_requests) == []

    (redirect_document_incoming / "a.csv").write_text("id\n1\n")
    data = new_file_sensor.evaluate_tick(build_sensor_context())
    assert data.error is None
    assert [(r.run_key, r.job_name) for r in data.run_requests] == [("a.csv", "analytics_job")]
    assert [(type(r), r.run_key) for r in new_file_sensor(build_sensor_context())] == [(RunRequest, "a.csv")]


def test_document_sensor_tick_reports_a_missing_data_incoming_folder(my_pipeline: SimpleNamespace) -> None:
    if os.path.exists(DOCUMENT_INCOMING):
        pytest.skip(f"{DOCUMENT_INCOMING} exists on this machine")

    data = my_pipeline.schedules.new_file_sensor.evaluate_tick(build_sensor_context())

    assert list(data.run_requests) == []
    assert data.error is not None
    assert data.error.cls_name == "FileNotFoundError"
