"""Properties of time-window partitions definitions derived from their cron schedule."""

import re

from ..errors import InvalidInvocationError
from .schedule_type import ScheduleType, cron_schedule_from_schedule_type_and_offsets


class CronScheduleMixin:
    """Cadence, offsets and derived cron strings of a definition with a ``cron_schedule``.

    Examples:
        >>> from orchestrator._core.partitions import DailyPartitionsDefinition
        >>> daily = DailyPartitionsDefinition("2026-01-01", hour_offset=6)
        >>> daily.schedule_type, daily.hour_offset, daily.get_cron_schedule(hour_of_day=8)
        (<ScheduleType.DAILY: 'DAILY'>, 6, '0 8 * * *')
    """

    cron_schedule: str

    @property
    def schedule_type(self) -> ScheduleType | None:
        """HOURLY, DAILY, WEEKLY or MONTHLY when the cron string has that shape, else None."""
        cron = self.cron_schedule
        if re.fullmatch(r"\d+ \* \* \* \*", cron):
            return ScheduleType.HOURLY
        if re.fullmatch(r"\d+ \d+ \* \* \*", cron):
            return ScheduleType.DAILY
        if re.fullmatch(r"\d+ \d+ \* \* \d+", cron):
            return ScheduleType.WEEKLY
        if re.fullmatch(r"\d+ \d+ \d+ \* \*", cron):
            return ScheduleType.MONTHLY
        return None

    def _cron_field(self, index: int, what: str) -> int:
        parts = self.cron_schedule.split()
        if len(parts) != 5 or not parts[index].isdigit():
            raise InvalidInvocationError(f"cron schedule {self.cron_schedule!r} has no {what}")
        return int(parts[index])

    @property
    def minute_offset(self) -> int:
        """Minutes past the hour at which windows start."""
        return self._cron_field(0, "minute offset")

    @property
    def hour_offset(self) -> int:
        """Hour of the day at which windows start."""
        return self._cron_field(1, "hour offset")

    @property
    def day_offset(self) -> int:
        """Weekday (0 = Sunday) of weekly or day of month of monthly windows."""
        if self.schedule_type is ScheduleType.WEEKLY:
            return self._cron_field(4, "day offset")
        if self.schedule_type is ScheduleType.MONTHLY:
            return self._cron_field(2, "day offset")
        raise InvalidInvocationError(f"cron schedule {self.cron_schedule!r} has no day offset")

    @property
    def is_basic_daily(self) -> bool:
        return self.cron_schedule == "0 0 * * *"

    @property
    def is_basic_hourly(self) -> bool:
        return self.cron_schedule == "0 * * * *"

    def get_cron_schedule(
        self,
        minute_of_hour: int | None = None,
        hour_of_day: int | None = None,
        day_of_week: int | None = None,
        day_of_month: int | None = None,
    ) -> str:
        """The cadence's cron string, with the minute/hour/day optionally replaced.

        Useful to run a schedule for the partitions at a different time than windows start.
        """
        if minute_of_hour is None and hour_of_day is None and day_of_week is None and day_of_month is None:
            return self.cron_schedule
        schedule_type = self.schedule_type
        if schedule_type is None:
            raise InvalidInvocationError(
                f"{self.cron_schedule!r} does not support minute_of_hour/hour_of_day/day_of_week/"
                "day_of_month arguments"
            )
        minute = self.minute_offset if minute_of_hour is None else minute_of_hour
        if schedule_type is ScheduleType.HOURLY:
            if hour_of_day is not None:
                raise InvalidInvocationError("Cannot set hour parameter with hourly partitions.")
            hour = 0
        else:
            hour = self.hour_offset if hour_of_day is None else hour_of_day
        if schedule_type is ScheduleType.DAILY and (day_of_week is not None or day_of_month is not None):
            raise InvalidInvocationError("Cannot set day parameters with daily partitions.")
        day: int = 0
        if schedule_type is ScheduleType.MONTHLY:
            day = day_of_month if day_of_month is not None else (self.day_offset or 1)
        elif schedule_type is ScheduleType.WEEKLY:
            day = day_of_week if day_of_week is not None else self.day_offset
        return cron_schedule_from_schedule_type_and_offsets(schedule_type, minute, hour, day)
