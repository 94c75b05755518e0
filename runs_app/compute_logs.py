"""Compute logs on the server: the configured storage, capture in workers, reads for the API.

Workers write a step's stdout and stderr through :func:`step_log_capture`; the web reads the
same storage (files, never user code) through :func:`compute_log_list` and
:func:`compute_log_read`.
"""

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from orchestrator._core.execution.compute_logs import (
    STREAMS,
    ComputeLogFile,
    ComputeLogStorage,
    Stream,
    capture_step_logs,
)
from orchestrator_site.errors import DomainError, NotFound

from .models import FINISHED, Run, StepStats
from .process_liveness import in_pool_child

_STEP_DONE = (StepStats.Status.SUCCESS, StepStats.Status.FAILURE, StepStats.Status.SKIPPED)


@functools.lru_cache(maxsize=4)
def _storage(dotted: str, base_dir: str) -> ComputeLogStorage:
    cls = import_string(dotted)
    storage = cls(base_dir=base_dir)
    if not isinstance(storage, ComputeLogStorage):
        raise TypeError(f"ORCHESTRATOR_COMPUTE_LOG_STORAGE={dotted!r} is not a ComputeLogStorage")
    return storage


def compute_log_storage() -> ComputeLogStorage:
    """The storage named by ``ORCHESTRATOR_COMPUTE_LOG_STORAGE`` (files under ``ORCHESTRATOR_HOME`` by default)."""
    return _storage(settings.ORCHESTRATOR_COMPUTE_LOG_STORAGE, str(settings.ORCHESTRATOR_COMPUTE_LOG_DIR))


def _redirect_fds() -> bool:
    mode = str(settings.ORCHESTRATOR_COMPUTE_LOG_CAPTURE_FDS).strip().lower()
    if mode in ("1", "true", "yes", "on"):
        return True
    if mode in ("0", "false", "no", "off"):
        return False
    return in_pool_child()


def step_log_capture(run_id: str) -> Callable[[str], contextlib.AbstractContextManager[Any]]:
    """``RunState.step_logs`` for a run executed in this worker process."""
    storage = compute_log_storage()
    limit = settings.ORCHESTRATOR_MAX_COMPUTE_LOG_BYTES
    redirect = _redirect_fds()

    def capture(step_key: str) -> contextlib.AbstractContextManager[Any]:
        return capture_step_logs(storage, run_id, step_key, limit=limit, redirect_fds=redirect)

    return capture


# -- reads (the web) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ComputeLogPage:
    step_key: str
    stream: Stream
    offset: int
    next_offset: int
    size: int
    data: str
    truncated: bool
    is_complete: bool


def _step_order(run: Run) -> dict[str, int]:
    keys = StepStats.objects.filter(run=run).order_by("start_time", "id").values_list("step_key", flat=True)
    return {key: index for index, key in enumerate(keys)}


def compute_log_list(run: Run) -> list[ComputeLogFile]:
    """The run's compute logs, in the order its steps started (stdout before stderr)."""
    order = _step_order(run)
    files = compute_log_storage().list(str(run.id))
    return sorted(
        files, key=lambda f: (order.get(f.step_key, len(order)), f.step_key, STREAMS.index(f.stream))
    )


def compute_log_read(*, run: Run, step: str, stream: str, offset: int, limit: int) -> ComputeLogPage:
    """A page of a step's stream from ``offset``, decoded as UTF-8 (bad bytes replaced).

    ``is_complete`` once the step (or the run) finished and the page reaches the end of the file.

    Raises:
        DomainError: on ``stream`` if it is neither ``stdout`` nor ``stderr``.
        NotFound: if the step has no log of that stream.
    """
    if stream not in STREAMS:
        raise DomainError("stream", f"Unknown stream '{stream}'; use stdout or stderr")
    typed: Stream = "stdout" if stream == "stdout" else "stderr"
    # Read the step's state before the file: a step that finished by then has written all it will.
    step_status = StepStats.objects.filter(run=run, step_key=step).values_list("status", flat=True).first()
    run_finished = Run.objects.filter(id=run.id, status__in=FINISHED).exists()
    try:
        chunk = compute_log_storage().read(str(run.id), step, typed, offset, limit)
    except FileNotFoundError:
        raise NotFound(f"No {stream} log for step '{step}' of run {run.id}") from None
    done = run_finished or step_status in _STEP_DONE
    return ComputeLogPage(
        step_key=step,
        stream=typed,
        offset=chunk.offset,
        next_offset=chunk.next_offset,
        size=chunk.size,
        data=chunk.data.decode("utf-8", "replace"),
        truncated=chunk.truncated,
        is_complete=done and chunk.next_offset >= chunk.size,
    )
