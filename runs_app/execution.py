"""Worker side: claim a run, plan it from the loaded code, execute it with a database event sink.

A run's ``execute_run`` task lands here. An in-process run executes every step
in this process; a per-step run is handed to :mod:`runs_app.step_execution`,
which spreads its steps over the workers.
"""

import contextlib
import logging
import os
import signal
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.events import DagsterEvent, DagsterEventType
from orchestrator._core.execution.api import launch_resources, plan_for_launch, resolve_partition_keys
from orchestrator._core.execution.executor import RunExecution
from orchestrator._core.execution.plan import ExecutionPlan

from .compute_logs import step_log_capture
from .db_retry import RETRYABLE, drop_connection, with_db_retry
from .instance_storage import DatabaseEventSink, DjangoInstanceStorage, database_instance, to_dagster_run
from .locations import loaded_definitions
from .models import Executor, Run, RunStatus, StepStats
from .process_liveness import in_pool_child, worker_name
from .services import max_runtime_of, max_runtime_reason, run_fail, run_fail_if_owner_gone, run_fail_lost

logger = logging.getLogger(__name__)

_PLAN_CACHE_SIZE = 64
_plans: OrderedDict[tuple[Any, ...], ExecutionPlan] = OrderedDict()
_plans_lock = threading.Lock()


def plan_for_run(run: Run, loaded: tuple[str, Any] | None = None) -> ExecutionPlan:
    """The run's plan, from the location's code (only a worker calls this).

    Plans are cached per process by location fingerprint and selection: a per-step
    run needs its plan in every step task. Plans are never mutated by execution.
    ``loaded`` is the location's ``(fingerprint, Definitions)`` when the caller has it.
    """
    fingerprint, defs = loaded or loaded_definitions(run.location_name)
    key = (
        run.location_name,
        fingerprint,
        run.job_name,
        tuple(run.asset_selection) if run.asset_selection is not None else None,
        tuple(run.step_selection) if run.step_selection is not None else None,
    )
    with _plans_lock:
        cached = _plans.get(key)
        if cached is not None:
            _plans.move_to_end(key)
            return cached
    plan, _ = plan_for_launch(
        defs, asset_keys=_asset_keys(run), job_name=run.job_name, step_selection=run.step_selection
    )
    with _plans_lock:
        _plans[key] = plan
        while len(_plans) > _PLAN_CACHE_SIZE:
            _plans.popitem(last=False)
    return plan


def _asset_keys(run: Run) -> list[AssetKey] | None:
    if run.asset_selection is None:
        return None
    return [AssetKey.from_user_string(k) for k in run.asset_selection]


def resources_for_run(run: Run, defs: Any = None) -> dict[str, Any]:
    defs = defs if defs is not None else loaded_definitions(run.location_name)[1]
    return launch_resources(defs, job_name=None if run.asset_selection is not None else run.job_name)


def partition_keys_for_run(run: Run, plan: ExecutionPlan, instance: Any) -> list[str]:
    return resolve_partition_keys(
        plan,
        partition_key=run.partition_key,
        partition_range=(run.partition_range_start, run.partition_range_end or run.partition_range_start)
        if run.partition_range_start
        else None,
        instance=instance,
    )


def output_run_ids_for(run: Run, plan: ExecutionPlan) -> dict[str, str]:
    """For a re-execution: which earlier run stored the outputs of each upstream step it does not run.

    Assets are stored by key and need no mapping; run-scoped outputs (plain ops) are
    read from the nearest ancestor run in which the step succeeded.
    """
    if run.parent_run_id is None:
        return {}
    outside = {
        inp.source_step for s in plan.steps for inp in s.inputs if inp.source_step not in plan.by_key
    } - {None}
    found: dict[str, str] = {}
    ancestor_id: Any = run.parent_run_id
    seen: set[Any] = set()
    while ancestor_id is not None and outside - set(found) and ancestor_id not in seen:
        seen.add(ancestor_id)
        succeeded = StepStats.objects.filter(
            run_id=ancestor_id, step_key__in=outside - set(found), status=StepStats.Status.SUCCESS
        ).values_list("step_key", flat=True)
        found.update({key: str(ancestor_id) for key in succeeded})
        ancestor_id = Run.objects.filter(id=ancestor_id).values_list("parent_run_id", flat=True).first()
    return found


