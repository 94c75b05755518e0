"""The pipeline's IO manager: DataFrames become warehouse tables, other values pickle files."""

from typing import Any

import pandas as pd

from orchestrator import (
    ConfigurableIOManager,
    FilesystemIOManager,
    InputContext,
    OutputContext,
    PandasSQLIOManager,
)


class WarehouseIOManager(ConfigurableIOManager):
    """Stores pandas DataFrames as SQL tables and every other value as a pickle file.

    A DataFrame output of asset ``raw_users`` becomes the table ``raw_users`` (through
    ``tables``), so SQL run against the warehouse sees it; other outputs (``dim_users``
    returns a list of dicts) go to ``files``. Loading reads the asset's table when the
    warehouse has one, else its pickle file.

    Args:
        tables: Where DataFrames go (a ``PandasSQLIOManager`` on the warehouse URL).
        files: Where other values go (a ``FilesystemIOManager``).
    """

    tables: PandasSQLIOManager
    files: FilesystemIOManager

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        """Write ``obj`` as a table when it is a DataFrame, else as a pickle file."""
        if isinstance(obj, pd.DataFrame):
            self.tables.handle_output(context, obj)
        else:
            self.files.handle_output(context, obj)

    def load_input(self, context: InputContext) -> Any:
        """Read the upstream asset's table, or its pickle file when there is no table."""
        try:
            return self.tables.load_input(context)
        except LookupError:
            return self.files.load_input(context)
