"""Evaluation contexts handed to schedule and sensor functions, and their builders."""

import logging
import sys
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, TypeAlias

from ..errors import InvalidInvocationError
from .results import CapturedLogRecord

LoggerLike: TypeAlias = logging.Logger | logging.LoggerAdapter  # type: ignore[type-arg]
"""What a context accepts as its log: a logger or a logger adapter."""


class CapturingLogger(logging.LoggerAdapter):  # type: ignore[type-arg]
    """A ``logging.Logger``-like object that forwards to a logger and keeps a copy of each record.

    Records at or above ``capture_level`` are kept in ``records`` whatever the level of
    the underlying logger, so a daemon can store what a tick logged.

    Examples:
        >>> log = CapturingLogger(logging.getLogger("orchestrator.sensor"))
        >>> log.info("saw %d files", 3)
        >>> [r.message for r in log.records]
        ['saw 3 files']
    """

    def __init__(self, logger: LoggerLike, capture_level: int = logging.INFO):
        super().__init__(logger, {})
        self.records: list[CapturedLogRecord] = []
        self.capture_level = capture_level

    def log(self, level: int, msg: Any, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        if not isinstance(level, int):
            raise TypeError("level must be an integer")
        if level >= self.capture_level:
            exc_info = kwargs.get("exc_info")
            if exc_info is True or (exc_info and not isinstance(exc_info, (tuple, BaseException))):
                exc_info = sys.exc_info()
            elif isinstance(exc_info, BaseException):
                exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
            record = logging.LogRecord(
                self.logger.name, level, "", 0, msg, args, exc_info if exc_info else None
            )
            try:
                self.records.append(CapturedLogRecord.from_record(record))
            except Exception:
                self.records.append(
                    CapturedLogRecord(
                        level=logging.getLevelName(level),
                        levelno=level,
                        message=str(msg),
                        created=record.created,
                        logger_name=self.logger.name,
                    )
                )
        if self.logger.isEnabledFor(level):
            kwargs["stacklevel"] = kwargs.get("stacklevel", 1) + 1
            self.logger.log(level, msg, *args, **kwargs)


class ResourcesView:
    """Attribute access over the resources given to a context (``context.resources.db``).

    Examples:
        >>> resources = ResourcesView({"db": "sqlite://"})
        >>> resources.db
        'sqlite://'
        >>> "db" in resources
        True
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any] | None = None):
        object.__setattr__(self, "_values", dict(values or {}))

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        raise AttributeError(f"No resource '{name}' was provided; available: {sorted(values)}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Resources are read-only")

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"ResourcesView({sorted(self._values)})"

    @property
    def original_resource_dict(self) -> Mapping[str, Any]:
        """The resources as a plain mapping."""
        return dict(self._values)

    def _asdict(self) -> dict[str, Any]:
        return dict(self._values)


class _EvaluationContext:
    """What schedule and sensor contexts share: instance, resources, repository and log."""

    _default_logger_name = "orchestrator"

    def __init__(
        self,
        *,
        instance_ref: Any,
        instance: Any,
        repository_name: str | None,
        repository_def: Any,
        resources: Mapping[str, Any] | None,
        log_key: list[str] | None,
        log: LoggerLike | None,
    ):
        self._instance_ref = instance_ref
        self._instance = instance
        self._repository_name = repository_name
        self._repository_def = repository_def
        self._resource_defs: dict[str, Any] = dict(resources or {})
        self._resources = ResourcesView(self._resource_defs)
        self._log_key = log_key
        self._base_logger = log
        self._logger: CapturingLogger | None = None

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    @property
    def instance(self) -> Any:
        """The instance the tick runs against (storage of runs and events)."""
        if self._instance is None:
            raise InvalidInvocationError(
                "This context has no instance: pass instance= to build_sensor_context or "
                "build_schedule_context."
            )
        return self._instance

    @property
    def instance_ref(self) -> Any:
        """A reference to the instance, when one was given."""
        return self._instance_ref

    @property
    def resources(self) -> ResourcesView:
        """The resources available to the function, by attribute."""
        return self._resources

    @property
    def resource_defs(self) -> Mapping[str, Any]:
        """The resources as given to the context."""
        return dict(self._resource_defs)

    @property
    def repository_name(self) -> str | None:
        """The name of the repository (code location) the definition belongs to."""
        return self._repository_name

    @property
    def repository_def(self) -> Any:
        """The ``Definitions``/repository the definition belongs to, when given."""
        return self._repository_def

    @property
    def log_key(self) -> list[str] | None:
        return self._log_key

    @property
    def log(self) -> CapturingLogger:
        """A logger whose records are kept in the tick result."""
        if self._logger is None:
            base = self._base_logger or logging.getLogger(self._default_logger_name)
            self._logger = base if isinstance(base, CapturingLogger) else CapturingLogger(base)
        return self._logger

    def _log_mark(self) -> int:
        return len(self.log.records)

    def _records_since(self, mark: int) -> list[CapturedLogRecord]:
        return list(self.log.records[mark:])


class ScheduleEvaluationContext(_EvaluationContext):
    """The context passed to a schedule function; build one with :func:`build_schedule_context`.

    Examples:
        >>> from datetime import datetime, timezone
        >>> ctx = ScheduleEvaluationContext(None, datetime(2024, 1, 1, tzinfo=timezone.utc))
        >>> ctx.scheduled_execution_time.year
        2024
    """

    _default_logger_name = "orchestrator.schedule"

    def __init__(
        self,
        instance_ref: Any = None,
        scheduled_execution_time: datetime | None = None,
        log_key: list[str] | None = None,
        repository_name: str | None = None,
        schedule_name: str | None = None,
        resources: Mapping[str, Any] | None = None,
        repository_def: Any = None,
        instance: Any = None,
        log: LoggerLike | None = None,
    ):
        if scheduled_execution_time is not None and not isinstance(scheduled_execution_time, datetime):
            raise InvalidInvocationError(
                f"scheduled_execution_time must be a datetime, got {scheduled_execution_time!r}"
            )
        super().__init__(
            instance_ref=instance_ref,
            instance=instance,
            repository_name=repository_name,
            repository_def=repository_def,
            resources=resources,
            log_key=log_key,
            log=log,
        )
        self._scheduled_execution_time = scheduled_execution_time
        self._schedule_name = schedule_name

    @property
    def scheduled_execution_time(self) -> datetime:
        """When the tick was scheduled, in the schedule's execution timezone."""
        if self._scheduled_execution_time is None:
            raise InvalidInvocationError(
                "Attempting to access scheduled_execution_time, but no scheduled_execution_time "
                "was set on this context"
            )
        return self._scheduled_execution_time

    @property
    def schedule_name(self) -> str | None:
        return self._schedule_name

    def merge_resources(self, resources_dict: Mapping[str, Any]) -> "ScheduleEvaluationContext":
        """A copy of this context with ``resources_dict`` added to its resources."""
        return ScheduleEvaluationContext(
            instance_ref=self._instance_ref,
            scheduled_execution_time=self._scheduled_execution_time,
            log_key=self._log_key,
            repository_name=self._repository_name,
            schedule_name=self._schedule_name,
            resources={**self._resource_defs, **resources_dict},
            repository_def=self._repository_def,
            instance=self._instance,
            log=self._logger or self._base_logger,
        )


class SensorEvaluationContext(_EvaluationContext):
    """The context passed to a sensor function; build one with :func:`build_sensor_context`.

    Examples:
        >>> ctx = SensorEvaluationContext(cursor="3")
        >>> ctx.update_cursor("4")
        >>> (ctx.cursor, ctx.cursor_updated)
        ('4', True)
    """

    _default_logger_name = "orchestrator.sensor"

    def __init__(
        self,
        instance_ref: Any = None,
        last_tick_completion_time: float | None = None,
        last_run_key: str | None = None,
        cursor: str | None = None,
        log_key: list[str] | None = None,
        repository_name: str | None = None,
        repository_def: Any = None,
        instance: Any = None,
        sensor_name: str | None = None,
        resources: Mapping[str, Any] | None = None,
        definitions: Any = None,
        last_sensor_start_time: float | None = None,
        code_location_origin: Any = None,
        last_completion_time: float | None = None,
        log: LoggerLike | None = None,
    ):
        if cursor is not None and not isinstance(cursor, str):
            raise InvalidInvocationError(f"A sensor cursor must be a string, got {cursor!r}")
        super().__init__(
            instance_ref=instance_ref,
            instance=instance,
            repository_name=repository_name,
            repository_def=repository_def if repository_def is not None else definitions,
            resources=resources,
            log_key=log_key,
            log=log,
        )
        self._last_tick_completion_time = (
            last_tick_completion_time if last_tick_completion_time is not None else last_completion_time
        )
        self._last_run_key = last_run_key
        self._cursor = cursor
        self._cursor_updated = False
        self._sensor_name = sensor_name
        self._last_sensor_start_time = last_sensor_start_time
        self._code_location_origin = code_location_origin

    @property
    def cursor(self) -> str | None:
        """The cursor stored by the previous tick (or set by :meth:`update_cursor`)."""
        return self._cursor

    def update_cursor(self, cursor: str | None) -> None:
        """Set the cursor the next tick will see."""
        if cursor is not None and not isinstance(cursor, str):
            raise InvalidInvocationError(f"A sensor cursor must be a string, got {cursor!r}")
        self._cursor = cursor
        self._cursor_updated = True

    @property
    def cursor_updated(self) -> bool:
        """Whether :meth:`update_cursor` was called on this context."""
        return self._cursor_updated

    @property
    def last_run_key(self) -> str | None:
        return self._last_run_key

    @property
    def last_tick_completion_time(self) -> float | None:
        """When the previous tick completed (UTC timestamp)."""
        return self._last_tick_completion_time

    @property
    def last_completion_time(self) -> float | None:
        """Alias of :attr:`last_tick_completion_time`."""
        return self._last_tick_completion_time

    @property
    def last_sensor_start_time(self) -> float | None:
        """When the sensor was last started (UTC timestamp)."""
        return self._last_sensor_start_time

    @property
    def is_first_tick_since_sensor_start(self) -> bool:
        return not self._last_tick_completion_time or (
            self._last_sensor_start_time is not None
            and self._last_sensor_start_time > self._last_tick_completion_time
        )

    @property
    def sensor_name(self) -> str | None:
        return self._sensor_name

    @property
    def code_location_origin(self) -> Any:
        return self._code_location_origin

    def merge_resources(self, resources_dict: Mapping[str, Any]) -> "SensorEvaluationContext":
        """A copy of this context with ``resources_dict`` added to its resources."""
        merged = SensorEvaluationContext(
            instance_ref=self._instance_ref,
            last_tick_completion_time=self._last_tick_completion_time,
            last_run_key=self._last_run_key,
            cursor=self._cursor,
            log_key=self._log_key,
            repository_name=self._repository_name,
            repository_def=self._repository_def,
            instance=self._instance,
            sensor_name=self._sensor_name,
            resources={**self._resource_defs, **resources_dict},
            last_sensor_start_time=self._last_sensor_start_time,
            code_location_origin=self._code_location_origin,
            log=self._logger or self._base_logger,
        )
        merged._cursor_updated = self._cursor_updated
        return merged


def build_schedule_context(
    instance: Any = None,
    scheduled_execution_time: datetime | None = None,
    resources: Mapping[str, Any] | None = None,
    repository_def: Any = None,
    instance_ref: Any = None,
) -> ScheduleEvaluationContext:
    """Build a context to invoke or evaluate a schedule (tests, daemons).

    A naive ``scheduled_execution_time`` is read as wall time in the schedule's timezone
    when the schedule is evaluated with ``evaluate_tick``.

    Examples:
        >>> from datetime import datetime
        >>> ctx = build_schedule_context(scheduled_execution_time=datetime(2024, 5, 1, 6, 0))
        >>> ctx.scheduled_execution_time.hour
        6
    """
    return ScheduleEvaluationContext(
        instance_ref=instance_ref,
        scheduled_execution_time=scheduled_execution_time,
        resources=resources,
        repository_def=repository_def,
        instance=instance,
    )


def build_sensor_context(
    instance: Any = None,
    cursor: str | None = None,
    repository_name: str | None = None,
    repository_def: Any = None,
    sensor_name: str | None = None,
    resources: Mapping[str, Any] | None = None,
    definitions: Any = None,
    instance_ref: Any = None,
    last_sensor_start_time: float | None = None,
) -> SensorEvaluationContext:
    """Build a context to invoke or evaluate a sensor (tests, daemons).

    Examples:
        >>> ctx = build_sensor_context(cursor="10", resources={"bucket": "s3://raw"})
        >>> (ctx.cursor, ctx.resources.bucket)
        ('10', 's3://raw')
    """
    return SensorEvaluationContext(
        instance_ref=instance_ref,
        cursor=cursor,
        repository_name=repository_name,
        repository_def=repository_def,
        instance=instance,
        sensor_name=sensor_name,
        resources=resources,
        definitions=definitions,
        last_sensor_start_time=last_sensor_start_time,
    )