def create_step_rows(run_id: str, step_keys: Iterable[str]) -> None:
    """A PENDING row per planned step, so a run's steps are known before they start."""
    StepStats.objects.bulk_create(
        [StepStats(run_id=run_id, step_key=key) for key in step_keys], ignore_conflicts=True
    )


class LiveEventSink(DatabaseEventSink):
    """A ``DatabaseEventSink`` that writes waiting events from a thread every ``max_delay`` seconds.

    Without the thread, events wait for the next event to be written, so a step
    that runs long without emitting would not show its start (nor a log line)
    until it ended. With it, step events need no write of their own: a run of
    many short steps writes a batch per ``max_delay`` instead of one per step.
    Run events are still written at once. Batches are written one at a time,
    in order. Use as a context manager: leaving it stops the thread and writes
    what is left.
    """

    _FLUSH_ON = frozenset(
        {
            DagsterEventType.RUN_START,
            DagsterEventType.RUN_SUCCESS,
            DagsterEventType.RUN_FAILURE,
            DagsterEventType.RUN_CANCELED,
        }
    )

    def __init__(self, storage: DjangoInstanceStorage, *, max_delay: float = 0.2):
        super().__init__(storage, max_delay=max_delay)
        self._lock = threading.Lock()  # guards the buffer
        self._write_lock = threading.Lock()  # one batch at a time, so storage ids follow emission order
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._flush_periodically, name="event-sink", daemon=True)

    def __enter__(self) -> "LiveEventSink":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.flush()

    def handle_event(self, event: DagsterEvent) -> None:
        with self._lock:
            if not self._buffer:
                self._oldest = time.monotonic()
            self._buffer.append(event)
            due = event.event_type in self._FLUSH_ON or len(self._buffer) >= self.max_batch
        if due:
            self.flush()

    def flush(self) -> None:
        with self._write_lock:
            with self._lock:
                batch, self._buffer = self._buffer, []
            if not batch:
                return
            try:
                with_db_retry(lambda: self.storage.store_events(batch), what="writing run events")
            except Exception:
                with self._lock:  # kept for the next flush, ahead of newer events
                    self._buffer[:0] = batch
                raise

    def _flush_periodically(self) -> None:
        try:
            while not self._stop.wait(self.max_delay / 2):
                with self._lock:
                    due = bool(self._buffer) and time.monotonic() - self._oldest >= self.max_delay
                if due:
                    try:
                        self.flush()
                    except Exception:
                        logger.exception("Writing run events failed")
                        close_old_connections()
        finally:
            close_old_connections()


class Heartbeat:
    """Updates ``Run.heartbeat_at`` (and the step's, for a step task) from a thread while work runs.

    It also enforces two limits: the run's ``dagster/max_runtime`` after its start
    (``started``, a Unix time), and ``ORCHESTRATOR_LOCATION_LOAD_TIMEOUT_SECONDS`` while the
    run's code is imported (:meth:`loading_code`). Past either, the run is failed and, in a
    prefork pool child, this process kills itself, stopping the step or the import wherever
    it is (the worker replaces the child). Other pools cannot stop it: the run is failed
    and the work runs to its end.
    """

    def __init__(
        self,
        run_id: str,
        interval: float,
        *,
        step_key: str | None = None,
        max_runtime: float | None = None,
        started: float | None = None,
    ):
        self.run_id = run_id
        self.step_key = step_key
        self.interval = interval
        self._limits: dict[str, tuple[float, str]] = {}
        if max_runtime is not None:
            self._limits["runtime"] = (
                (started or time.time()) + max_runtime,
                max_runtime_reason(max_runtime),
            )
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{run_id[:8]}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    @contextlib.contextmanager
    def loading_code(self, location_name: str) -> Iterator[None]:
        """Bound what runs inside (importing the run's code) by the location load time-out."""
        limit = settings.ORCHESTRATOR_LOCATION_LOAD_TIMEOUT_SECONDS
        reason = f"Loading code location '{location_name}' did not finish within {limit:g}s"
        self._limits["load"] = (time.time() + limit, reason)
        try:
            yield
        finally:
            self._limits.pop("load", None)

    def _next_wait(self) -> float:
        soonest = min((at for at, _ in self._limits.values()), default=None)
        return self.interval if soonest is None else max(0.0, min(self.interval, soonest - time.time()))

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self._next_wait()):
                passed = [reason for at, reason in list(self._limits.values()) if time.time() >= at]
                if passed:
                    self._stop_run(passed[0])
                    return
                now = timezone.now()
                try:
                    if self.step_key is not None:
                        StepStats.objects.filter(
                            run_id=self.run_id, step_key=self.step_key, status=StepStats.Status.RUNNING
                        ).update(heartbeat_at=now)
                    Run.objects.filter(id=self.run_id).update(heartbeat_at=now)
                except Exception:
                    # A missed beat is harmless; a dead thread would let the monitor fail the run.
                    logger.exception("Heartbeat of run %s failed", self.run_id)
                    close_old_connections()
        finally:
            close_old_connections()

    def _stop_run(self, reason: str) -> None:
        with_db_retry(lambda: run_fail_lost(run_id=self.run_id, reason=reason), what="failing the run")
        if in_pool_child():
            logger.error("Run %s: %s; stopping it", self.run_id, reason)
            os.kill(os.getpid(), signal.SIGKILL)
        logger.error(
            "Run %s: %s; it is marked failed, but this pool cannot stop it (use prefork)", self.run_id, reason
        )


