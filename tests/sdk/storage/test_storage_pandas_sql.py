"""PandasSQLIOManager on SQLite and, when ORCHESTRATOR_TEST_POSTGRES_URL is set, on PostgreSQL."""

import datetime as dt
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from orchestrator._core.errors import InvalidConfigError, InvalidInvocationError
from orchestrator._core.resources import EnvVar, init_resources
from orchestrator._core.storage import (
    PandasSQLIOManager,
    build_input_context,
    build_output_context,
    get_engine,
    table_name_for,
)

POSTGRES_URL = os.environ.get("ORCHESTRATOR_TEST_POSTGRES_URL")


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [1, 2, 3],
            "name": ["a", "b", None],
            "score": [1.5, None, 3.0],
            "active": [True, False, True],
            "seen_at": pd.to_datetime(["2024-01-01 10:00", "2024-01-02 11:30", "2024-01-03 00:00"]),
            "day": [dt.date(2024, 1, 1), dt.date(2024, 1, 2), dt.date(2024, 1, 3)],
        }
    )


def _check_round_trip(manager: PandasSQLIOManager, prefix: str) -> None:
    frame = _frame()
    output = build_output_context(asset_key=[prefix, "users"])
    manager.handle_output(output, frame)
    assert output.get_logged_metadata()["row_count"] == 3
    loaded = manager.load_input(build_input_context(asset_key=[prefix, "users"]))
    pd.testing.assert_frame_equal(loaded, frame, check_dtype=False)
    assert loaded["id"].dtype == "int64"
    assert loaded["score"].dtype == "float64"
    assert loaded["active"].dtype == "bool"
    assert str(loaded["seen_at"].dtype).startswith("datetime64")

    manager.handle_output(build_output_context(asset_key=[prefix, "users"]), frame.head(1))
    assert len(manager.load_input(build_input_context(asset_key=[prefix, "users"]))) == 1


def _check_partitions(manager: PandasSQLIOManager, prefix: str) -> None:
    key = [prefix, "events"]
    frame = _frame()
    manager.handle_output(build_output_context(asset_key=key, partition_key="2024-01-01"), frame)
    manager.handle_output(build_output_context(asset_key=key, partition_key="2024-01-02"), frame.head(2))
    manager.handle_output(build_output_context(asset_key=key, partition_key="2024-01-01"), frame.tail(1))

    first = manager.load_input(build_input_context(asset_key=key, partition_key="2024-01-01"))
    assert first["id"].tolist() == [3]
    assert "_partition" not in first.columns
    second = manager.load_input(build_input_context(asset_key=key, partition_key="2024-01-02"))
    assert second["id"].tolist() == [1, 2]
    both = manager.load_input(
        build_input_context(asset_key=key, asset_partition_keys=["2024-01-01", "2024-01-02"])
    )
    assert sorted(both["id"].tolist()) == [1, 2, 3]
    whole = manager.load_input(build_input_context(asset_key=key))
    assert len(whole) == 3 and "_partition" not in whole.columns
    none = manager.load_input(build_input_context(asset_key=key, partition_key="2030-01-01"))
    assert none.empty


def _check_errors(manager: PandasSQLIOManager, prefix: str) -> None:
    with pytest.raises(InvalidInvocationError) as excinfo:
        manager.handle_output(build_output_context(asset_key=[prefix, "bad"]), [1, 2])
    assert f"'{prefix}/bad'" in str(excinfo.value)
    assert "builtins.list" in str(excinfo.value)
    with pytest.raises(LookupError, match=f"No table '{prefix}__never'"):
        manager.load_input(build_input_context(asset_key=[prefix, "never"]))


def _drop_tables(url: str, prefix: str, schema: str | None = None) -> None:
    engine = get_engine(url)
    with engine.begin() as conn:
        for table in sa.inspect(conn).get_table_names(schema=schema):
            if table.startswith(prefix):
                conn.execute(sa.text(f'DROP TABLE {f"{schema}." if schema else ""}"{table}"'))
        if schema:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


@pytest.fixture
def sqlite_manager(tmp_path: Path) -> PandasSQLIOManager:
    return PandasSQLIOManager(connection_string=f"sqlite:///{tmp_path / 'warehouse.db'}")


