"""Metadata values attached to assets, materializations and check results."""

import builtins
import json
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .asset_key import AssetKey


@dataclass(frozen=True)
class TableColumn:
    """One column of a :class:`TableSchema`."""

    name: str
    type: str = "string"
    description: str | None = None


@dataclass(frozen=True)
class TableSchema:
    """Column names and types of a table, e.g. a DataFrame an asset returned.

    Examples:
        >>> TableSchema(columns=[TableColumn("id", "int64")]).columns[0].name
        'id'
    """

    columns: Sequence[TableColumn] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": [{"name": c.name, "type": c.type, "description": c.description} for c in self.columns]
        }


@dataclass(frozen=True)
class TableRecord:
    """One row of a :class:`MetadataValue.table` value."""

    data: Mapping[str, Any]


@dataclass(frozen=True)
class MetadataValue:
    """A typed metadata value. Build one with the static constructors.

    Plain Python values are accepted wherever metadata is and are wrapped by type:
    ``str`` -> text, ``int`` -> int, ``float`` -> float, ``bool`` -> bool,
    ``dict``/``list`` -> json, ``None`` -> null.

    Examples:
        >>> MetadataValue.int(3).to_json()
        {'type': 'int', 'value': 3}
        >>> MetadataValue.md("# Title").type
        'md'
    """

    type: str
    value: Any

    @staticmethod
    def text(text: str) -> "MetadataValue":
        return MetadataValue("text", str(text))

    @staticmethod
    def int(value: int) -> "MetadataValue":
        return MetadataValue("int", int(value))

    @staticmethod
    def float(value: float) -> "MetadataValue":
        return MetadataValue("float", float(value))

    @staticmethod
    def bool(value: bool) -> "MetadataValue":
        return MetadataValue("bool", bool(value))

    @staticmethod
    def json(data: Any) -> "MetadataValue":
        json.dumps(data)  # fail now, not when stored
        return MetadataValue("json", data)

    @staticmethod
    def md(md_str: str) -> "MetadataValue":
        return MetadataValue("md", str(md_str))

    @staticmethod
    def url(url: str) -> "MetadataValue":
        return MetadataValue("url", str(url))

    @staticmethod
    def path(path: "str | os.PathLike[str]") -> "MetadataValue":
        return MetadataValue("path", os.fspath(path))

    @staticmethod
    def notebook(path: str) -> "MetadataValue":
        return MetadataValue("notebook", os.fspath(path))

    @staticmethod
    def python_artifact(python_artifact: Any) -> "MetadataValue":
        return MetadataValue(
            "python_artifact",
            {"module": python_artifact.__module__, "name": python_artifact.__name__},
        )

    @staticmethod
    def timestamp(value: "builtins.float | Any") -> "MetadataValue":
        if hasattr(value, "timestamp"):
            value = value.timestamp()
        return MetadataValue("timestamp", float(value))

    @staticmethod
    def asset(asset_key: AssetKey) -> "MetadataValue":
        return MetadataValue("asset", asset_key.to_user_string())

    @staticmethod
    def null() -> "MetadataValue":
        return MetadataValue("null", None)

    @staticmethod
    def table(records: Sequence[TableRecord], schema: TableSchema | None = None) -> "MetadataValue":
        rows = [dict(r.data) if isinstance(r, TableRecord) else dict(r) for r in records]
        return MetadataValue("table", {"records": rows, "schema": schema.to_dict() if schema else None})

    @staticmethod
    def table_schema(schema: TableSchema) -> "MetadataValue":
        return MetadataValue("table_schema", schema.to_dict())

    def to_json(self) -> dict[str, Any]:
        """Plain, JSON-serialisable form: ``{"type": ..., "value": ...}``."""
        value = self.value
        if isinstance(value, float) and not math.isfinite(value):
            value = str(value)
        return {"type": self.type, "value": value}


# Dagster spells the class both ways in user code.
MetadataEntry = MetadataValue
TextMetadataValue = IntMetadataValue = FloatMetadataValue = MetadataValue


def to_metadata_value(value: Any) -> MetadataValue:
    """Wrap a plain value as a :class:`MetadataValue` by its type."""
    if isinstance(value, MetadataValue):
        return value
    if isinstance(value, bool):
        return MetadataValue.bool(value)
    if isinstance(value, int):
        return MetadataValue.int(value)
    if isinstance(value, float):
        return MetadataValue.float(value)
    if isinstance(value, str):
        return MetadataValue.text(value)
    if value is None:
        return MetadataValue.null()
    if isinstance(value, TableSchema):
        return MetadataValue.table_schema(value)
    if isinstance(value, AssetKey):
        return MetadataValue.asset(value)
    if isinstance(value, os.PathLike):
        return MetadataValue.path(value)
    if isinstance(value, (dict, list, tuple)):
        return MetadataValue.json(value)
    raise TypeError(
        f"Metadata value {value!r} of type {type(value).__name__} is not supported: "
        "use a str, number, bool, dict, list or a MetadataValue"
    )


def normalize_metadata(metadata: Mapping[str, Any] | None) -> dict[str, MetadataValue]:
    """Wrap every value of a user metadata mapping; raise naming the offending key."""
    if not metadata:
        return {}
    out: dict[str, MetadataValue] = {}
    for key, value in metadata.items():
        try:
            out[str(key)] = to_metadata_value(value)
        except TypeError as exc:
            raise TypeError(f"Metadata entry {key!r}: {exc}") from None
    return out


def metadata_to_json(metadata: Mapping[str, MetadataValue]) -> dict[str, dict[str, Any]]:
    """The JSON form of normalized metadata, as stored and served."""
    return {k: v.to_json() for k, v in metadata.items()}


def metadata_from_json(data: Mapping[str, Mapping[str, Any]]) -> dict[str, MetadataValue]:
    return {k: MetadataValue(v["type"], v["value"]) for k, v in data.items()}


def dataframe_metadata(df: Any) -> dict[str, MetadataValue]:
    """Row count and column schema of a pandas DataFrame, added to its materialization."""
    columns = [TableColumn(name=str(name), type=str(dtype)) for name, dtype in df.dtypes.items()]
    return {
        "dagster/row_count": MetadataValue.int(len(df)),
        "dagster/column_schema": MetadataValue.table_schema(TableSchema(columns=columns)),
    }
