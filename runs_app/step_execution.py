"""The per-step executor: every step of a run is its own Celery task, so one run spreads over many workers.

The run's task validates the run, creates a PENDING ``StepStats`` row per step
and dispatches the steps with no upstream in the plan. A step task claims its
row (PENDING -> RUNNING, so a redelivered task does nothing), executes the step
with the SDK, and then, in one transaction that locks the run row, records the
outcome, skips the downstream steps that lost an input, picks the steps that
became ready and finishes the run once every step has finished. Ready steps
are dispatched after that transaction commits. Values pass between steps
through the IO managers (the filesystem IO manager on shared storage by
default), never through the broker.
"""

import logging
import time
import traceback
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from orchestrator._core.events import DagsterEvent, DagsterEventType
from orchestrator._core.execution.executor import resolve_step_configs
from orchestrator._core.execution.plan import ExecutionPlan, ExecutionStep
from orchestrator._core.execution.step_executor import RunState, error_payload, execute_step
from orchestrator._core.resources import init_resources

from .compute_logs import step_log_capture
from .db_retry import with_db_retry
from .execution import (
    Heartbeat,
    LiveEventSink,
    create_step_rows,
    output_run_ids_for,
    partition_keys_for_run,
    plan_for_run,
    resources_for_run,
)
from .instance_storage import DjangoInstanceStorage, database_instance, to_dagster_run
from .locations import loaded_definitions
from .models import Executor, Run, RunStatus, StepStats
from .process_liveness import owner_gone, silent_before, worker_name
from .services import max_runtime_of, owner_lost_reason, run_fail

logger = logging.getLogger(__name__)

Status = StepStats.Status
FINISHED_STEP = frozenset({Status.SUCCESS, Status.FAILURE, Status.SKIPPED})
_STEP_END = frozenset(
    {DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE, DagsterEventType.STEP_SKIPPED}
)
_STATUS_BY_OUTCOME = {"success": Status.SUCCESS, "failure": Status.FAILURE, "skipped": Status.SKIPPED}


class _StepEventSink(LiveEventSink):
    """Writes a step's events as they come but holds its final event back.

    The final event is written in the transaction that advances the run, so the
    step's status and the decision about its downstream steps commit together.
    """

    def __init__(self, storage: DjangoInstanceStorage):
        super().__init__(storage)
        self.held: list[DagsterEvent] = []

    def handle_event(self, event: DagsterEvent) -> None:
        if event.event_type in _STEP_END:
            self.held.append(event)
        else:
            super().handle_event(event)


# -- run start --------------------------------------------------------------------------------------------
def run_start_steps(*, run: Run) -> str | None:
    """Start a claimed (STARTING) per-step run: validate it, create its steps, dispatch the first ones."""
    run_id = str(run.id)
    storage = DjangoInstanceStorage()
    try:
        with (
            Heartbeat(run_id, settings.ORCHESTRATOR_HEARTBEAT_SECONDS) as beat,
            beat.loading_code(run.location_name),
        ):
            plan = plan_for_run(run)
        resolve_step_configs(plan, run.run_config)
        partition_keys_for_run(run, plan, database_instance())
    except Exception as exc:
        run_fail(run_id=run_id, reason=f"{type(exc).__name__}: {exc}", traceback_text=traceback.format_exc())
        logger.info("Run %s failed to start: %s", run_id, exc)
        return RunStatus.FAILURE
    with transaction.atomic():
        locked = Run.objects.select_for_update().get(id=run_id)
        if locked.status == RunStatus.CANCELING:
            _finish(locked, RunStatus.CANCELED, storage)
            return RunStatus.CANCELED
        if locked.status != RunStatus.STARTING:
            return None
        create_step_rows(run_id, plan.step_keys)
        storage.store_events(
            [
                DagsterEvent(
                    DagsterEventType.RUN_START,
                    run_id=run_id,
                    message=f"Started run {run_id} ({len(plan.steps)} steps, one task per step)",
                )
            ]
        )
        locked.status = RunStatus.STARTED
        locked.start_time = timezone.now()
        ready = _advance_locked(locked, plan, storage)
        transaction.on_commit(lambda: steps_dispatch(run_id=run_id, step_keys=ready))
    return RunStatus.STARTED


