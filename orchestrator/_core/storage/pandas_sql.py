"""``PandasSQLIOManager``: pandas DataFrames stored as SQL tables through SQLAlchemy."""

import hashlib
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from pydantic import ConfigDict, Field
from sqlalchemy.engine import Connection, Engine

from ..errors import InvalidConfigError, InvalidInvocationError
from ..resources.env_var import is_env_var
from .contexts import InputContext, OutputContext
from .io_manager import ConfigurableIOManager
from .locations import default_home_dir

PARTITION_COLUMN = "_partition"
_MAX_IDENTIFIER = 63
_ENGINES: dict[tuple[int, str], Engine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(url: str) -> Engine:
    """A SQLAlchemy engine for ``url``, created once per process and reused.

    Examples:
        >>> get_engine("sqlite://") is get_engine("sqlite://")
        True
    """
    key = (os.getpid(), url)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            parsed = sa.make_url(url)
            if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url, pool_pre_ping=parsed.get_backend_name() != "sqlite")
            _ENGINES[key] = engine
        return engine


def dispose_engines() -> None:
    """Close every cached engine (for tests and shutdown).

    Examples:
        >>> dispose_engines()
    """
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def table_name_for(parts: Sequence[str]) -> str:
    """The table name for asset key parts: joined with ``__``, lower-cased, SQL-safe.

    Characters other than letters, digits and ``_`` become ``_``; names longer than 63
    characters are shortened with a hash suffix.

    Examples:
        >>> table_name_for(["Sales", "daily-orders"])
        'sales__daily_orders'
    """
    name = re.sub(r"[^0-9a-zA-Z_]", "_", "__".join(parts)).lower()
    if len(name) > _MAX_IDENTIFIER:
        digest = hashlib.sha1(name.encode()).hexdigest()[:8]
        name = f"{name[: _MAX_IDENTIFIER - 9]}_{digest}"
    return name


def _lock_key(qualified: str) -> int:
    return int.from_bytes(hashlib.sha1(qualified.encode()).digest()[:8], "big", signed=True)


