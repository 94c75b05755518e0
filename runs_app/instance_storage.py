"""The SDK's instance storage over the server's database: one store of runs and materializations."""

import datetime as dt
import time
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from assets_app.models import AssetCheckEvaluation, AssetState, Materialization
from orchestrator._core.asset_key import AssetKey
from orchestrator._core.events import DagsterEvent, DagsterEventType
from orchestrator._core.instance import (
    DagsterInstance,
    EventLogEntry,
    EventLogRecord,
    EventRecordsFilter,
    RunsFilter,
)
from orchestrator._core.runs import DagsterRun, DagsterRunStatus

from .models import FINISHED, DynamicPartition, Run, RunEvent, RunStatus
from .step_stats import STEP_EVENT_TYPES, StepChanges, fold_step_event, write_step_changes

_STATUS_BY_EVENT = {
    DagsterEventType.RUN_START.value: RunStatus.STARTED,
    DagsterEventType.RUN_SUCCESS.value: RunStatus.SUCCESS,
    DagsterEventType.RUN_FAILURE.value: RunStatus.FAILURE,
    DagsterEventType.RUN_CANCELED.value: RunStatus.CANCELED,
    DagsterEventType.RUN_CANCELING.value: RunStatus.CANCELING,
}


def _ts(value: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(value, tz=dt.UTC)


def to_dagster_run(run: Run) -> DagsterRun:
    return DagsterRun(
        run_id=str(run.id),
        job_name=run.job_name,
        status=DagsterRunStatus(run.status),
        tags=dict(run.tags),
        run_config=dict(run.run_config),
        asset_selection=frozenset(AssetKey.from_user_string(k) for k in run.asset_selection)
        if run.asset_selection is not None
        else None,
        partition_key=run.partition_key,
        parent_run_id=str(run.parent_run_id) if run.parent_run_id else None,
        start_time=run.start_time.timestamp() if run.start_time else None,
        end_time=run.end_time.timestamp() if run.end_time else None,
    )


def to_event(row: RunEvent) -> DagsterEvent:
    return DagsterEvent(
        event_type=DagsterEventType(row.event_type),
        run_id=str(row.run_id),
        message=row.message,
        level=row.level,
        step_key=row.step_key,
        asset_key=AssetKey.from_user_string(row.asset_key) if row.asset_key else None,
        partition=row.partition,
        payload=row.payload,
        timestamp=row.timestamp,
    )


def to_record(row: RunEvent) -> EventLogRecord:
    return EventLogRecord(row.id, EventLogEntry(to_event(row)))


class DjangoInstanceStorage:
    """``InstanceStorage`` over the ORM; events are written in batches, one transaction each."""

    # -- runs -----------------------------------------------------------------
    def add_run(self, run: DagsterRun) -> None:
        Run.objects.update_or_create(
            id=uuid.UUID(run.run_id),
            defaults={
                "job_name": run.job_name,
                "status": run.status.value if run.status.value in RunStatus.values else RunStatus.QUEUED,
                "tags": dict(run.tags),
                "run_config": dict(run.run_config),
                "asset_selection": sorted(k.to_user_string() for k in run.asset_selection)
                if run.asset_selection is not None
                else None,
                "partition_key": run.partition_key,
                "location_name": run.tags.get("orchestrator/location", ""),
            },
        )

    def update_run(self, run: DagsterRun) -> None:
        Run.objects.filter(id=run.run_id).exclude(status__in=FINISHED).update(status=run.status.value)

    def get_run(self, run_id: str) -> DagsterRun | None:
        row = Run.objects.filter(id=run_id).first()
        return to_dagster_run(row) if row else None

    def get_runs(self, filters: RunsFilter | None, limit: int | None) -> list[DagsterRun]:
        qs = Run.objects.order_by("-created_at")
        if filters is not None:
            if filters.run_ids is not None:
                qs = qs.filter(id__in=list(filters.run_ids))
            if filters.job_name is not None:
                qs = qs.filter(job_name=filters.job_name)
            if filters.statuses is not None:
                qs = qs.filter(status__in=[s.value for s in filters.statuses])
            for key, value in (filters.tags or {}).items():
                qs = qs.filter(tag_rows__key=key, tag_rows__value=value)
        if limit is not None:
            qs = qs[:limit]
        return [to_dagster_run(r) for r in qs]

    # -- events ---------------------------------------------------------------
    def store_events(self, events: Sequence[DagsterEvent]) -> None:
        if not events:
            return
        with transaction.atomic():
            rows = RunEvent.objects.bulk_create(
                [
                    RunEvent(
                        run_id=e.run_id,
                        event_type=e.event_type.value,
                        level=e.level,
                        step_key=e.step_key,
                        asset_key=e.asset_key.to_user_string() if e.asset_key else None,
                        partition=e.partition,
                        message=e.message,
                        payload=e.payload,
                        timestamp=e.timestamp,
                    )
                    for e in events
                ]
            )
            self._derive(rows)

    def _derive(self, rows: list[RunEvent]) -> None:
        mats, checks = [], []
        step_changes: StepChanges = {}
        for row in rows:
            kind = row.event_type
            if kind == DagsterEventType.ASSET_MATERIALIZATION.value and row.asset_key:
                mats.append(
                    Materialization(
                        asset_key=row.asset_key,
                        partition=row.partition,
                        run_id=row.run_id,
                        event_id=row.id,
                        step_key=row.step_key,
                        timestamp=_ts(row.timestamp),
                        metadata=row.payload.get("metadata", {}),
                    )
                )
            elif kind == DagsterEventType.ASSET_CHECK_EVALUATION.value and row.asset_key:
                p = row.payload
                checks.append(
                    AssetCheckEvaluation(
                        asset_key=row.asset_key,
                        check_name=p.get("check_name", ""),
                        partition=row.partition,
                        run_id=row.run_id,
                        event_id=row.id,
                        passed=bool(p.get("passed")),
                        severity=p.get("severity", "ERROR"),
                        blocking=bool(p.get("blocking")),
                        metadata=p.get("metadata", {}),
                        timestamp=_ts(row.timestamp),
                    )
                )
            elif kind in _STATUS_BY_EVENT:
                self._run_status(row)
            elif row.step_key and kind in STEP_EVENT_TYPES:
                fold_step_event(step_changes, row)
        if mats:
            created = Materialization.objects.bulk_create(mats)
            latest = {m.asset_key: m for m in created}
            AssetState.objects.bulk_create(
                [AssetState(asset_key=k, latest_materialization=m) for k, m in latest.items()],
                update_conflicts=True,
                unique_fields=["asset_key"],
                update_fields=["latest_materialization"],
            )
        if checks:
            AssetCheckEvaluation.objects.bulk_create(checks)
        write_step_changes(step_changes)

    @staticmethod
    def _run_status(row: RunEvent) -> None:
        status = _STATUS_BY_EVENT[row.event_type]
        changes: dict[str, Any] = {"status": status}
        runs = Run.objects.filter(id=row.run_id).exclude(status__in=FINISHED)
        if status == RunStatus.STARTED:
            # A cancel requested before the run's start event is written must not be undone.
            runs = runs.filter(status__in=[RunStatus.QUEUED, RunStatus.STARTING])
            changes["start_time"] = _ts(row.timestamp)
        elif status in FINISHED:
            changes["end_time"] = _ts(row.timestamp)
            if status == RunStatus.FAILURE and row.payload.get("error"):
                changes["failure_reason"] = row.payload["error"].get("message", "")
        runs.update(**changes)

    def get_run_events(self, run_id: str, after_storage_id: int | None) -> list[EventLogRecord]:
        qs = RunEvent.objects.filter(run_id=run_id).order_by("id")
        if after_storage_id is not None:
            qs = qs.filter(id__gt=after_storage_id)
        return [to_record(r) for r in qs]

    def get_event_records(
        self, filters: EventRecordsFilter, limit: int | None, ascending: bool
    ) -> list[EventLogRecord]:
        qs = RunEvent.objects.filter(event_type=filters.event_type.value)
        if filters.asset_key is not None:
            key = filters.asset_key.to_user_string()
            qs = qs.filter(asset_key=key)
            floor = (
                AssetState.objects.filter(asset_key=key)
                .values_list("wiped_after_event_id", flat=True)
                .first()
            )
            if floor:
                qs = qs.filter(id__gt=floor)
        if filters.asset_partitions is not None:
            qs = qs.filter(partition__in=list(filters.asset_partitions))
        if filters.after_cursor is not None:
            qs = qs.filter(id__gt=filters.after_cursor)
        if filters.before_cursor is not None:
            qs = qs.filter(id__lt=filters.before_cursor)
        qs = qs.order_by("id" if ascending else "-id")
        if limit is not None:
            qs = qs[:limit]
        return [to_record(r) for r in qs]

    # -- assets ---------------------------------------------------------------
    def wipe_asset(self, key: AssetKey) -> None:
        name = key.to_user_string()
        last = RunEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        AssetState.objects.update_or_create(
            asset_key=name, defaults={"wiped_after_event_id": last, "latest_materialization": None}
        )

    def asset_keys(self) -> list[AssetKey]:
        names = AssetState.objects.filter(latest_materialization__isnull=False).values_list(
            "asset_key", flat=True
        )
        return sorted(AssetKey.from_user_string(n) for n in names)

    # -- dynamic partitions ---------------------------------------------------
    def get_dynamic_partitions(self, name: str) -> list[str]:
        return list(DynamicPartition.objects.filter(name=name).order_by("id").values_list("key", flat=True))

    def add_dynamic_partitions(self, name: str, keys: Sequence[str]) -> None:
        DynamicPartition.objects.bulk_create(
            [DynamicPartition(name=name, key=k) for k in keys], ignore_conflicts=True
        )

    def delete_dynamic_partition(self, name: str, key: str) -> None:
        DynamicPartition.objects.filter(name=name, key=key).delete()


class DatabaseEventSink:
    """Buffers a run's events and writes them in batches.

    A batch is written when a step or run finishes, when ``max_batch`` events
    are waiting, or when the oldest waiting event is ``max_delay`` seconds old,
    so logs appear live without a write per event.
    """

    _FLUSH_ON = frozenset(
        {
            DagsterEventType.STEP_SUCCESS,
            DagsterEventType.STEP_FAILURE,
            DagsterEventType.STEP_SKIPPED,
            DagsterEventType.STEP_UP_FOR_RETRY,
            DagsterEventType.RUN_START,
            DagsterEventType.RUN_SUCCESS,
            DagsterEventType.RUN_FAILURE,
            DagsterEventType.RUN_CANCELED,
        }
    )

    def __init__(self, storage: DjangoInstanceStorage, *, max_batch: int = 200, max_delay: float = 0.2):
        self.storage = storage
        self.max_batch = max_batch
        self.max_delay = max_delay
        self._buffer: list[DagsterEvent] = []
        self._oldest = 0.0

    def handle_event(self, event: DagsterEvent) -> None:
        if not self._buffer:
            self._oldest = time.monotonic()
        self._buffer.append(event)
        if (
            event.event_type in self._FLUSH_ON
            or len(self._buffer) >= self.max_batch
            or time.monotonic() - self._oldest >= self.max_delay
        ):
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            batch, self._buffer = self._buffer, []
            self.storage.store_events(batch)


def database_instance() -> DagsterInstance:
    """``DagsterInstance.get()`` inside the server and its workers."""
    return DagsterInstance(DjangoInstanceStorage(), storage_dir=str(settings.ORCHESTRATOR_STORAGE_DIR))


def runs_matching(qs: Any, *, asset_key: str | None = None, tags: Iterable[tuple[str, str]] = ()) -> Any:
    """Filter a Run queryset by asset and tags (used by the API and the instance)."""
    if asset_key:
        qs = qs.filter(asset_rows__asset_key=asset_key)
    for key, value in tags:
        qs = qs.filter(Q(tag_rows__key=key) & Q(tag_rows__value=value))
    return qs.distinct() if asset_key or tags else qs
