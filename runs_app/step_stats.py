"""Folding a batch's step events into StepStats rows, written with a few queries per batch.

Updating ``StepStats`` per event cost one to three queries each; a 200-step run
spent most of its time there. The changes of a batch are folded per step (start,
retries, end, in order) and written with one SELECT, one UPDATE statement run
for many rows and, for steps without a row, one INSERT.
"""

import datetime as dt
from typing import Any

from django.db import connection, models

from orchestrator._core.events import DagsterEventType

from .models import RunEvent, StepStats

StepChanges = dict[tuple[str, str], dict[str, Any]]

_STEP_END_STATUS = {
    DagsterEventType.STEP_SUCCESS.value: StepStats.Status.SUCCESS,
    DagsterEventType.STEP_FAILURE.value: StepStats.Status.FAILURE,
    DagsterEventType.STEP_SKIPPED.value: StepStats.Status.SKIPPED,
}
STEP_EVENT_TYPES = frozenset(
    {DagsterEventType.STEP_START.value, DagsterEventType.STEP_UP_FOR_RETRY.value, *_STEP_END_STATUS}
)


def fold_step_event(pending: StepChanges, row: RunEvent) -> None:
    """Record ``row``'s effect on its step in ``pending``."""
    change = pending.setdefault((str(row.run_id), str(row.step_key)), {"retries": 0})
    at = dt.datetime.fromtimestamp(row.timestamp, tz=dt.UTC)
    kind = row.event_type
    if kind == DagsterEventType.STEP_UP_FOR_RETRY.value:
        change["retries"] += 1
    elif kind == DagsterEventType.STEP_START.value:
        change.update(status=StepStats.Status.RUNNING, start_time=at, attempts=1, retries=0)
    else:
        change.update(status=_STEP_END_STATUS[kind], end_time=at)


def write_step_changes(pending: StepChanges) -> None:
    """Apply folded step changes: one SELECT, one UPDATE statement for existing rows, one INSERT."""
    if not pending:
        return
    run_ids = {run_id for run_id, _ in pending}
    step_keys = {key for _, key in pending}
    existing = {
        (str(s.run_id), s.step_key): s
        for s in StepStats.objects.filter(run_id__in=run_ids, step_key__in=step_keys)
        if (str(s.run_id), s.step_key) in pending
    }
    updated, created = [], []
    for (run_id, step_key), change in pending.items():
        stats = existing.get((run_id, step_key))
        if stats is None:
            if "status" not in change:
                continue  # a retry of a step without a row: nothing to count
            stats = StepStats(run_id=run_id, step_key=step_key)
            created.append(stats)
        else:
            updated.append(stats)
        for field in ("status", "start_time", "end_time"):
            if field in change:
                setattr(stats, field, change[field])
        stats.attempts = change.get("attempts", stats.attempts) + change["retries"]
    if updated:
        _update_step_rows(updated)
    if created:
        StepStats.objects.bulk_create(created)


def _update_step_rows(rows: list[StepStats]) -> None:
    """One parametrised UPDATE for many rows (``bulk_update`` builds a CASE per row and field)."""
    meta = StepStats._meta
    fields = [
        field
        for name in ("status", "start_time", "end_time", "attempts")
        if isinstance(field := meta.get_field(name), models.Field)
    ]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        connection.ops.quote_name(meta.db_table),
        ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields),
        connection.ops.quote_name(meta.pk.column),
    )
    params = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk] for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
