"""Run use cases: create and dispatch, cancel, re-execute, and recover runs whose worker vanished."""

import contextlib
import logging
import os
import signal
import time
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from orchestrator._core.definitions.job_definition import IMPLICIT_ASSET_JOB_NAME
from orchestrator._core.events import DagsterEvent, DagsterEventType
from orchestrator._core.resources.secrets import redact_secrets
from orchestrator_site.errors import DomainError

from . import snapshots
from .instance_storage import DjangoInstanceStorage, database_instance
from .launch_validation import check_tags, validate_launch
from .models import FINISHED, Executor, Run, RunAsset, RunEvent, RunStatus, RunTag, StepStats
from .process_liveness import local_worker_prefix, owner_gone, pool_child_of_worker, silent_before
from .system_tags import MAX_RETRIES_TAG, MAX_RUNTIME_TAG, RETRY_NUMBER_TAG, RETRY_STRATEGY_TAG

logger = logging.getLogger(__name__)


def run_create(
    *,
    selection: str | Sequence[str] | None = None,
    job: str | None = None,
    partition_key: str | None = None,
    partition_range: tuple[str, str] | None = None,
    tags: Mapping[str, str] | None = None,
    run_config: Mapping[str, Any] | None = None,
    executor: str = Executor.IN_PROCESS,
    location_name: str | None = None,
    created_by: str = "",
    parent_run: Run | None = None,
    step_selection: Sequence[str] | None = None,
    dispatch: bool = True,
) -> Run:
    """Validate against the stored snapshot, create a QUEUED run, dispatch it after commit.

    ``dispatch=False`` leaves the run for the caller to execute (the command line
    runs it in its own process).
    """
    location = snapshots.loaded_location(location_name)
    if executor not in Executor.values:
        raise DomainError("executor", f"Unknown executor '{executor}'; use {' or '.join(Executor.values)}")
    launch = validate_launch(
        location=location,
        selection=selection,
        job=job,
        partition_key=partition_key,
        partition_range=partition_range,
        run_config=run_config or {},
        instance=database_instance(),
    )
    run_tags = check_tags(tags or {})
    if launch.partition_key is not None:
        run_tags["dagster/partition"] = launch.partition_key
    if launch.partition_range is not None:
        run_tags["dagster/asset_partition_range_start"], run_tags["dagster/asset_partition_range_end"] = (
            launch.partition_range
        )
    with transaction.atomic():
        run = Run.objects.create(
            location_name=location.name,
            job_name=launch.job_name,
            asset_selection=launch.asset_keys,
            partition_key=launch.partition_key,
            partition_range_start=launch.partition_range[0] if launch.partition_range else None,
            partition_range_end=launch.partition_range[1] if launch.partition_range else None,
            tags=run_tags,
            run_config=dict(run_config or {}),
            executor=executor,
            created_by=created_by,
            parent_run=parent_run,
            root_run_id=(parent_run.root_run_id or parent_run.id) if parent_run else None,
            step_selection=list(step_selection) if step_selection is not None else None,
        )
        RunTag.objects.bulk_create([RunTag(run=run, key=k, value=v) for k, v in run_tags.items()])
        RunAsset.objects.bulk_create([RunAsset(run=run, asset_key=k) for k in launch.asset_keys or ()])
        DjangoInstanceStorage().store_events(
            [DagsterEvent(DagsterEventType.RUN_ENQUEUED, run_id=str(run.id), message="Run queued")]
        )
        if dispatch:
            transaction.on_commit(lambda: run_dispatch(run_id=str(run.id)))
    return run


def run_dispatch(*, run_id: str) -> None:
    """Send the run's task to the broker (called after commit; safe to call twice)."""
    from .tasks import execute_run

    Run.objects.filter(id=run_id).update(dispatch_count=F("dispatch_count") + 1, dispatched_at=timezone.now())
    count = Run.objects.values_list("dispatch_count", flat=True).get(id=run_id)
    try:
        execute_run.apply_async(args=[run_id], task_id=run_task_id(run_id, count))
    except Exception:
        # The broker is down: the run stays QUEUED and the monitor dispatches it again.
        logger.exception("Could not dispatch run %s; it will be retried", run_id)