# -- one step ---------------------------------------------------------------------------------------------
def _claim_step(run_id: str, step_key: str) -> str:
    """PENDING -> RUNNING while the run is STARTED; ``claimed``, ``taken`` or the run's status."""
    with transaction.atomic():
        status = Run.objects.select_for_update().filter(id=run_id).values_list("status", flat=True).first()
        if status != RunStatus.STARTED:
            return status or "missing"
        now = timezone.now()
        claimed = StepStats.objects.filter(run_id=run_id, step_key=step_key, status=Status.PENDING).update(
            status=Status.RUNNING, start_time=now, heartbeat_at=now, worker=worker_name()
        )
        return "claimed" if claimed else "taken"


def step_execute(*, run_id: str, step_key: str) -> str | None:
    """Execute one step of a per-step run; returns the step's status, or None if not claimed."""
    claim = _claim_step(run_id, step_key)
    if claim == RunStatus.CANCELING:
        run_settle_canceled(run_id=run_id)
    if claim == "taken":  # a redelivery, as after the process executing the step was killed
        step_fail_if_owner_gone(run_id=run_id, step_key=step_key)
    if claim != "claimed":
        return None
    run = Run.objects.get(id=run_id)
    storage = DjangoInstanceStorage()
    sink = _StepEventSink(storage)
    plan: ExecutionPlan | None = None
    made_unavailable: set[tuple[str, str]] = set()
    status: str = Status.FAILURE
    try:
        beat = Heartbeat(
            run_id,
            settings.ORCHESTRATOR_HEARTBEAT_SECONDS,
            step_key=step_key,
            max_runtime=max_runtime_of(run.tags),
            started=run.start_time.timestamp() if run.start_time else None,
        )
        with beat, sink:
            with beat.loading_code(run.location_name):
                loaded = loaded_definitions(run.location_name)
            plan = plan_for_run(run, loaded)
            status, made_unavailable = _run_step(run, plan, plan.step(step_key), sink, loaded[1])
    except Exception as exc:
        # Outside user code (loading the location, resources, storage): the step fails with the traceback.
        logger.exception("Step %s of run %s failed outside user code", step_key, run_id)
        sink.held = [
            DagsterEvent(
                DagsterEventType.STEP_FAILURE,
                run_id=run_id,
                step_key=step_key,
                message=f"{step_key} failed: {type(exc).__name__}: {exc}",
                level=logging.ERROR,
                payload=error_payload(exc),
            )
        ]
        status = Status.FAILURE
        try:
            sink.flush()
        except Exception:
            logger.exception("Could not write events of step %s of run %s", step_key, run_id)
    with_db_retry(
        lambda: step_finish(
            run_id=run_id,
            step_key=step_key,
            status=status,
            unavailable=made_unavailable,
            events=sink.held,
            plan=plan,
        ),
        what=f"recording the end of step {step_key}",
    )
    return status


def _run_step(
    run: Run, plan: ExecutionPlan, step: ExecutionStep, sink: _StepEventSink, defs: Any
) -> tuple[str, set[tuple[str, str]]]:
    """Execute ``step`` with resources for it alone; returns its status and the outputs it made unavailable."""
    unavailable = unavailable_outputs(plan, _step_rows(str(run.id), _upstream_in_plan(plan, [step.key])))
    before = set(unavailable)
    instance = database_instance()
    dagster_run = to_dagster_run(run)
    required = (
        set(step.resource_keys)
        | {i.io_manager_key for i in step.inputs if i.source_step or i.asset_key}
        | {o.io_manager_key for o in step.outputs.values()}
    )
    with init_resources(
        resources_for_run(run, defs),
        required_keys=sorted(required),
        run_config_resources=run.run_config.get("resources") or {},
        run_id=dagster_run.run_id,
        instance=instance,
        requested_by={key: [step.key] for key in required},
        dagster_run=dagster_run,
    ) as resources:
        state = RunState(
            run=dagster_run,
            emit=sink.handle_event,
            resources=resources,
            instance=instance,
            run_config=run.run_config,
            op_configs=resolve_step_configs(plan, run.run_config),
            partition_keys=tuple(partition_keys_for_run(run, plan, instance)),
            plan=plan,
            unavailable=unavailable,
            output_run_ids=output_run_ids_for(run, plan),
            step_logs=step_log_capture(str(run.id)),
        )
        outcome = execute_step(step, state)
    return _STATUS_BY_OUTCOME[outcome.status], state.unavailable - before