def test_sqlite_round_trip(sqlite_manager: PandasSQLIOManager) -> None:
    _check_round_trip(sqlite_manager, "sales")


def test_sqlite_partition_replacement(sqlite_manager: PandasSQLIOManager) -> None:
    _check_partitions(sqlite_manager, "sales")


def test_sqlite_errors(sqlite_manager: PandasSQLIOManager) -> None:
    _check_errors(sqlite_manager, "sales")
    sqlite_manager.handle_output(build_output_context(asset_key="flat"), _frame())
    with pytest.raises(InvalidInvocationError, match="has no '_partition' column"):
        sqlite_manager.handle_output(build_output_context(asset_key="flat", partition_key="p"), _frame())


def test_metadata_names_table(sqlite_manager: PandasSQLIOManager) -> None:
    output = build_output_context(asset_key=["Sales", "daily-orders"])
    sqlite_manager.handle_output(output, _frame())
    assert output.get_logged_metadata() == {"row_count": 3, "table_name": "sales__daily_orders"}
    assert table_name_for(["x" * 80]).startswith("x" * 54)
    assert len(table_name_for(["x" * 80])) == 63


def test_default_connection_string(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORCHESTRATOR_HOME", str(tmp_path))
    manager = PandasSQLIOManager()
    assert manager.url() == f"sqlite:///{tmp_path / 'warehouse.db'}"
    manager.handle_output(build_output_context(asset_key="a"), _frame())
    assert (tmp_path / "warehouse.db").is_file()


def test_connection_string_from_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("TEST_WAREHOUSE_URL", url)
    manager = PandasSQLIOManager(connection_string=EnvVar("TEST_WAREHOUSE_URL"))
    with init_resources({"io_manager": manager}) as values:
        assert values["io_manager"].connection_string == url
        values["io_manager"].handle_output(build_output_context(asset_key="a"), _frame())
    assert manager.url() == url
    monkeypatch.delenv("TEST_WAREHOUSE_URL")
    with pytest.raises(InvalidConfigError, match="'TEST_WAREHOUSE_URL'"):
        manager.url()


@pytest.fixture
def postgres_prefix() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip("set ORCHESTRATOR_TEST_POSTGRES_URL to run PostgreSQL tests")
    prefix = f"t{uuid.uuid4().hex[:10]}"
    yield prefix
    _drop_tables(POSTGRES_URL, prefix)
    _drop_tables(POSTGRES_URL, prefix, schema=f"{prefix}_schema")


def test_postgres_round_trip_partitions_and_errors(postgres_prefix: str) -> None:
    assert POSTGRES_URL
    manager = PandasSQLIOManager(connection_string=POSTGRES_URL)
    _check_round_trip(manager, postgres_prefix)
    _check_partitions(manager, postgres_prefix)
    _check_errors(manager, postgres_prefix)


def test_postgres_schema_and_concurrent_partition_writes(postgres_prefix: str) -> None:
    assert POSTGRES_URL
    schema = f"{postgres_prefix}_schema"
    manager = PandasSQLIOManager(connection_string=POSTGRES_URL, schema=schema)
    errors: list[BaseException] = []

    def write(day: str) -> None:
        try:
            context = build_output_context(asset_key=[postgres_prefix, "daily"], partition_key=day)
            manager.handle_output(context, _frame())
            assert context.get_logged_metadata()["table_name"] == f"{schema}.{postgres_prefix}__daily"
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    days = [f"2024-01-{d:02d}" for d in range(1, 9)]
    threads = [threading.Thread(target=write, args=(day,)) for day in days]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    loaded = manager.load_input(
        build_input_context(asset_key=[postgres_prefix, "daily"], asset_partition_keys=days)
    )
    assert len(loaded) == 3 * len(days)


def test_schema_alias_can_be_overridden_by_run_config(tmp_path: Path) -> None:
    manager = PandasSQLIOManager(connection_string=f"sqlite:///{tmp_path / 'w.db'}", schema="raw")
    assert manager.schema_ == "raw"
    with init_resources(
        {"io_manager": manager}, run_config_resources={"io_manager": {"config": {"schema": "x"}}}
    ) as v:
        assert v["io_manager"].schema_ == "x"