def run_task_id(run_id: str, dispatch: int) -> str:
    """The Celery task id of a run's ``dispatch``-th dispatch, so cancel can revoke it."""
    return f"run-{run_id}-{dispatch}"


def broker_has_broadcast() -> bool:
    """Revoking tasks needs broadcast, which the embedded SQLAlchemy broker lacks."""
    return not str(settings.CELERY_BROKER_URL).startswith("sqla+")


def _revoke_run_tasks(run_id: str, dispatch_count: int, *, terminate: bool) -> None:
    if not broker_has_broadcast() or dispatch_count < 1:
        return
    from orchestrator_site.celery import app

    ids = [run_task_id(run_id, n) for n in range(1, dispatch_count + 1)]
    try:
        app.control.revoke(ids, terminate=terminate, signal="SIGTERM")
    except Exception:
        logger.exception("Could not revoke the tasks of run %s", run_id)


def run_cancel(*, run: Run) -> Run:
    """QUEUED runs are canceled (and their task revoked) at once; running ones stop between steps.

    A running in-process run that has not stopped after ``ORCHESTRATOR_CANCEL_GRACE_SECONDS``
    is terminated by :func:`runs_monitor`.
    """
    storage = DjangoInstanceStorage()
    if Run.objects.filter(id=run.id, status=RunStatus.QUEUED).update(
        status=RunStatus.CANCELED, end_time=timezone.now()
    ):
        storage.store_events(
            [
                DagsterEvent(
                    DagsterEventType.RUN_CANCELED, run_id=str(run.id), message="Canceled before it started"
                )
            ]
        )
        _revoke_run_tasks(str(run.id), run.dispatch_count, terminate=False)
    elif Run.objects.filter(id=run.id, status__in=[RunStatus.STARTING, RunStatus.STARTED]).update(
        status=RunStatus.CANCELING
    ):
        storage.store_events(
            [DagsterEvent(DagsterEventType.RUN_CANCELING, run_id=str(run.id), message="Cancel requested")]
        )
        if run.executor == Executor.PER_STEP:
            from .step_execution import run_settle_canceled

            # Steps not yet started are never dispatched now; with none running it is over.
            run_settle_canceled(run_id=str(run.id))
    elif run.status in FINISHED:
        raise DomainError("status", f"Run {run.id} already finished ({run.status})")
    run.refresh_from_db()
    return run


def run_reexecute(
    *,
    run: Run,
    from_failure: bool = False,
    step_selection: Sequence[str] | None = None,
    created_by: str = "",
    tags: Mapping[str, str] | None = None,
) -> Run:
    """A new run of the same selection; ``from_failure`` runs only the steps that did not succeed,
    ``step_selection`` only the steps named (steps of the earlier run).

    The new run loads the outputs of the steps it skips from storage (assets by key,
    run-scoped op outputs from the run that produced them). Needs no user code: the
    steps of the earlier run are its ``StepStats`` rows. ``tags`` are added to the
    earlier run's own tags (its ``dagster/`` system tags are not carried over).
    """
    if step_selection is not None:
        if from_failure:
            raise DomainError("step_selection", "Pass step_selection or from_failure, not both")
        known = _run_step_keys(run)
        unknown = sorted(set(step_selection) - known)
        if unknown:
            raise DomainError(
                "step_selection",
                f"Unknown step(s) of run {run.id}: {', '.join(unknown)}; steps: {', '.join(sorted(known)) or 'none'}",
            )
        step_selection = sorted(set(step_selection))
    else:
        step_selection = run.step_selection
    if from_failure:
        if run.status != RunStatus.FAILURE:
            raise DomainError("from_failure", f"Run {run.id} did not fail ({run.status})")
        statuses = dict(StepStats.objects.filter(run=run).values_list("step_key", "status"))
        if statuses:  # none when the run failed before planning: run it all again
            step_selection = sorted(k for k, v in statuses.items() if v != StepStats.Status.SUCCESS)
    return run_create(
        selection=run.asset_selection if run.asset_selection is not None else None,
        job=run.job_name if run.job_name != IMPLICIT_ASSET_JOB_NAME else None,
        partition_key=run.partition_key,
        partition_range=(run.partition_range_start, run.partition_range_end or run.partition_range_start)
        if run.partition_range_start
        else None,
        tags={**{k: v for k, v in run.tags.items() if not k.startswith("dagster/")}, **(tags or {})},
        run_config=run.run_config,
        executor=run.executor,
        location_name=run.location_name,
        created_by=created_by,
        parent_run=run,
        step_selection=step_selection,
    )