def step_finish(
    *,
    run_id: str,
    step_key: str,
    status: str,
    unavailable: Iterable[tuple[str, str]],
    events: Sequence[DagsterEvent],
    plan: ExecutionPlan | None,
    lost_worker: str | None = None,
    stale_before: datetime | None = None,
) -> bool:
    """Record a RUNNING step's end and advance the run; False if the step was no longer this worker's.

    ``plan`` is None when the run's code could not be loaded: the run then fails. The
    monitor passes ``lost_worker`` and ``stale_before`` to fail a step whose worker went
    silent, only if it is still silent.
    """
    storage = DjangoInstanceStorage()
    worker = lost_worker if lost_worker is not None else worker_name()
    ready: list[str] = []
    with transaction.atomic():
        locked = Run.objects.select_for_update().get(id=run_id)
        claimed = StepStats.objects.filter(
            run_id=run_id, step_key=step_key, status=Status.RUNNING, worker=worker
        )
        if stale_before is not None:
            claimed = claimed.filter(heartbeat_at__lt=stale_before)
        updated = claimed.update(
            status=status,
            end_time=timezone.now(),
            unavailable_outputs=sorted([list(pair) for pair in unavailable]),
        )
        if not updated:
            if lost_worker is not None:
                return False
            storage.store_events(
                [
                    DagsterEvent(
                        DagsterEventType.LOG_MESSAGE,
                        run_id=run_id,
                        step_key=step_key,
                        level=logging.WARNING,
                        message=f"{step_key} ended on {worker} ({status}) after it had been marked "
                        "as lost; its result is ignored",
                    )
                ]
            )
            return False
        storage.store_events(list(events))
        if plan is None:
            reason = f"Step {step_key} could not load the run's code"
            run_fail(run_id=run_id, reason=reason)
        else:
            ready = _advance_locked(locked, plan, storage, finished=[step_key])
        transaction.on_commit(lambda: steps_dispatch(run_id=run_id, step_keys=ready))
    return True


# -- advancing a run --------------------------------------------------------------------------------------
_graphs: dict[int, tuple[ExecutionPlan, dict[str, list[str]], dict[str, int]]] = {}


def _graph(plan: ExecutionPlan) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Children of each step within the plan, and each step's position (cached per plan object)."""
    cached = _graphs.get(id(plan))
    if cached is None or cached[0] is not plan:
        children: dict[str, list[str]] = {key: [] for key in plan.by_key}
        for step in plan.steps:
            for up in step.upstream:
                if up in children:
                    children[up].append(step.key)
        if len(_graphs) > 64:
            _graphs.clear()
        cached = _graphs[id(plan)] = (plan, children, {key: i for i, key in enumerate(plan.step_keys)})
    return cached[1], cached[2]


def _upstream_in_plan(plan: ExecutionPlan, keys: Iterable[str]) -> set[str]:
    return {up for key in keys for up in plan.step(key).upstream if up in plan.by_key}


def _step_rows(run_id: str, keys: Collection[str] | None = None) -> dict[str, dict[str, Any]]:
    qs = StepStats.objects.filter(run_id=run_id)
    if keys is not None:
        qs = qs.filter(step_key__in=list(keys))
    fields = ("step_key", "status", "unavailable_outputs", "dispatched_at")
    return {r["step_key"]: r for r in qs.values(*fields)}


