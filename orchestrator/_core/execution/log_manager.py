"""``context.log``: user log records become typed run events (and Python log records)."""

import logging
from collections.abc import Callable

from ..events import DagsterEvent, DagsterEventType
from ..resources.secrets import redact_secrets

_python_logger = logging.getLogger("orchestrator")


class DagsterLogManager:
    """A logger whose records are emitted into the run's event stream.

    Examples:
        >>> events = []
        >>> DagsterLogManager("r1", "step", events.append).info("hello")
        >>> events[0].message, events[0].level
        ('hello', 20)
    """

    def __init__(self, run_id: str, step_key: str | None, emit: Callable[[DagsterEvent], None]):
        self._run_id = run_id
        self._step_key = step_key
        self._emit = emit

    def log(self, level: int, msg: object, *args: object, **_kwargs: object) -> None:
        # Values read from the environment for resources never reach the event log.
        text = redact_secrets(str(msg) % args if args else str(msg))
        self._emit(
            DagsterEvent(
                DagsterEventType.LOG_MESSAGE,
                run_id=self._run_id,
                message=text,
                level=level,
                step_key=self._step_key,
            )
        )
        if _python_logger.isEnabledFor(level):
            _python_logger.log(level, "%s - %s - %s", self._run_id[:8], self._step_key or "run", text)

    def debug(self, msg: object, *args: object, **kwargs: object) -> None:
        self.log(logging.DEBUG, msg, *args, **kwargs)

    def info(self, msg: object, *args: object, **kwargs: object) -> None:
        self.log(logging.INFO, msg, *args, **kwargs)

    def warning(self, msg: object, *args: object, **kwargs: object) -> None:
        self.log(logging.WARNING, msg, *args, **kwargs)

    warn = warning

    def error(self, msg: object, *args: object, **kwargs: object) -> None:
        self.log(logging.ERROR, msg, *args, **kwargs)

    def critical(self, msg: object, *args: object, **kwargs: object) -> None:
        self.log(logging.CRITICAL, msg, *args, **kwargs)

    def exception(self, msg: object, *args: object, **kwargs: object) -> None:
        import traceback

        self.log(logging.ERROR, f"{msg}\n{traceback.format_exc()}", *args, **kwargs)