def _run_step_keys(run: Run) -> set[str]:
    """The steps of a run: its step rows, or (before it was planned) the nodes of its assets."""
    keys = set(StepStats.objects.filter(run=run).values_list("step_key", flat=True))
    if keys or not run.asset_selection:
        return keys
    wanted = set(run.asset_selection)
    location = snapshots.loaded_location(run.location_name)
    return {a.node_name for a in snapshots.definitions_snapshot(location).assets if a.key_string in wanted}


def runs_retry_failed(*, since: Any) -> int:
    """Launch the retry of every run failed since ``since`` whose ``dagster/max_retries`` allows one.

    As in Dagster, the retry is a re-execution (``dagster/retry_strategy``: ``FROM_FAILURE``,
    the default, or ``ALL_STEPS``) tagged with its ``dagster/retry_number``. The failed run
    is locked while its retry is created, so two monitors never retry it twice.
    """
    candidates = (
        Run.objects.filter(status=RunStatus.FAILURE, end_time__gte=since, tag_rows__key=MAX_RETRIES_TAG)
        .exclude(children__tag_rows__key=RETRY_NUMBER_TAG)
        .values_list("id", flat=True)
    )
    retried = 0
    for run_id in list(candidates[:100]):
        with transaction.atomic():
            run = Run.objects.select_for_update().get(id=run_id)
            tags = run.tags
            try:
                allowed, number = int(tags[MAX_RETRIES_TAG]), int(tags.get(RETRY_NUMBER_TAG, "0"))
            except ValueError:
                logger.warning("Run %s has a non-numeric %s tag; not retried", run_id, MAX_RETRIES_TAG)
                continue
            if number >= allowed or run.children.filter(tag_rows__key=RETRY_NUMBER_TAG).exists():
                continue
            strategy = tags.get(RETRY_STRATEGY_TAG, "FROM_FAILURE")
            retry_tags = {MAX_RETRIES_TAG: str(allowed), RETRY_NUMBER_TAG: str(number + 1)}
            if RETRY_STRATEGY_TAG in tags:
                retry_tags[RETRY_STRATEGY_TAG] = strategy
            try:
                run_reexecute(
                    run=run, from_failure=strategy != "ALL_STEPS", created_by=run.created_by, tags=retry_tags
                )
            except DomainError as exc:  # e.g. the code location no longer has the assets
                logger.warning("Run %s could not be retried: %s", run_id, exc)
                continue
        retried += 1
    return retried


def max_runtime_of(tags: Mapping[str, str]) -> float | None:
    """The run's ``dagster/max_runtime`` in seconds, or None (no limit, or not a positive number)."""
    try:
        limit = float(tags[MAX_RUNTIME_TAG])
    except (KeyError, ValueError):
        return None
    return limit if limit > 0 else None


def max_runtime_reason(limit: float) -> str:
    return f"The run exceeded its maximum runtime of {limit:g}s ({MAX_RUNTIME_TAG}) and was terminated"