def unavailable_outputs(plan: ExecutionPlan, rows: Mapping[str, Mapping[str, Any]]) -> set[tuple[str, str]]:
    """``RunState.unavailable`` rebuilt from step rows: every output of a failed or skipped step,
    plus what each step recorded (optional outputs it did not produce, outputs a failed
    blocking check withheld). A step's own upstream rows are enough to decide about it:
    a blocking check that withholds an input is one of them."""
    unavailable: set[tuple[str, str]] = set()
    for key, row in rows.items():
        if row["status"] in (Status.FAILURE, Status.SKIPPED) and key in plan.by_key:
            unavailable.update((key, name) for name in plan.step(key).outputs)
        unavailable.update((pair[0], pair[1]) for pair in row["unavailable_outputs"] or ())
    return unavailable


def _missing_upstream(step: ExecutionStep, unavailable: set[tuple[str, str]]) -> list[str]:
    return sorted({up for up, outs in step.upstream.items() if any((up, o) in unavailable for o in outs)})


def _advance_locked(
    run: Run, plan: ExecutionPlan, storage: DjangoInstanceStorage, finished: Collection[str] | None = None
) -> list[str]:
    """With the run row locked: skip steps that lost an input, pick the steps to dispatch, and
    finish the run when nothing is left. Returns the step keys to dispatch after commit.

    ``finished`` names the steps that just ended: only their downstream steps (and what
    a skip cascades to) are looked at; None looks at every step.
    """
    if run.status == RunStatus.CANCELING:
        _settle_canceled_locked(run, storage)
        return []
    if run.status != RunStatus.STARTED:
        return []
    children, position = _graph(plan)
    wave = set(plan.by_key) if finished is None else {c for key in finished for c in children.get(key, ())}
    rows: dict[str, dict[str, Any]] = {}
    skipped: list[DagsterEvent] = []
    ready: list[str] = []
    while wave:
        needed = (wave | _upstream_in_plan(plan, wave)) - rows.keys()
        if needed:
            rows.update(_step_rows(str(run.id), None if finished is None and not rows else needed))
        unavailable = unavailable_outputs(plan, rows)
        cascade: set[str] = set()
        for key in sorted(wave, key=position.__getitem__):  # a step skipped here is seen by later ones
            step, row = plan.step(key), rows.get(key)
            if row is None or row["status"] != Status.PENDING:
                continue
            if any(rows[u]["status"] not in FINISHED_STEP for u in step.upstream if u in rows):
                continue
            missing = _missing_upstream(step, unavailable)
            if missing:
                row["status"] = Status.SKIPPED
                unavailable.update((key, name) for name in step.outputs)
                cascade.update(children[key])
                skipped.append(
                    DagsterEvent(
                        DagsterEventType.STEP_SKIPPED,
                        run_id=str(run.id),
                        step_key=key,
                        level=logging.INFO,
                        message=f"Skipped {key}: upstream {', '.join(missing)} did not produce what it needs",
                    )
                )
            elif row["dispatched_at"] is None:
                row["dispatched_at"] = timezone.now()
                ready.append(key)
        wave = cascade
    if skipped:
        storage.store_events(skipped)
        StepStats.objects.filter(run=run, step_key__in=[e.step_key for e in skipped]).update(
            status=Status.SKIPPED, end_time=timezone.now()
        )
    if ready:
        StepStats.objects.filter(run=run, step_key__in=ready).update(dispatched_at=timezone.now())
    if not StepStats.objects.filter(run=run).exclude(status__in=FINISHED_STEP).exists():
        failed = set(
            StepStats.objects.filter(run=run, status=Status.FAILURE).values_list("step_key", flat=True)
        )
        ordered = sorted(failed, key=lambda k: position.get(k, len(position)))
        _finish(run, RunStatus.FAILURE if failed else RunStatus.SUCCESS, storage, failed_steps=ordered)
    return ready