def cancel_requested(run_id: str) -> bool:
    """Whether someone asked to cancel the run (its status, or the RUN_CANCELING event it left)."""
    return Run.objects.filter(
        Q(status=RunStatus.CANCELING) | Q(events__event_type=DagsterEventType.RUN_CANCELING.value),
        id=run_id,
    ).exists()


class CancelCheck:
    """``should_cancel`` for the executor: reads the run's state at most every ``every`` seconds."""

    def __init__(self, run_id: str, every: float = 0.1):
        self.run_id = run_id
        self.every = every
        self._next = 0.0

    def __call__(self) -> bool:
        now = time.monotonic()
        if now < self._next:
            return False
        self._next = now + self.every
        try:
            return cancel_requested(self.run_id)
        except RETRYABLE:  # the database is away: carry on, and ask again next time
            drop_connection()
            return False


def claim_run(run_id: str) -> bool:
    """QUEUED -> STARTING, only if still QUEUED: one worker wins, a retried task does nothing."""
    return bool(
        Run.objects.filter(id=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.STARTING, worker=worker_name(), heartbeat_at=timezone.now()
        )
    )


def run_execute(*, run_id: str) -> str | None:
    """Execute a QUEUED run; returns its status after this task, or None if not claimed.

    A task that finds its run already claimed is a redelivery: after the process
    executing the run was killed, the broker hands the message out again, and the run
    is failed at once if that process is gone.
    """
    if not claim_run(run_id):
        run_fail_if_owner_gone(run_id=run_id)
        return None
    run = Run.objects.get(id=run_id)
    if run.executor == Executor.PER_STEP:
        from .step_execution import run_start_steps

        return run_start_steps(run=run)
    return _execute_in_process(run)


def _execute_in_process(run: Run) -> str:
    run_id = str(run.id)
    sink = LiveEventSink(DjangoInstanceStorage())
    try:
        beat = Heartbeat(
            run_id, settings.ORCHESTRATOR_HEARTBEAT_SECONDS, max_runtime=max_runtime_of(run.tags)
        )
        with beat, sink:
            with beat.loading_code(run.location_name):
                loaded = loaded_definitions(run.location_name)
            plan = plan_for_run(run, loaded)
            instance = database_instance()
            keys = partition_keys_for_run(run, plan, instance)
            create_step_rows(run_id, plan.step_keys)
            execution = RunExecution(
                plan,
                run=to_dagster_run(run),
                resources=resources_for_run(run, loaded[1]),
                sink=sink,
                instance=instance,
                run_config=run.run_config,
                partition_keys=keys,
                should_cancel=CancelCheck(run_id),
                output_run_ids=output_run_ids_for(run, plan),
                step_logs=step_log_capture(run_id),
            )
            status = execution.execute()
        return status.value
    except Exception as exc:
        try:
            sink.flush()
        except Exception:
            logger.exception("Could not write the last events of run %s", run_id)
        reason, trace = f"{type(exc).__name__}: {exc}", traceback.format_exc()
        with_db_retry(
            lambda: run_fail(run_id=run_id, reason=reason, traceback_text=trace), what="failing the run"
        )
        logger.exception("Run %s failed outside user code", run_id)
        return RunStatus.FAILURE
