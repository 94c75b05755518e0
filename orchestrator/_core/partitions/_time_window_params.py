"""Validation and normalisation of the parameters of time-window partitions definitions."""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Union

from ..errors import InvalidDefinitionError
from ._key_format import get_key_format
from ._zone import Zone, get_zone, wall_from_naive
from .schedule_type import (
    ScheduleType,
    cron_schedule_from_schedule_type_and_offsets,
    is_valid_cron_string,
)

DEFAULT_DATE_FORMAT = "%Y-%m-%d"
DEFAULT_HOURLY_FORMAT_WITHOUT_TIMEZONE = "%Y-%m-%d-%H:%M"

TimeBound = Union[datetime, date, str]


@dataclass(frozen=True)
class TimeWindowFields:
    """The canonical fields every time-window partitions definition is built from."""

    start_ts: float
    end_ts: float | None
    timezone: str
    fmt: str
    end_offset: int
    cron_schedule: str


def _check_int(owner: str, name: str, value: Any, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidDefinitionError(f"{owner}: {name} must be an integer, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise InvalidDefinitionError(f"{owner}: {name} must be between {low} and {high}, got {value!r}")
    return value


def parse_time_bound(owner: str, param: str, value: Any, zone: Zone, fmt: str) -> float:
    """The instant a start or end parameter names.

    Strings are read with ``fmt`` (an ISO 8601 string is also accepted); naive values and
    datetimes are wall-clock times in the definition's timezone (an aware datetime's own tzinfo
    is replaced, keeping its wall-clock fields).
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=zone.tzinfo).timestamp()
    if isinstance(value, date):
        return zone.first_instant(wall_from_naive(datetime.combine(value, time())))
    if not isinstance(value, str):
        raise InvalidDefinitionError(f"{owner}: {param} must be a datetime or a string, got {value!r}")
    try:
        parsed = get_key_format(fmt).parse(value)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidDefinitionError(
                f"{owner}: {param} {value!r} is not a valid date for fmt {fmt!r} (nor ISO 8601)"
            ) from None
    if parsed.tzinfo is not None:
        return parsed.timestamp()
    return zone.first_instant(wall_from_naive(parsed))


def resolve_cron_schedule(
    owner: str,
    schedule_type: ScheduleType | None,
    minute_offset: int | None,
    hour_offset: int | None,
    day_offset: int | None,
    cron_schedule: str | None,
) -> str:
    """The cron string from either ``cron_schedule`` or a schedule type with offsets."""
    if cron_schedule is not None:
        if schedule_type is not None or minute_offset or hour_offset or day_offset:
            raise InvalidDefinitionError(
                f"{owner}: if cron_schedule is provided, schedule_type, minute_offset, hour_offset "
                "and day_offset can't also be provided"
            )
        if not is_valid_cron_string(cron_schedule):
            raise InvalidDefinitionError(f"{owner}: invalid cron_schedule {cron_schedule!r}")
        return cron_schedule
    if schedule_type is None:
        raise InvalidDefinitionError(f"{owner}: one of schedule_type and cron_schedule must be provided")
    if not isinstance(schedule_type, ScheduleType):
        raise InvalidDefinitionError(f"{owner}: schedule_type must be a ScheduleType, got {schedule_type!r}")
    minute = _check_int(owner, "minute_offset", minute_offset or 0, 0, 59)
    hour = _check_int(owner, "hour_offset", hour_offset or 0, 0, 23)
    day: int | None = None
    if schedule_type is ScheduleType.HOURLY and hour:
        raise InvalidDefinitionError(f"{owner}: hour_offset is not allowed for hourly partitions")
    if schedule_type in (ScheduleType.HOURLY, ScheduleType.DAILY) and day_offset:
        raise InvalidDefinitionError(
            f"{owner}: day_offset is not allowed for {schedule_type.value.lower()} partitions"
        )
    if schedule_type is ScheduleType.WEEKLY:
        day = _check_int(owner, "day_offset", day_offset or 0, 0, 6)
    elif schedule_type is ScheduleType.MONTHLY:
        day = _check_int(owner, "day_offset", day_offset if day_offset is not None else 1, 1, 31)
    return cron_schedule_from_schedule_type_and_offsets(schedule_type, minute, hour, day)


def resolve_time_window_fields(
    owner: str,
    *,
    start: Any,
    fmt: Any,
    end: Any,
    timezone: Any,
    end_offset: Any,
    cron_schedule: str,
    start_param: str,
    end_param: str,
    exclusions: Any = None,
) -> TimeWindowFields:
    """Validate constructor arguments, naming the offending parameter in InvalidDefinitionError."""
    if exclusions:
        raise InvalidDefinitionError(f"{owner}: exclusions are not supported")
    if not isinstance(fmt, str) or not fmt:
        raise InvalidDefinitionError(f"{owner}: fmt must be a non-empty strftime format, got {fmt!r}")
    if not get_key_format(fmt).valid:
        raise InvalidDefinitionError(f"{owner}: fmt {fmt!r} is not a strftime format with date directives")
    tz_name = "UTC" if timezone is None else timezone
    try:
        zone = get_zone(tz_name)
    except ValueError:
        raise InvalidDefinitionError(
            f"{owner}: timezone {tz_name!r} is not an IANA timezone name (e.g. 'America/New_York')"
        ) from None
    end_offset = _check_int(owner, "end_offset", end_offset)
    start_ts = parse_time_bound(owner, start_param, start, zone, fmt)
    end_ts = None if end is None or end == "" else parse_time_bound(owner, end_param, end, zone, fmt)
    if end_ts is not None and end_ts <= start_ts:
        raise InvalidDefinitionError(f"{owner}: {end_param} {end!r} must be after {start_param} {start!r}")
    return TimeWindowFields(start_ts, end_ts, tz_name, fmt, end_offset, cron_schedule)