def _finish(run: Run, status: str, storage: DjangoInstanceStorage, failed_steps: Sequence[str] = ()) -> None:
    run_id = str(run.id)
    if status == RunStatus.SUCCESS:
        started = run.start_time.timestamp() if run.start_time else time.time()
        event = DagsterEvent(
            DagsterEventType.RUN_SUCCESS,
            run_id=run_id,
            message=f"Finished run {run_id} in {time.time() - started:.3f}s",
        )
    elif status == RunStatus.CANCELED:
        event = DagsterEvent(
            DagsterEventType.RUN_CANCELED,
            run_id=run_id,
            message=f"Canceled run {run_id}",
            level=logging.WARNING,
        )
    else:
        event = DagsterEvent(
            DagsterEventType.RUN_FAILURE,
            run_id=run_id,
            message=f"Run failed: step(s) {', '.join(failed_steps)} failed",
            level=logging.ERROR,
            payload={"failed_steps": list(failed_steps)},
        )
    storage.store_events([event])
    run.status = status


def _settle_canceled_locked(run: Run, storage: DjangoInstanceStorage) -> bool:
    if run.status != RunStatus.CANCELING:
        return False
    if StepStats.objects.filter(run=run, status=Status.RUNNING).exists():
        return False
    _finish(run, RunStatus.CANCELED, storage)
    return True


def run_settle_canceled(*, run_id: str) -> bool:
    """A CANCELING per-step run with no step running is CANCELED (needs no user code)."""
    with transaction.atomic():
        run = Run.objects.select_for_update().filter(id=run_id, executor=Executor.PER_STEP).first()
        if run is None:
            return False
        return _settle_canceled_locked(run, DjangoInstanceStorage())


# -- dispatch and recovery --------------------------------------------------------------------------------
def steps_dispatch(*, run_id: str, step_keys: Iterable[str]) -> None:
    """Send a task per step (after commit). A failed send is retried by :func:`steps_monitor`."""
    from .tasks import execute_step

    for key in step_keys:
        try:
            execute_step.delay(run_id, key)
        except Exception:
            logger.exception("Could not dispatch step %s of run %s; it will be retried", key, run_id)


def steps_monitor(*, now: datetime) -> dict[str, int]:
    """Recover started per-step runs: fail steps whose worker went silent, re-send steps whose
    task was lost, settle canceled runs. Loads user code (runs on a worker or the daemon)."""
    stale_cutoff = now - timedelta(seconds=settings.ORCHESTRATOR_STALE_AFTER_SECONDS)
    resend_cutoff = now - timedelta(seconds=settings.ORCHESTRATOR_QUEUED_REDISPATCH_SECONDS)
    counts = {"steps_failed": 0, "steps_redispatched": 0, "runs_settled": 0}
    runs = Run.objects.filter(
        executor=Executor.PER_STEP, status__in=[RunStatus.STARTED, RunStatus.CANCELING]
    ).order_by("created_at")[:100]
    for run in runs:
        rows = StepStats.objects.filter(run=run)
        if run.status == RunStatus.CANCELING:
            counts["runs_settled"] += run_settle_canceled(run_id=str(run.id))
        lost = _lost_steps(rows, now=now, stale_cutoff=stale_cutoff)
        idle = not rows.filter(status=Status.RUNNING).exists()
        waiting = rows.filter(status=Status.PENDING, dispatched_at__lt=resend_cutoff).exists()
        if not lost and not waiting and not idle:
            continue
        try:
            plan = plan_for_run(run)
        except DatabaseError:
            logger.exception("Could not plan run %s; the monitor will try again", run.id)
            continue
        except Exception as exc:  # the code changed or broke: the run cannot go on
            run_fail(
                run_id=str(run.id),
                reason=f"{type(exc).__name__}: {exc}",
                traceback_text=traceback.format_exc(),
            )
            continue
        counts["steps_failed"] += _fail_lost_steps(run, plan, lost)
        counts["steps_redispatched"] += _redispatch_waiting(run, plan, resend_cutoff)
    return counts


