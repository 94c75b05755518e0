"""Worker side: claim a run, plan it from the loaded code, execute it with a database event sink."""

import logging
import socket
import threading
import time
import traceback
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.execution.api import resolve_partition_keys
from orchestrator._core.execution.executor import RunExecution
from orchestrator._core.execution.plan import ExecutionPlan, plan_assets

from .instance_storage import DatabaseEventSink, DjangoInstanceStorage, database_instance, to_dagster_run
from .locations import definitions_for
from .models import Run, RunStatus
from .services import run_fail

logger = logging.getLogger(__name__)
WORKER_NAME = f"{socket.gethostname()}:{__import__('os').getpid()}"


def plan_for_run(run: Run) -> ExecutionPlan:
    """The run's plan, from the location's code (only a worker calls this)."""
    defs = definitions_for(run.location_name)
    if run.asset_selection is not None:
        keys = [AssetKey.from_user_string(k) for k in run.asset_selection]
        plan = plan_assets(defs.asset_layer, keys)
    else:
        plan = defs.get_job_def(run.job_name).build_plan()
    if run.step_selection is not None:
        wanted = set(run.step_selection)
        plan = ExecutionPlan([s for s in plan.steps if s.key in wanted])
    return plan


def resources_for_run(run: Run) -> dict[str, Any]:
    defs = definitions_for(run.location_name)
    if run.job_name != "__ASSET_JOB" and run.asset_selection is None:
        return dict(defs.get_job_def(run.job_name).resource_defs)
    return dict(defs.resolved_resources)


class Heartbeat:
    """Updates ``Run.heartbeat_at`` from a thread while the run executes."""

    def __init__(self, run_id: str, interval: float):
        self.run_id = run_id
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{run_id[:8]}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                Run.objects.filter(id=self.run_id).update(heartbeat_at=timezone.now())
        finally:
            close_old_connections()


class CancelCheck:
    """``should_cancel`` for the executor: reads the run's status at most every ``every`` seconds."""

    def __init__(self, run_id: str, every: float = 0.5):
        self.run_id = run_id
        self.every = every
        self._next = 0.0

    def __call__(self) -> bool:
        now = time.monotonic()
        if now < self._next:
            return False
        self._next = now + self.every
        return Run.objects.filter(id=self.run_id, status=RunStatus.CANCELING).exists()


def claim_run(run_id: str) -> bool:
    """QUEUED -> STARTING, only if still QUEUED: one worker wins, a retried task does nothing."""
    return bool(
        Run.objects.filter(id=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.STARTING, worker=WORKER_NAME, heartbeat_at=timezone.now()
        )
    )


def run_execute(*, run_id: str) -> str | None:
    """Execute a QUEUED run in this process; returns its final status, or None if not claimed."""
    if not claim_run(run_id):
        return None
    run = Run.objects.get(id=run_id)
    sink = DatabaseEventSink(DjangoInstanceStorage())
    try:
        with Heartbeat(run_id, settings.ORCHESTRATOR_HEARTBEAT_SECONDS):
            plan = plan_for_run(run)
            instance = database_instance()
            keys = resolve_partition_keys(
                plan,
                partition_key=run.partition_key,
                partition_range=(run.partition_range_start, run.partition_range_end)
                if run.partition_range_start
                else None,
                instance=instance,
            )
            execution = RunExecution(
                plan,
                run=to_dagster_run(run),
                resources=resources_for_run(run),
                sink=sink,
                instance=instance,
                run_config=run.run_config,
                partition_keys=keys,
                should_cancel=CancelCheck(run_id),
            )
            status = execution.execute()
            sink.flush()
            return status.value
    except Exception as exc:
        sink.flush()
        run_fail(run_id=run_id, reason=f"{type(exc).__name__}: {exc}", traceback_text=traceback.format_exc())
        logger.exception("Run %s failed outside user code", run_id)
        return RunStatus.FAILURE