def _enforce_max_runtime(now: Any) -> int:
    """Fail runs past their ``dagster/max_runtime`` and stop what still executes them.

    The process executing a run enforces the limit itself (see ``execution.Heartbeat``);
    this catches owners that could not (a step holding the interpreter), a heartbeat
    interval later: their process is killed when it is a pool child on this machine, and
    their tasks are revoked where the broker broadcasts.
    """
    active = Run.objects.filter(
        status__in=[RunStatus.STARTING, RunStatus.STARTED, RunStatus.CANCELING],
        tag_rows__key=MAX_RUNTIME_TAG,
        start_time__isnull=False,
    ).values_list("id", "tags", "start_time", "dispatch_count", "worker")
    grace = 2 * settings.ORCHESTRATOR_HEARTBEAT_SECONDS
    failed = 0
    for run_id, tags, start_time, dispatch_count, worker in list(active[:100]):
        limit = max_runtime_of(tags)
        if limit is None or (now - start_time).total_seconds() < limit + grace:
            continue
        running_steps = StepStats.objects.filter(run_id=run_id, status=StepStats.Status.RUNNING)
        owners = [worker, *running_steps.values_list("worker", flat=True)]
        if run_fail_lost(run_id=str(run_id), reason=max_runtime_reason(limit)):
            failed += 1
            _terminate_owners(owners)
            _revoke_run_tasks(str(run_id), dispatch_count, terminate=True)
    return failed