def _lost_steps(
    rows: Any, *, now: datetime, stale_cutoff: datetime
) -> list[tuple[str, str, str, datetime | None]]:
    """``(step key, worker, reason, silent before)`` of RUNNING steps whose owner is gone (no
    time: it cannot come back) or went silent (only if still silent then, when failed)."""
    lost: dict[str, tuple[str, str, str, datetime | None]] = {}
    running = rows.filter(status=Status.RUNNING)
    for step_key, worker in running.values_list("step_key", "worker"):
        if owner_gone(worker):
            lost[step_key] = (step_key, worker, owner_lost_reason(f"step {step_key}", worker), None)
    stale = running.filter(heartbeat_at__lt=stale_cutoff).values_list("step_key", "worker", "heartbeat_at")
    for step_key, worker, heartbeat in stale:
        cutoff = silent_before(worker, now)
        if heartbeat is not None and heartbeat >= cutoff:
            continue
        age = (now - heartbeat).total_seconds() if heartbeat else 0.0
        reason = f"The worker running step {step_key} ({worker}) stopped sending heartbeats {age:.0f}s ago"
        lost.setdefault(step_key, (step_key, worker, reason, cutoff))
    return list(lost.values())


def _fail_lost_steps(
    run: Run, plan: ExecutionPlan, lost: Iterable[tuple[str, str, str, datetime | None]]
) -> int:
    """Fail each lost step, only if it is still its lost owner's (and still silent)."""
    failed = 0
    for step_key, worker, reason, silent_cutoff in lost:
        event = DagsterEvent(
            DagsterEventType.STEP_FAILURE,
            run_id=str(run.id),
            step_key=step_key,
            level=logging.ERROR,
            message=f"{step_key} failed: {reason}",
            payload={"error": {"message": reason, "cls": "StepWorkerLost", "traceback": ""}},
        )
        outputs = plan.step(step_key).outputs if step_key in plan.by_key else {}
        failed += step_finish(
            run_id=str(run.id),
            step_key=step_key,
            status=Status.FAILURE,
            unavailable=[(step_key, name) for name in outputs],
            events=[event],
            plan=plan,
            lost_worker=worker,
            stale_before=silent_cutoff,
        )
    return failed


def step_fail_if_owner_gone(*, run_id: str, step_key: str) -> bool:
    """Fail a RUNNING step at once when the process that claimed it has exited (a redelivered task)."""
    worker = (
        StepStats.objects.filter(run_id=run_id, step_key=step_key, status=Status.RUNNING)
        .values_list("worker", flat=True)
        .first()
    )
    if not worker or not owner_gone(worker):
        return False
    run = Run.objects.get(id=run_id)
    lost = [(step_key, worker, owner_lost_reason(f"step {step_key}", worker), None)]
    return bool(_fail_lost_steps(run, plan_for_run(run), lost))


def _redispatch_waiting(run: Run, plan: ExecutionPlan, cutoff: datetime) -> int:
    """Re-send ready steps whose task never started (lost message, failed send); the claim makes
    a duplicate harmless. Also advances a run that has nothing in flight."""
    storage = DjangoInstanceStorage()
    with transaction.atomic():
        locked = Run.objects.select_for_update().get(id=run.id)
        ready = _advance_locked(locked, plan, storage)
        if locked.status != RunStatus.STARTED:
            return 0
        rows = _step_rows(str(run.id))
        resend = [
            step.key
            for step in plan.steps
            if step.key in rows
            and rows[step.key]["status"] == Status.PENDING
            and rows[step.key]["dispatched_at"] is not None
            and rows[step.key]["dispatched_at"] < cutoff
            and all(rows[u]["status"] in FINISHED_STEP for u in step.upstream if u in rows)
        ]
        if resend:
            StepStats.objects.filter(run=locked, step_key__in=resend).update(dispatched_at=timezone.now())
        keys = [*ready, *resend]
        transaction.on_commit(lambda: steps_dispatch(run_id=str(run.id), step_keys=keys))
    if resend:
        logger.warning("Re-sent step(s) %s of run %s", ", ".join(resend), run.id)
    return len(resend)
