"""Read shapes of runs (lists, detail, events) and of the jobs, schedules and sensors of snapshots."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from assets_app.models import Materialization
from assets_app.selectors import location_indexes
from orchestrator_site.errors import NotFound

from .instance_storage import runs_matching
from .models import FINISHED, Run, RunEvent, StepStats


def run_queryset() -> QuerySet[Run]:
    """Runs, newest first."""
    return Run.objects.order_by("-created_at", "-id")


def run_filter(
    qs: QuerySet[Run], *, asset_key: str | None = None, tags: Iterable[tuple[str, str]] = ()
) -> QuerySet[Run]:
    return runs_matching(qs, asset_key=asset_key, tags=list(tags))


def run_filter_text(qs: QuerySet[Run], text: str) -> QuerySet[Run]:
    """Every word must appear (case-insensitive) in the run's id, job name or asset selection."""
    from django.db.models import Q

    for word in text.split():
        condition = Q(job_name__icontains=word) | Q(asset_selection__icontains=word)
        hex_part = word.replace("-", "").lower()
        if hex_part and all(c in "0123456789abcdef" for c in hex_part):
            condition |= Q(id__icontains=word)
        qs = qs.filter(condition)
    return qs


def run_get(run_id: str) -> Run:
    """The run, or a 404 (a malformed id is simply unknown)."""
    try:
        pk = uuid.UUID(str(run_id))
    except ValueError:
        raise NotFound(f"No run '{run_id}'") from None
    run = Run.objects.filter(pk=pk).first()
    if run is None:
        raise NotFound(f"No run '{run_id}'")
    return run


def run_detail(run_id: str) -> Run:
    """The run with ``steps`` (ordered by start) and ``materialized_asset_keys`` attached; three queries."""
    run = run_get(run_id)
    steps = StepStats.objects.filter(run=run).order_by("start_time", "id")
    run.step_list = list(steps)  # type: ignore[attr-defined]
    run.materialized_asset_keys = sorted(  # type: ignore[attr-defined]
        set(Materialization.objects.filter(run=run).values_list("asset_key", flat=True))
    )
    return run


@dataclass(frozen=True)
class EventPage:
    events: list[RunEvent]
    cursor: int
    has_more: bool
    run_status: str
    is_finished: bool


def run_events(*, run: Run, after: int = 0, limit: int = 1000) -> EventPage:
    """Events with a storage id above ``after``, oldest first.

    The run's status is read before its events: the final status and the final event are written in
    one transaction, so ``is_finished`` implies that every event has been stored.
    """
    status = Run.objects.filter(pk=run.pk).values_list("status", flat=True).get()
    rows = list(RunEvent.objects.filter(run_id=run.pk, id__gt=after).order_by("id")[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    return EventPage(
        events=rows,
        cursor=rows[-1].id if rows else after,
        has_more=has_more,
        run_status=status,
        is_finished=status in FINISHED and not has_more,
    )


def job_list(location: str | None = None) -> list[dict[str, Any]]:
    return [job for index in location_indexes(location) for job in index.jobs]


def schedule_list(location: str | None = None) -> list[dict[str, Any]]:
    return [s for index in location_indexes(location) for s in index.schedules]


def sensor_list(location: str | None = None) -> list[dict[str, Any]]:
    return [s for index in location_indexes(location) for s in index.sensors]
