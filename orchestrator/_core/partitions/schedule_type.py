"""``ScheduleType`` and the cron strings of the standard partition cadences."""

from datetime import datetime
from enum import Enum

from croniter import croniter


class ScheduleType(Enum):
    """Cadence of a time-window partitions definition.

    Examples:
        >>> ScheduleType.DAILY < ScheduleType.MONTHLY
        True
    """

    HOURLY = "HOURLY"
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"

    @property
    def ordinal(self) -> int:
        """1 for hourly up to 4 for monthly."""
        return {"HOURLY": 1, "DAILY": 2, "WEEKLY": 3, "MONTHLY": 4}[self.value]

    def __gt__(self, other: "ScheduleType") -> bool:
        if not isinstance(other, ScheduleType):
            return NotImplemented
        return self.ordinal > other.ordinal

    def __lt__(self, other: "ScheduleType") -> bool:
        if not isinstance(other, ScheduleType):
            return NotImplemented
        return self.ordinal < other.ordinal


def cron_schedule_from_schedule_type_and_offsets(
    schedule_type: ScheduleType,
    minute_offset: int,
    hour_offset: int,
    day_offset: int | None,
) -> str:
    """The cron string of a standard cadence with its offsets.

    Examples:
        >>> cron_schedule_from_schedule_type_and_offsets(ScheduleType.WEEKLY, 15, 3, 1)
        '15 3 * * 1'
    """
    if schedule_type is ScheduleType.HOURLY:
        return f"{minute_offset} * * * *"
    if schedule_type is ScheduleType.DAILY:
        return f"{minute_offset} {hour_offset} * * *"
    if schedule_type is ScheduleType.WEEKLY:
        return f"{minute_offset} {hour_offset} * * {day_offset if day_offset is not None else 0}"
    if schedule_type is ScheduleType.MONTHLY:
        return f"{minute_offset} {hour_offset} {day_offset if day_offset is not None else 1} * *"
    raise ValueError(f"unknown schedule type {schedule_type!r}")


def is_valid_cron_string(cron_string: str) -> bool:
    """Whether ``cron_string`` is a five-field cron expression that fires at least once a year.

    Examples:
        >>> is_valid_cron_string("0 0 * * *"), is_valid_cron_string("0 0 30 2 *")
        (True, False)
    """
    if not isinstance(cron_string, str):
        return False
    try:
        if not croniter.is_valid(cron_string):
            return False
        expanded = croniter.expand(cron_string)[0]
        croniter(cron_string, datetime(2000, 1, 1)).get_next(datetime)
    except Exception:
        return False
    if len(expanded) != 5:
        return False
    days, months = expanded[2], expanded[3]
    return not (months == [2] and all(d in (30, 31) for d in days if d != "*") and "*" not in days)


def cron_repeats_every_hour(cron_string: str) -> bool:
    """Whether the hour field is ``*`` (such schedules fire on both sides of a DST fold).

    Examples:
        >>> cron_repeats_every_hour("15 * * * *"), cron_repeats_every_hour("0 6 * * *")
        (True, False)
    """
    return croniter.expand(cron_string)[0][1] == ["*"]
