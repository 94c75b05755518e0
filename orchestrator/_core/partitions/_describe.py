"""Short descriptions and snapshot type names of time-window partitions definitions."""

from typing import TYPE_CHECKING

from ._time_window_params import DEFAULT_DATE_FORMAT, DEFAULT_HOURLY_FORMAT_WITHOUT_TIMEZONE
from .schedule_type import ScheduleType

if TYPE_CHECKING:
    from .time_window import TimeWindowPartitionsDefinition

_CADENCE_CLASSES = {
    "HourlyPartitionsDefinition": ScheduleType.HOURLY,
    "DailyPartitionsDefinition": ScheduleType.DAILY,
    "WeeklyPartitionsDefinition": ScheduleType.WEEKLY,
    "MonthlyPartitionsDefinition": ScheduleType.MONTHLY,
}


def snapshot_type_name(partitions_def: "TimeWindowPartitionsDefinition") -> str:
    """The built-in class a definition is (or derives from), as stored in snapshots."""
    for cls in type(partitions_def).__mro__:
        builtin = cls.__name__ in _CADENCE_CLASSES or cls.__name__ == "TimeWindowPartitionsDefinition"
        if builtin and cls.__module__.startswith(__package__ or ""):
            return cls.__name__
    return "TimeWindowPartitionsDefinition"


def describe_time_window(partitions_def: "TimeWindowPartitionsDefinition") -> str:
    """E.g. ``DailyPartitionsDefinition(start_date=2026-01-01, timezone=Europe/Paris)``."""
    d = partitions_def
    name = type(d).__name__
    base = snapshot_type_name(d)
    cadence = _CADENCE_CLASSES.get(base)
    fmt_out = d._grid.fmt.format_datetime
    parts: list[str] = []
    if cadence is not None and d.schedule_type is cadence:
        parts.append(f"start_date={fmt_out(d.start)}")
        if d.end is not None:
            parts.append(f"end_date={fmt_out(d.end)}")
        if d.minute_offset:
            parts.append(f"minute_offset={d.minute_offset}")
        if cadence is not ScheduleType.HOURLY and d.hour_offset:
            parts.append(f"hour_offset={d.hour_offset}")
        if cadence is ScheduleType.WEEKLY and d.day_offset:
            parts.append(f"day_offset={d.day_offset}")
        if cadence is ScheduleType.MONTHLY and d.day_offset != 1:
            parts.append(f"day_offset={d.day_offset}")
        default_fmt = (
            DEFAULT_HOURLY_FORMAT_WITHOUT_TIMEZONE if cadence is ScheduleType.HOURLY else DEFAULT_DATE_FORMAT
        )
    else:
        parts.append(f"start={fmt_out(d.start)}")
        if d.end is not None:
            parts.append(f"end={fmt_out(d.end)}")
        parts.append(f"cron_schedule={d.cron_schedule!r}")
        default_fmt = ""
    if d.fmt != default_fmt:
        parts.append(f"fmt={d.fmt!r}")
    if d.timezone != "UTC":
        parts.append(f"timezone={d.timezone}")
    if d.end_offset:
        parts.append(f"end_offset={d.end_offset}")
    return f"{name}({', '.join(parts)})"
