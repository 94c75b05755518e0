"""Configurable resources for external systems, and where they point by default.

Settings come from environment variables, read when ``seed_pipeline`` is imported:

* ``SEED_API_URL``: base URL of the HTTP API (default ``http://127.0.0.1:8765``, where
  ``python -m seed_pipeline.fake_api`` listens).
* ``SEED_DATABASE_URL``: SQLAlchemy URL of the warehouse (default
  ``sqlite:///<home>/seed_warehouse.db``).
* ``SEED_INCOMING_DIR``: folder watched by ``new_file_sensor`` (default ``<home>/incoming``),
  read on every sensor tick.

``<home>`` is ``$ORCHESTRATOR_HOME``, else ``./.orchestrator``.
"""

import os
from pathlib import Path

import sqlalchemy

from orchestrator import ConfigurableResource

DEFAULT_API_URL = "http://127.0.0.1:8765"


def home_dir() -> Path:
    """``$ORCHESTRATOR_HOME``, else ``./.orchestrator`` (created if missing)."""
    home = Path(os.environ.get("ORCHESTRATOR_HOME") or ".orchestrator").expanduser()
    home.mkdir(parents=True, exist_ok=True)
    return home


def api_base_url() -> str:
    """Base URL of the HTTP API: ``$SEED_API_URL``, else ``http://127.0.0.1:8765``."""
    return (os.environ.get("SEED_API_URL") or DEFAULT_API_URL).rstrip("/")


def database_url() -> str:
    """Warehouse URL: ``$SEED_DATABASE_URL``, else a SQLite file ``seed_warehouse.db`` in the home folder."""
    url = os.environ.get("SEED_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{(home_dir() / 'seed_warehouse.db').resolve()}"


def incoming_dir() -> Path:
    """Folder of incoming files: ``$SEED_INCOMING_DIR``, else ``<home>/incoming`` (created if missing)."""
    configured = os.environ.get("SEED_INCOMING_DIR")
    folder = Path(configured).expanduser() if configured else home_dir() / "incoming"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class ApiResource(ConfigurableResource):
    """The HTTP API the raw assets read from."""

    base_url: str


class DatabaseResource(ConfigurableResource):
    """A SQL database reached through SQLAlchemy."""

    connection_string: str

    def query(self, sql: str) -> list:
        """Run ``sql`` and return its rows as dicts."""
        engine = sqlalchemy.create_engine(self.connection_string)
        with engine.connect() as conn:
            result = conn.execute(sqlalchemy.text(sql))
            return [dict(row._mapping) for row in result]

    def execute(self, sql: str) -> None:
        """Run ``sql`` and commit."""
        engine = sqlalchemy.create_engine(self.connection_string)
        with engine.connect() as conn:
            conn.execute(sqlalchemy.text(sql))
            conn.commit()
