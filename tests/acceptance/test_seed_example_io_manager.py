"""The example's IO manager: DataFrames as warehouse tables, other values as pickle files."""

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from orchestrator import (
    FilesystemIOManager,
    PandasSQLIOManager,
    build_input_context,
    build_output_context,
)


@dataclass
class WarehouseIO:
    """A ``WarehouseIOManager`` and where it writes."""

    manager: Any
    database: Path
    files: Path

    def tables(self) -> set[str]:
        """Tables in the SQLite file (none when it was never created)."""
        if not self.database.exists():
            return set()
        with sqlite3.connect(self.database) as conn:
            return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.fixture
def warehouse_io(tmp_path: Path, seed_pipeline: ModuleType) -> WarehouseIO:
    """A ``WarehouseIOManager`` on a SQLite file and a folder of its own."""
    from seed_pipeline.io import WarehouseIOManager

    database = tmp_path / "io.db"
    files = tmp_path / "files"
    manager = WarehouseIOManager(
        tables=PandasSQLIOManager(connection_string=f"sqlite:///{database}"),
        files=FilesystemIOManager(base_dir=str(files)),
    )
    return WarehouseIO(manager, database, files)


def test_dataframes_become_tables(warehouse_io: WarehouseIO) -> None:
    frame = pd.DataFrame({"id": [1, 2], "name": ["Alice", "Bob"]})

    warehouse_io.manager.handle_output(build_output_context(asset_key="raw_users"), frame)

    assert warehouse_io.tables() == {"raw_users"}
    with sqlite3.connect(warehouse_io.database) as conn:
        assert conn.execute("SELECT id, name FROM raw_users ORDER BY id").fetchall() == [
            (1, "Alice"),
            (2, "Bob"),
        ]
    assert not warehouse_io.files.exists()
    assert_frame_equal(warehouse_io.manager.load_input(build_input_context(asset_key="raw_users")), frame)


def test_other_values_become_pickle_files(warehouse_io: WarehouseIO) -> None:
    rows = [{"id": 1, "name": "Alice"}]

    warehouse_io.manager.handle_output(build_output_context(asset_key="dim_users"), rows)

    assert (warehouse_io.files / "dim_users").is_file()
    assert warehouse_io.tables() == set()
    assert warehouse_io.manager.load_input(build_input_context(asset_key="dim_users")) == rows


def test_loading_a_value_stored_nowhere_names_the_asset(warehouse_io: WarehouseIO) -> None:
    with pytest.raises(FileNotFoundError, match="missing_asset"):
        warehouse_io.manager.load_input(build_input_context(asset_key="missing_asset"))
