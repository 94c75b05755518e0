"""Worker heartbeat rows: one per worker process, updated in place, removed on shutdown, pruned after a day."""

import datetime as dt

import pytest
from django.utils import timezone

from runs_app.models import WorkerHeartbeat
from runs_app.worker_liveness import (
    worker_heartbeat_prune,
    worker_heartbeat_record,
    worker_heartbeat_remove,
    workers_alive,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


def test_a_worker_has_one_row_updated_at_each_report() -> None:
    worker_heartbeat_record(name="host-a:101", now=NOW)
    worker_heartbeat_record(name="host-a:101", now=NOW + dt.timedelta(seconds=5))

    row = WorkerHeartbeat.objects.get()
    assert (row.name, row.started_at, row.last_seen) == ("host-a:101", NOW, NOW + dt.timedelta(seconds=5))


def test_alive_means_reported_within_the_stale_window() -> None:
    worker_heartbeat_record(name="host-b:2", now=NOW - dt.timedelta(seconds=59))
    worker_heartbeat_record(name="host-a:1", now=NOW)
    worker_heartbeat_record(name="host-c:3", now=NOW - dt.timedelta(seconds=61))

    assert workers_alive(now=NOW) == ["host-a:1", "host-b:2"]


def test_a_stopped_worker_removes_its_row_and_silent_ones_are_pruned_after_a_day() -> None:
    worker_heartbeat_record(name="stopped:1", now=NOW)
    worker_heartbeat_record(name="killed:2", now=NOW - dt.timedelta(days=1, seconds=1))
    worker_heartbeat_record(name="quiet:3", now=NOW - dt.timedelta(hours=23))

    worker_heartbeat_remove(name="stopped:1")
    pruned = worker_heartbeat_prune(now=NOW)

    assert pruned == 1
    assert list(WorkerHeartbeat.objects.values_list("name", flat=True)) == ["quiet:3"]
    assert workers_alive(now=timezone.now()) == []
