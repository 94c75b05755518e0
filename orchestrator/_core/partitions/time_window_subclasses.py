"""Hourly, daily, weekly and monthly partitions definitions."""

from collections.abc import Sequence
from datetime import datetime
from typing import Union

from ._time_window_params import DEFAULT_DATE_FORMAT, DEFAULT_HOURLY_FORMAT_WITHOUT_TIMEZONE, TimeBound
from .schedule_type import ScheduleType
from .time_window import TimeWindowPartitionsDefinition

Exclusions = Sequence[Union[str, datetime]] | None


class HourlyPartitionsDefinition(TimeWindowPartitionsDefinition):
    """A set of hourly partitions.

    The first partition starts at the first hour boundary (plus ``minute_offset``) at or after
    ``start_date``; the last one ends before the current time unless ``end_offset`` is set.

    Args:
        start_date: First hour of the set, as a datetime or a string in ``fmt``
            (e.g. "2026-01-01-00:00").
        end_date: Exclusive end of the set. Default: none.
        minute_offset: Minutes past the hour at which partitions start. Default 0.
        timezone: IANA timezone name. Default "UTC".
        fmt: Key format. Default "%Y-%m-%d-%H:%M". Without a UTC offset in the format, the
            second of two hours sharing a wall-clock time at a DST change gets the offset appended.
        end_offset: Partitions to add after (negative: remove before) the last complete one.
        exclusions: Not supported; must be empty.

    Examples:
        >>> from datetime import datetime, timezone
        >>> hourly = HourlyPartitionsDefinition(start_date="2026-01-01-00:00")
        >>> hourly.get_partition_keys(datetime(2026, 1, 1, 2, 30, tzinfo=timezone.utc))
        ['2026-01-01-00:00', '2026-01-01-01:00']
    """

    start_param = "start_date"
    end_param = "end_date"

    def __init__(
        self,
        start_date: TimeBound,
        end_date: TimeBound | None = None,
        minute_offset: int = 0,
        timezone: str | None = None,
        fmt: str | None = None,
        end_offset: int = 0,
        exclusions: Exclusions = None,
    ):
        super().__init__(
            start=start_date,
            fmt=fmt or DEFAULT_HOURLY_FORMAT_WITHOUT_TIMEZONE,
            end=end_date,
            schedule_type=ScheduleType.HOURLY,
            timezone=timezone,
            end_offset=end_offset,
            minute_offset=minute_offset,
            exclusions=exclusions,
        )


class DailyPartitionsDefinition(TimeWindowPartitionsDefinition):
    """A set of daily partitions.

    Each partition runs from ``hour_offset:minute_offset`` on one day to the same time the next
    day; the last one ends before the current time unless ``end_offset`` is set.

    Args:
        start_date: First day of the set, as a datetime or a string in ``fmt``.
        end_date: Exclusive end of the set. Default: none.
        minute_offset: Minutes past the hour at which partitions start. Default 0.
        hour_offset: Hour of the day at which partitions start. Default 0.
        timezone: IANA timezone name. Default "UTC".
        fmt: Key format. Default "%Y-%m-%d".
        end_offset: Partitions to add after (negative: remove before) the last complete one.
        exclusions: Not supported; must be empty.

    Examples:
        >>> from datetime import datetime, timezone
        >>> daily = DailyPartitionsDefinition(start_date="2026-01-01")
        >>> daily.get_partition_keys(datetime(2026, 1, 4, 1, tzinfo=timezone.utc))
        ['2026-01-01', '2026-01-02', '2026-01-03']
    """

    start_param = "start_date"
    end_param = "end_date"

    def __init__(
        self,
        start_date: TimeBound,
        end_date: TimeBound | None = None,
        minute_offset: int = 0,
        hour_offset: int = 0,
        timezone: str | None = None,
        fmt: str | None = None,
        end_offset: int = 0,
        exclusions: Exclusions = None,
    ):
        super().__init__(
            start=start_date,
            fmt=fmt or DEFAULT_DATE_FORMAT,
            end=end_date,
            schedule_type=ScheduleType.DAILY,
            timezone=timezone,
            end_offset=end_offset,
            minute_offset=minute_offset,
            hour_offset=hour_offset,
            exclusions=exclusions,
        )


