"""The seed pipeline: raw data from an HTTP API, analytics, a warehouse table, triggers.

``defs`` is built when the package is imported, from these environment variables (see
``seed_pipeline.resources``): ``SEED_API_URL`` (default ``http://127.0.0.1:8765``),
``SEED_DATABASE_URL`` (default ``sqlite:///<home>/seed_warehouse.db``), ``SEED_INCOMING_DIR``
(default ``<home>/incoming``), with ``<home>`` = ``$ORCHESTRATOR_HOME`` or ``./.orchestrator``.
"""

from orchestrator import Definitions, FilesystemIOManager, PandasSQLIOManager, load_assets_from_modules

from . import assets, db_assets, partitioned
from .io import WarehouseIOManager
from .resources import ApiResource, DatabaseResource, api_base_url, database_url, home_dir
from .schedules import analytics_job, daily_analytics, new_file_sensor

all_assets = load_assets_from_modules([assets, db_assets, partitioned])

_warehouse_url = database_url()

defs = Definitions(
    assets=all_assets,
    jobs=[analytics_job],
    schedules=[daily_analytics],
    sensors=[new_file_sensor],
    resources={
        "api": ApiResource(base_url=api_base_url()),
        "database": DatabaseResource(connection_string=_warehouse_url),
        "io_manager": WarehouseIOManager(
            tables=PandasSQLIOManager(connection_string=_warehouse_url),
            files=FilesystemIOManager(base_dir=str(home_dir() / "storage")),
        ),
    },
)

__all__ = ["all_assets", "analytics_job", "daily_analytics", "defs", "new_file_sensor"]
