"""``build_schedule_from_partitioned_job``: a schedule that runs the latest partition of a job."""

from collections.abc import Mapping
from typing import Any, Protocol

from ..errors import InvalidDefinitionError
from .context import ScheduleEvaluationContext
from .cron import is_valid_cron_string
from .run_request import DefaultScheduleStatus, RunRequest, SkipReason
from .schedule import ScheduleDefinition
from .schedule_decorator import schedule


class TimeWindowPartitionsLike(Protocol):
    """What the schedule needs from a time-window partitions definition.

    ``cron_schedule`` is the cadence at which partitions end, ``timezone`` the IANA zone
    it is read in, and ``get_last_partition_key(current_time)`` the key of the last
    partition complete at ``current_time`` (None when there is none yet).
    """

    cron_schedule: str
    timezone: str

    def get_last_partition_key(self, current_time: Any) -> str | None: ...


class StaticPartitionsLike(Protocol):
    """A partitions definition with a fixed list of keys."""

    def get_partition_keys(self, current_time: Any = None) -> Any: ...


def _is_time_window(partitions_def: Any) -> bool:
    return isinstance(getattr(partitions_def, "cron_schedule", None), str) and callable(
        getattr(partitions_def, "get_last_partition_key", None)
    )


def _check_range(value: int | None, low: int, high: int, label: str, owner: str) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high
    ):
        raise InvalidDefinitionError(
            f"{label} must be an integer from {low} to {high} for {owner}, got {value!r}"
        )


def _cron_with_overrides(
    cron: str,
    owner: str,
    minute_of_hour: int | None,
    hour_of_day: int | None,
    day_of_week: int | None,
    day_of_month: int | None,
) -> str:
    """The partitions cron with the fields that the given offsets override replaced."""
    fields = cron.split()
    if len(fields) != 5 or not is_valid_cron_string(cron):
        if any(v is not None for v in (minute_of_hour, hour_of_day, day_of_week, day_of_month)):
            raise InvalidDefinitionError(
                f"Cannot apply minute/hour/day overrides to the partitions cron {cron!r} of {owner}"
            )
        return cron
    _check_range(minute_of_hour, 0, 59, "minute_of_hour", owner)
    _check_range(hour_of_day, 0, 23, "hour_of_day", owner)
    _check_range(day_of_week, 0, 6, "day_of_week", owner)
    _check_range(day_of_month, 1, 31, "day_of_month", owner)
    if minute_of_hour is not None:
        fields[0] = str(minute_of_hour)
    if hour_of_day is not None:
        if fields[1] == "*":
            raise InvalidDefinitionError(f"Cannot set hour_of_day for the hourly partitions of {owner}")
        fields[1] = str(hour_of_day)
    if day_of_month is not None:
        if fields[2] == "*":
            raise InvalidDefinitionError(
                f"Cannot set day_of_month unless the partitions of {owner} are monthly"
            )
        fields[2] = str(day_of_month)
    if day_of_week is not None:
        if fields[4] == "*":
            raise InvalidDefinitionError(
                f"Cannot set day_of_week unless the partitions of {owner} are weekly"
            )
        fields[4] = str(day_of_week)
    return " ".join(fields)


def build_schedule_from_partitioned_job(
    job: Any,
    description: str | None = None,
    name: str | None = None,
    minute_of_hour: int | None = None,
    hour_of_day: int | None = None,
    day_of_week: int | None = None,
    day_of_month: int | None = None,
    default_status: DefaultScheduleStatus = DefaultScheduleStatus.STOPPED,
    tags: Mapping[str, str] | None = None,
    cron_schedule: str | None = None,
    execution_timezone: str | None = None,
) -> ScheduleDefinition:
    """A schedule at the cadence of a job's time-window partitions that runs the latest partition.

    ``job`` is any object with ``name`` and ``partitions_def``. For a time-window
    partitions definition (see :class:`TimeWindowPartitionsLike`), the cron is the
    partitions' cron with ``minute_of_hour``/``hour_of_day``/``day_of_week``/
    ``day_of_month`` applied, in the partitions' timezone; each tick requests
    ``RunRequest(run_key=key, partition_key=key)`` for the last partition complete at the
    scheduled time. A statically partitioned job needs ``cron_schedule`` and requests
    every partition on each tick.

    Examples:
        >>> class Daily:
        ...     cron_schedule, timezone = "0 0 * * *", "UTC"
        ...     def get_last_partition_key(self, current_time):
        ...         return (current_time.date() - __import__("datetime").timedelta(days=1)).isoformat()
        >>> class Job:
        ...     name, partitions_def = "daily_etl", Daily()
        >>> s = build_schedule_from_partitioned_job(Job(), hour_of_day=3)
        >>> s.name, s.cron_schedule, s.execution_timezone
        ('daily_etl_schedule', '0 3 * * *', 'UTC')
    """
    job_label = getattr(job, "name", None)
    owner = f"job '{job_label}'"
    if not isinstance(job_label, str):
        raise InvalidDefinitionError(
            f"build_schedule_from_partitioned_job expects a job with a name, got {job!r}"
        )
    if day_of_week is not None and day_of_month is not None:
        raise InvalidDefinitionError(
            f"Cannot provide both day_of_month and day_of_week to build_schedule_from_partitioned_job "
            f"({owner})."
        )
    overrides = (minute_of_hour, hour_of_day, day_of_week, day_of_month)
    if (cron_schedule or execution_timezone) and any(v is not None for v in overrides):
        raise InvalidDefinitionError(
            "Cannot provide both cron_schedule / execution_timezone parameters and day_of_month / "
            f"day_of_week / hour_of_day / minute_of_hour parameters for {owner}."
        )
    partitions_def = getattr(job, "partitions_def", None)
    if partitions_def is None:
        raise InvalidDefinitionError(
            f"Job '{job_label}' provided to build_schedule_from_partitioned_job is not partitioned: "
            "it has no partitions_def."
        )
    schedule_name = name or f"{job_label}_schedule"

    if _is_time_window(partitions_def):
        if cron_schedule or execution_timezone:
            raise InvalidDefinitionError(
                "Cannot provide cron_schedule or execution_timezone to build_schedule_from_partitioned_job "
                f"for the time-partitioned {owner}."
            )
        cron = _cron_with_overrides(partitions_def.cron_schedule, owner, *overrides)
        timezone = getattr(partitions_def, "timezone", None) or "UTC"

        def _latest_partition(context: ScheduleEvaluationContext) -> Any:
            key = partitions_def.get_last_partition_key(context.scheduled_execution_time)
            if key is None:
                return SkipReason("The job's PartitionsDefinition has no partitions")
            return RunRequest(run_key=key, partition_key=key, tags=tags)

        return schedule(
            cron,
            job=job,
            name=schedule_name,
            execution_timezone=timezone,
            description=description,
            default_status=default_status,
        )(_latest_partition)

    if callable(getattr(partitions_def, "get_partition_keys", None)) and cron_schedule:

        def _all_partitions(context: ScheduleEvaluationContext) -> Any:
            keys = partitions_def.get_partition_keys(current_time=context.scheduled_execution_time)
            return [RunRequest(run_key=key, partition_key=key, tags=tags) for key in keys]

        return schedule(
            cron_schedule,
            job=job,
            name=schedule_name,
            execution_timezone=execution_timezone,
            description=description,
            default_status=default_status,
        )(_all_partitions)

    raise InvalidDefinitionError(
        f"Job '{job_label}' provided to build_schedule_from_partitioned_job has no time-window "
        f"partitions definition (got {type(partitions_def).__name__}); pass cron_schedule for a "
        "statically partitioned job."
    )