def _terminate_owners(workers: Sequence[str]) -> None:
    """SIGKILL the pool children on this machine that execute a run (never a worker's main process)."""
    for worker in set(workers):
        host_prefix, _, pid_text = worker.rpartition(":")
        if f"{host_prefix}:" != local_worker_prefix() or not pid_text.isdigit():
            continue
        pid = int(pid_text)
        if pool_child_of_worker(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def runs_monitor() -> dict[str, int]:
    """Recover runs whose task was lost (run by beat on a worker; idempotent).

    - QUEUED runs dispatched longer ago than the threshold are dispatched again (the
      conditional claim makes a duplicate harmless);
    - started in-process runs, and per-step runs still starting, whose owner process is gone
      (checked directly on this machine) or whose heartbeat is stale are failed with the
      reason in their event stream;
    - per-step runs are recovered step by step (see ``step_execution.steps_monitor``);
    - runs past their ``dagster/max_runtime`` are failed and terminated;
    - failed runs whose ``dagster/max_retries`` tag allows it are retried.
    """
    from .step_execution import steps_monitor

    now = timezone.now()
    queued_cutoff = now - timedelta(seconds=settings.ORCHESTRATOR_QUEUED_REDISPATCH_SECONDS)
    redispatched = failed = 0
    lost = Run.objects.filter(status=RunStatus.QUEUED, created_at__lt=queued_cutoff).filter(
        Q(dispatched_at__lt=queued_cutoff) | Q(dispatched_at__isnull=True)
    )
    for run_id in lost.order_by("created_at").values_list("id", flat=True)[:100]:
        run_dispatch(run_id=str(run_id))
        redispatched += 1
    over_time = _enforce_max_runtime(now)
    for lost_id, reason in _lost_runs(now):
        failed += run_fail_lost(run_id=lost_id, reason=reason)
    terminated = _terminate_overdue_cancels(now)
    return {
        "redispatched": redispatched,
        "failed": failed,
        "terminated": terminated,
        "over_time": over_time,
        "retried": runs_retry_failed(since=now - timedelta(days=1)),
        **steps_monitor(now=now),
    }


def _active_in_process_runs() -> Any:
    """Runs whose progress a live owner process vouches for: in-process runs being executed, and
    per-step runs still starting (a started per-step run's steps are watched one by one)."""
    return Run.objects.filter(
        status__in=[RunStatus.STARTING, RunStatus.STARTED, RunStatus.CANCELING]
    ).exclude(executor=Executor.PER_STEP, status__in=[RunStatus.STARTED, RunStatus.CANCELING])


def _lost_runs(now: Any) -> list[tuple[str, str]]:
    """``(run id, reason)`` of active runs whose owner process is gone or went silent."""
    stale_cutoff = now - timedelta(seconds=settings.ORCHESTRATOR_STALE_AFTER_SECONDS)
    active = _active_in_process_runs()
    lost: dict[str, str] = {}
    local = active.filter(worker__startswith=local_worker_prefix()).values_list("id", "worker")
    for run_id, worker in list(local[:500]):
        if owner_gone(worker):
            lost[str(run_id)] = owner_lost_reason("this run", worker)
    stale = active.filter(heartbeat_at__lt=stale_cutoff).values_list("id", "heartbeat_at", "worker")
    for run_id, heartbeat, worker in list(stale[:100]):
        if heartbeat is not None and heartbeat >= silent_before(worker, now):
            continue
        age = (now - heartbeat).total_seconds() if heartbeat else 0.0
        reason = f"The worker running this run ({worker}) stopped sending heartbeats {age:.0f}s ago"
        lost.setdefault(str(run_id), reason)
    return list(lost.items())


def owner_lost_reason(what: str, worker: str) -> str:
    return (
        f"The worker process running {what} ({worker}) was lost: it exited before finishing "
        "(killed by a signal, e.g. by the out-of-memory killer)"
    )


def run_fail_lost(*, run_id: str, reason: str) -> bool:
    """Fail a run whose owner was lost, with the steps it was running (in one transaction, so no
    reader sees the run failed and its step still running)."""
    with transaction.atomic():
        if not run_fail(run_id=run_id, reason=reason):
            return False
        StepStats.objects.filter(run_id=run_id, status=StepStats.Status.RUNNING).update(
            status=StepStats.Status.FAILURE, end_time=timezone.now()
        )
    return True


def run_fail_if_owner_gone(*, run_id: str) -> bool:
    """Fail an active in-process run at once when the process that claimed it has exited."""
    row = _active_in_process_runs().filter(id=run_id).values_list("worker", flat=True).first()
    if not row or not owner_gone(row):
        return False
    return run_fail_lost(run_id=run_id, reason=owner_lost_reason("this run", row))


def _terminate_overdue_cancels(now: Any) -> int:
    """Terminate the task of an in-process run still running a grace period after its cancel."""
    if not broker_has_broadcast():
        return 0
    cutoff = now.timestamp() - settings.ORCHESTRATOR_CANCEL_GRACE_SECONDS
    overdue = RunEvent.objects.filter(
        event_type=DagsterEventType.RUN_CANCELING.value,
        timestamp__lt=cutoff,
        run__status=RunStatus.CANCELING,
        run__executor=Executor.IN_PROCESS,
    ).values_list("run_id", "run__dispatch_count")
    count = 0
    for run_id, dispatch_count in list(overdue[:100]):
        _revoke_run_tasks(str(run_id), dispatch_count, terminate=True)
        if Run.objects.filter(id=run_id, status=RunStatus.CANCELING).update(
            status=RunStatus.CANCELED, end_time=now
        ):
            StepStats.objects.filter(run_id=run_id, status=StepStats.Status.RUNNING).update(
                status=StepStats.Status.FAILURE, end_time=now
            )
            DjangoInstanceStorage().store_events(
                [
                    DagsterEvent(
                        DagsterEventType.RUN_CANCELED,
                        run_id=str(run_id),
                        message="Canceled: the run did not stop between steps in time, so its task was terminated",
                        level=30,
                    )
                ]
            )
            count += 1
    return count


def run_fail(*, run_id: str, reason: str, traceback_text: str = "") -> bool:
    """Mark a run FAILURE with ``reason`` unless it already finished; records a RUN_FAILURE event."""
    reason, traceback_text = redact_secrets(reason), redact_secrets(traceback_text)
    updated = (
        Run.objects.filter(id=run_id)
        .exclude(status__in=FINISHED)
        .update(status=RunStatus.FAILURE, end_time=timezone.now(), failure_reason=reason)
    )
    if updated:
        DjangoInstanceStorage().store_events(
            [
                DagsterEvent(
                    DagsterEventType.RUN_FAILURE,
                    run_id=run_id,
                    message=f"Run failed: {reason}",
                    level=40,
                    payload={"error": {"message": reason, "cls": "RunFailure", "traceback": traceback_text}},
                    timestamp=time.time(),
                )
            ]
        )
    return bool(updated)