class PandasSQLIOManager(ConfigurableIOManager):
    """Stores DataFrame outputs as tables in a SQL database (SQLite, PostgreSQL...).

    The table is named after the asset key (parts joined with ``__``, see ``table_name_for``).
    Unpartitioned assets replace the whole table. Partitioned assets get a ``_partition``
    column; writing a partition deletes that partition's rows and inserts the new ones in one
    transaction (the table is created on first write). Loading returns the whole table, or
    the rows of the requested partitions concatenated, without the ``_partition`` column.
    The DataFrame index is not stored (``reset_index()`` first to keep it).

    Args:
        connection_string: SQLAlchemy URL (may be an ``EnvVar``). Defaults to
            ``sqlite:///$ORCHESTRATOR_HOME/warehouse.db`` or ``sqlite:///.orchestrator/warehouse.db``.
        schema: Database schema for the tables (created if missing). Ignored on SQLite. An
            asset's ``schema`` definition metadata overrides it.

    Examples:
        >>> import tempfile, pandas as pd
        >>> from orchestrator._core.storage.contexts import build_input_context, build_output_context
        >>> manager = PandasSQLIOManager(connection_string=f"sqlite:///{tempfile.mkdtemp()}/w.db")
        >>> manager.handle_output(build_output_context(asset_key="users"), pd.DataFrame({"id": [1, 2]}))
        >>> manager.load_input(build_input_context(asset_key="users"))["id"].tolist()
        [1, 2]
    """

    model_config = ConfigDict(populate_by_name=True)

    connection_string: str | None = Field(default=None, description="SQLAlchemy database URL.")
    schema_: str | None = Field(default=None, alias="schema", description="Schema holding the tables.")

    def url(self) -> str:
        """The connection URL in use (environment variables read if not resolved yet)."""
        value = self.connection_string
        if is_env_var(value):
            name = value.env_var_name  # type: ignore[union-attr]
            value = value.get_value()  # type: ignore[union-attr]
            if not value:
                raise InvalidConfigError(
                    f"Environment variable '{name}' used by PandasSQLIOManager "
                    "(field 'connection_string') is not set"
                )
        if value:
            return value
        return f"sqlite:///{default_home_dir() / 'warehouse.db'}"

    def _engine(self) -> Engine:
        return get_engine(self.url())

    def _schema(self, engine: Engine, metadata: dict[str, Any]) -> str | None:
        if engine.dialect.name == "sqlite":
            return None
        schema = metadata.get("schema") or self.schema_
        return str(schema) if schema else None

    def _table(self, key_parts: Sequence[str], metadata: dict[str, Any]) -> str:
        explicit = metadata.get("table") or metadata.get("table_name")
        return str(explicit) if explicit else table_name_for(key_parts)

    @staticmethod
    def _qualified(schema: str | None, table: str) -> str:
        return f"{schema}.{table}" if schema else table

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        asset = (
            context.asset_key.to_user_string() if context.asset_key else f"{context.step_key}.{context.name}"
        )
        if not isinstance(obj, pd.DataFrame):
            raise InvalidInvocationError(
                f"PandasSQLIOManager can only store pandas DataFrames, but the output of '{asset}' is "
                f"{type(obj).__module__}.{type(obj).__qualname__}"
            )
        parts = list(context.asset_key.path) if context.asset_key else [str(context.step_key), context.name]
        engine = self._engine()
        schema = self._schema(engine, context.definition_metadata)
        table = self._table(parts, context.definition_metadata)
        qualified = self._qualified(schema, table)
        keys = context.asset_partition_keys if context.has_asset_partitions else None
        with engine.begin() as conn:
            self._prepare(conn, schema, qualified)
            if keys is None:
                obj.to_sql(table, conn, schema=schema, if_exists="replace", index=False)
            else:
                self._write_partitions(conn, obj, keys, schema, table, asset)
        context.add_output_metadata({"row_count": len(obj), "table_name": qualified})

    def _prepare(self, conn: Connection, schema: str | None, qualified: str) -> None:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _lock_key(qualified)})
        if schema and not sa.inspect(conn).has_schema(schema):
            if conn.dialect.name == "postgresql":
                conn.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _lock_key(f"schema:{schema}")}
                )
            conn.execute(sa.schema.CreateSchema(schema, if_not_exists=True))

    def _write_partitions(
        self, conn: Connection, obj: pd.DataFrame, keys: list[str], schema: str | None, table: str, asset: str
    ) -> None:
        if len(keys) == 1:
            frame = obj.assign(**{PARTITION_COLUMN: keys[0]})
        elif PARTITION_COLUMN in obj.columns:
            unexpected = set(obj[PARTITION_COLUMN].astype(str)) - set(keys)
            if unexpected:
                raise InvalidInvocationError(
                    f"Output of '{asset}' has rows for partitions outside this run: {sorted(unexpected)[:5]}"
                )
            frame = obj
        else:
            raise InvalidInvocationError(
                f"Output of '{asset}' covers {len(keys)} partitions; add a '{PARTITION_COLUMN}' column "
                "saying which partition each row belongs to"
            )
        if sa.inspect(conn).has_table(table, schema=schema):
            stored = sa.Table(table, sa.MetaData(), schema=schema, autoload_with=conn)
            if PARTITION_COLUMN not in stored.c:
                raise InvalidInvocationError(
                    f"Table '{self._qualified(schema, table)}' for '{asset}' has no "
                    f"'{PARTITION_COLUMN}' column (it was written by an unpartitioned asset); "
                    "drop it before storing partitions"
                )
            conn.execute(sa.delete(stored).where(stored.c[PARTITION_COLUMN].in_(keys)))
        frame.to_sql(table, conn, schema=schema, if_exists="append", index=False)

    def load_input(self, context: InputContext) -> pd.DataFrame:
        upstream = context.upstream_output
        if context.asset_key is not None:
            parts = list(context.asset_key.path)
            asset = context.asset_key.to_user_string()
        elif upstream is not None:
            parts = [str(upstream.step_key), upstream.name]
            asset = f"{upstream.step_key}.{upstream.name}"
        else:
            raise InvalidInvocationError(f"Input '{context.name}' has no upstream asset or output to load")
        metadata = {**(upstream.definition_metadata if upstream else {}), **context.definition_metadata}
        engine = self._engine()
        schema = self._schema(engine, metadata)
        table = self._table(parts, metadata)
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table(table, schema=schema):
                raise LookupError(
                    f"No table '{self._qualified(schema, table)}' for asset '{asset}' in {engine.url!r}; "
                    "was it materialized with this IO manager?"
                )
            stored = sa.Table(table, sa.MetaData(), schema=schema, autoload_with=conn)
            query = sa.select(stored)
            if context.has_asset_partitions and PARTITION_COLUMN in stored.c:
                query = query.where(stored.c[PARTITION_COLUMN].in_(context.asset_partition_keys))
            frame = pd.read_sql(query, conn)
        if PARTITION_COLUMN in frame.columns:
            frame = frame.drop(columns=[PARTITION_COLUMN])
        return frame
