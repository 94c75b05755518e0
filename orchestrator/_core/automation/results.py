"""Plain data describing one evaluated schedule or sensor tick, ready for a daemon to store."""

import logging
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

from ..runs import DagsterRun, DagsterRunStatus
from .run_request import RunRequest


@dataclass(frozen=True)
class SerializableErrorInfo:
    """An exception turned into plain data: message, formatted stack and class name.

    Examples:
        >>> try:
        ...     raise ValueError("boom")
        ... except ValueError as exc:
        ...     info = SerializableErrorInfo.from_exception(exc, "Error in sensor 's'")
        >>> info.message
        "Error in sensor 's': ValueError: boom"
        >>> info.cls_name
        'ValueError'
    """

    message: str
    stack: Sequence[str]
    cls_name: str | None
    cause: Optional["SerializableErrorInfo"] = None

    @staticmethod
    def from_exception(exc: BaseException, message: str | None = None) -> "SerializableErrorInfo":
        """Capture ``exc`` (with its ``__cause__`` chain), prefixing ``message`` when given."""
        described = f"{type(exc).__name__}: {exc}"
        cause = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        return SerializableErrorInfo(
            message=f"{message}: {described}" if message else described,
            stack=traceback.format_tb(exc.__traceback__),
            cls_name=type(exc).__name__,
            cause=SerializableErrorInfo.from_exception(cause) if cause is not None else None,
        )

    @property
    def traceback(self) -> str:
        """The stack as one string, innermost frame last."""
        return "".join(self.stack)

    def to_string(self) -> str:
        """Message, stack trace and causes, formatted for display."""
        text = f"{self.message.strip()}\n\nStack Trace:\n{self.traceback}"
        if self.cause is not None:
            text += "\nThe above exception was caused by the following exception:\n"
            text += self.cause.to_string()
        return text


@dataclass(frozen=True)
class CapturedLogRecord:
    """One message logged through ``context.log`` during a tick.

    Examples:
        >>> record = logging.makeLogRecord({"msg": "found %s files", "args": (3,), "levelname": "INFO"})
        >>> CapturedLogRecord.from_record(record).message
        'found 3 files'
    """

    level: str
    levelno: int
    message: str
    created: float
    logger_name: str
    exc_text: str | None = None

    @staticmethod
    def from_record(record: logging.LogRecord) -> "CapturedLogRecord":
        """Build from a standard ``logging.LogRecord``."""
        exc_text = None
        if record.exc_info:
            exc_text = "".join(traceback.format_exception(*record.exc_info))
        return CapturedLogRecord(
            level=record.levelname,
            levelno=record.levelno,
            message=record.getMessage(),
            created=record.created,
            logger_name=record.name,
            exc_text=exc_text,
        )


@dataclass(frozen=True)
class DagsterRunReaction:
    """A run-status sensor handled (or failed to handle) one monitored run.

    Examples:
        >>> from orchestrator._core.runs import DagsterRun, DagsterRunStatus
        >>> DagsterRunReaction(DagsterRun("r1", "etl"), DagsterRunStatus.FAILURE).error is None
        True
    """

    dagster_run: DagsterRun | None
    run_status: DagsterRunStatus | None = None
    error: SerializableErrorInfo | None = None


@dataclass(frozen=True)
class ScheduleExecutionData:
    """The outcome of one schedule tick.

    ``error`` is set when user code raised or returned something invalid; then
    ``run_requests`` is empty. Each run request carries the ``dagster/schedule_name``
    tag and the schedule's ``job_name``.

    Examples:
        >>> ScheduleExecutionData(skip_message="nothing to do").run_requests
        []
    """

    run_requests: Sequence[RunRequest] = field(default_factory=list)
    skip_message: str | None = None
    log_records: Sequence[CapturedLogRecord] = field(default_factory=list)
    error: SerializableErrorInfo | None = None


@dataclass(frozen=True)
class SensorExecutionData:
    """The outcome of one sensor tick.

    ``cursor`` is the value to store for the next tick: after a failed tick it is the
    cursor the tick started with, except that run-status sensors move past runs whose
    handler raised (the error is still reported in ``error``).

    Examples:
        >>> SensorExecutionData(cursor="5").dynamic_partitions_requests
        []
    """

    run_requests: Sequence[RunRequest] = field(default_factory=list)
    skip_message: str | None = None
    cursor: str | None = None
    dynamic_partitions_requests: Sequence[Any] = field(default_factory=list)
    asset_events: Sequence[Any] = field(default_factory=list)
    dagster_run_reactions: Sequence[DagsterRunReaction] = field(default_factory=list)
    log_records: Sequence[CapturedLogRecord] = field(default_factory=list)
    error: SerializableErrorInfo | None = None
