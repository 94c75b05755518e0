"""``partitions_def_from_snapshot``: rebuild a partitions definition from its plain-data snapshot."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..errors import InvalidDefinitionError
from ._key_format import get_key_format
from ._time_window_params import TimeWindowFields
from ._zone import get_zone
from .base import PartitionsDefinition
from .dynamic import DynamicPartitionsDefinition
from .multi import MultiPartitionsDefinition
from .schedule_type import is_valid_cron_string
from .static import StaticPartitionsDefinition
from .time_window_subclasses import TIME_WINDOW_CLASSES


def _field(data: Mapping[str, Any], name: str) -> Any:
    try:
        return data[name]
    except KeyError:
        raise InvalidDefinitionError(
            f"Partitions snapshot of type {data.get('type')!r} is missing {name!r}: {dict(data)!r}"
        ) from None


def _instant(data: Mapping[str, Any], name: str) -> float:
    value = _field(data, name)
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidDefinitionError(
            f"Partitions snapshot: {name} {value!r} is not an ISO 8601 datetime"
        ) from None
    if parsed.tzinfo is None:
        raise InvalidDefinitionError(f"Partitions snapshot: {name} {value!r} has no UTC offset")
    return parsed.timestamp()


def partitions_def_from_snapshot(data: Mapping[str, Any]) -> PartitionsDefinition:
    """Rebuild the definition :meth:`PartitionsDefinition.to_snapshot` described.

    The result equals the original (a dynamic definition is rebuilt by name), so keys can be
    computed without the code that defined it.

    Raises:
        InvalidDefinitionError: naming the unknown type or the missing or malformed field.

    Examples:
        >>> from orchestrator._core.partitions import DailyPartitionsDefinition
        >>> daily = DailyPartitionsDefinition(start_date="2026-01-01", timezone="Europe/Paris")
        >>> partitions_def_from_snapshot(daily.to_snapshot()) == daily
        True
    """
    if not isinstance(data, Mapping):
        raise InvalidDefinitionError(f"Partitions snapshot must be a mapping, got {data!r}")
    kind = data.get("type")
    if kind in TIME_WINDOW_CLASSES:
        timezone = _field(data, "timezone")
        try:
            get_zone(timezone)
        except ValueError:
            raise InvalidDefinitionError(f"Partitions snapshot: unknown timezone {timezone!r}") from None
        cron_schedule = _field(data, "cron_schedule")
        if not is_valid_cron_string(cron_schedule):
            raise InvalidDefinitionError(f"Partitions snapshot: invalid cron_schedule {cron_schedule!r}")
        fmt = _field(data, "fmt")
        if not isinstance(fmt, str) or not get_key_format(fmt).valid:
            raise InvalidDefinitionError(f"Partitions snapshot: invalid fmt {fmt!r}")
        fields = TimeWindowFields(
            start_ts=_instant(data, "start"),
            end_ts=None if data.get("end") is None else _instant(data, "end"),
            timezone=timezone,
            fmt=fmt,
            end_offset=int(data.get("end_offset", 0)),
            cron_schedule=cron_schedule,
        )
        return TIME_WINDOW_CLASSES[kind]._from_fields(fields)
    if kind == "StaticPartitionsDefinition":
        return StaticPartitionsDefinition(_field(data, "partition_keys"))
    if kind == "DynamicPartitionsDefinition":
        return DynamicPartitionsDefinition(name=_field(data, "name"))
    if kind == "MultiPartitionsDefinition":
        dims = _field(data, "partitions_defs")
        if not isinstance(dims, Mapping):
            raise InvalidDefinitionError(
                f"Partitions snapshot: partitions_defs must be a mapping, got {dims!r}"
            )
        return MultiPartitionsDefinition(
            {name: partitions_def_from_snapshot(dim) for name, dim in dims.items()}
        )
    raise InvalidDefinitionError(f"Partitions snapshot has unknown type {kind!r}")