class WeeklyPartitionsDefinition(TimeWindowPartitionsDefinition):
    """A set of weekly partitions.

    Each partition starts on weekday ``day_offset`` (0 = Sunday) at ``hour_offset:minute_offset``;
    the first one is the first such time at or after ``start_date``.

    Args:
        start_date: Start of the set, as a datetime or a string in ``fmt``.
        end_date: Exclusive end of the set. Default: none.
        minute_offset: Minutes past the hour at which partitions start. Default 0.
        hour_offset: Hour of the day at which partitions start. Default 0.
        day_offset: Weekday at which partitions start, 0 (Sunday) to 6 (Saturday). Default 0.
        timezone: IANA timezone name. Default "UTC".
        fmt: Key format. Default "%Y-%m-%d".
        end_offset: Partitions to add after (negative: remove before) the last complete one.
        exclusions: Not supported; must be empty.

    Examples:
        >>> from datetime import datetime, timezone
        >>> weekly = WeeklyPartitionsDefinition(start_date="2026-01-01")  # a Thursday
        >>> weekly.get_partition_keys(datetime(2026, 1, 20, tzinfo=timezone.utc))
        ['2026-01-04', '2026-01-11']
    """

    start_param = "start_date"
    end_param = "end_date"

    def __init__(
        self,
        start_date: TimeBound,
        end_date: TimeBound | None = None,
        minute_offset: int = 0,
        hour_offset: int = 0,
        day_offset: int = 0,
        timezone: str | None = None,
        fmt: str | None = None,
        end_offset: int = 0,
        exclusions: Exclusions = None,
    ):
        super().__init__(
            start=start_date,
            fmt=fmt or DEFAULT_DATE_FORMAT,
            end=end_date,
            schedule_type=ScheduleType.WEEKLY,
            timezone=timezone,
            end_offset=end_offset,
            minute_offset=minute_offset,
            hour_offset=hour_offset,
            day_offset=day_offset,
            exclusions=exclusions,
        )


class MonthlyPartitionsDefinition(TimeWindowPartitionsDefinition):
    """A set of monthly partitions.

    Each partition starts on day ``day_offset`` of a month at ``hour_offset:minute_offset``; the
    first one is the first such time at or after ``start_date``. With a ``day_offset`` above 28,
    months without that day have no boundary (as in cron).

    Args:
        start_date: Start of the set, as a datetime or a string in ``fmt``.
        end_date: Exclusive end of the set. Default: none.
        minute_offset: Minutes past the hour at which partitions start. Default 0.
        hour_offset: Hour of the day at which partitions start. Default 0.
        day_offset: Day of the month at which partitions start, 1 to 31. Default 1.
        timezone: IANA timezone name. Default "UTC".
        fmt: Key format. Default "%Y-%m-%d".
        end_offset: Partitions to add after (negative: remove before) the last complete one.
        exclusions: Not supported; must be empty.

    Examples:
        >>> from datetime import datetime, timezone
        >>> monthly = MonthlyPartitionsDefinition(start_date="2026-01-15")
        >>> monthly.get_partition_keys(datetime(2026, 4, 2, tzinfo=timezone.utc))
        ['2026-02-01', '2026-03-01']
    """

    start_param = "start_date"
    end_param = "end_date"

    def __init__(
        self,
        start_date: TimeBound,
        end_date: TimeBound | None = None,
        minute_offset: int = 0,
        hour_offset: int = 0,
        day_offset: int = 1,
        timezone: str | None = None,
        fmt: str | None = None,
        end_offset: int = 0,
        exclusions: Exclusions = None,
    ):
        super().__init__(
            start=start_date,
            fmt=fmt or DEFAULT_DATE_FORMAT,
            end=end_date,
            schedule_type=ScheduleType.MONTHLY,
            timezone=timezone,
            end_offset=end_offset,
            minute_offset=minute_offset,
            hour_offset=hour_offset,
            day_offset=day_offset,
            exclusions=exclusions,
        )


TIME_WINDOW_CLASSES: dict[str, type[TimeWindowPartitionsDefinition]] = {
    cls.__name__: cls
    for cls in (
        TimeWindowPartitionsDefinition,
        HourlyPartitionsDefinition,
        DailyPartitionsDefinition,
        WeeklyPartitionsDefinition,
        MonthlyPartitionsDefinition,
    )
}
