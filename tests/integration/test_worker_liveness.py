"""A real worker process reports in to the database; /api/health/ counts it alive until it goes silent."""

import socket
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from runs_app.models import WorkerHeartbeat
from tests.fixtures.workers import WorkerPool, stop_all_workers, worker_environment

from .conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def workers_report() -> tuple[int, dict[str, Any]]:
    response = APIClient().get("/api/health/")
    return response.status_code, response.json()


@override_settings(ORCHESTRATOR_STALE_AFTER_SECONDS=3.0)
def test_a_worker_is_alive_while_it_reports_and_dead_once_killed(
    django_db_setup: Any, tmp_path: Path
) -> None:
    stop_all_workers()  # only this test's worker reports in
    WorkerHeartbeat.objects.all().delete()
    pool = WorkerPool(worker_environment(), tmp_path)  # heartbeats every 0.5 s
    try:
        worker = pool.ensure(1).workers[0]
        name = f"{socket.gethostname()}:{worker.pid}"  # the worker's main process (solo pool)

        _, body = wait_for(
            lambda: (r := workers_report())[1]["workers"]["ok"] and r, what="the worker's heartbeat"
        )
        assert body["workers"] == {"ok": True, "alive": 1, "names": [name]}
        assert body["failing"] == ["daemon"]  # no daemon in this test
        first_seen = WorkerHeartbeat.objects.get(name=name).last_seen
        wait_for(
            lambda: WorkerHeartbeat.objects.get(name=name).last_seen > first_seen, what="a second heartbeat"
        )

        pool.kill(worker.pid)  # no shutdown handler runs: its row ages out
        _, body = wait_for(
            lambda: not (r := workers_report())[1]["workers"]["ok"] and r, what="the worker to go stale"
        )
        assert body["failing"] == ["workers", "daemon"]
        assert body["workers"] == {
            "ok": False,
            "alive": 0,
            "names": [],
            "error": "no worker has reported in the last 3 s",
        }
        assert WorkerHeartbeat.objects.filter(name=name).exists()
    finally:
        pool.stop()


def test_a_worker_stopped_warmly_removes_its_row(django_db_setup: Any, tmp_path: Path) -> None:
    stop_all_workers()
    WorkerHeartbeat.objects.all().delete()
    pool = WorkerPool(worker_environment(), tmp_path)
    worker = pool.ensure(1).workers[0]
    name = f"{socket.gethostname()}:{worker.pid}"
    wait_for(lambda: WorkerHeartbeat.objects.filter(name=name).exists(), what="a heartbeat")

    worker.process.terminate()  # SIGTERM: warm shutdown
    try:
        worker.process.wait(timeout=30)
    finally:
        pool.stop()

    assert not WorkerHeartbeat.objects.filter(name=name).exists()
