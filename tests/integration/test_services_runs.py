"""A per-step run on PostgreSQL and Redis, spread over two worker processes.

Runs when ``ORCHESTRATOR_TEST_POSTGRES_URL`` and ``ORCHESTRATOR_TEST_REDIS_URL``
are set. The suite's database is SQLite, so the first test runs the second in a
pytest subprocess whose Django database (pytest-django's test database on that
server) and broker are those services; its workers get the same.
"""

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from runs_app.models import RunEvent, RunStatus
from runs_app.services import run_cancel, run_create, runs_monitor
from tests.fixtures.workers import WorkerPool, stop_all_workers, worker_environment

from .conftest import wait_for
from .test_worker_runs import event_types, finished, step_statuses, stored, worker_pids

POSTGRES_URL = os.environ.get("ORCHESTRATOR_TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("ORCHESTRATOR_TEST_REDIS_URL", "")
SERVICES_SESSION = "ORCHESTRATOR_TEST_SERVICES_SESSION"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (POSTGRES_URL and REDIS_URL),
        reason="set ORCHESTRATOR_TEST_POSTGRES_URL and ORCHESTRATOR_TEST_REDIS_URL to run on the services",
    ),
]


def django_database_url(sqlalchemy_url: str) -> str:
    """``postgresql+psycopg://…`` (SQLAlchemy) as the ``postgres://…`` URL Django reads."""
    parts = urllib.parse.urlsplit(sqlalchemy_url)
    return urllib.parse.urlunsplit(("postgres", *parts[1:]))


@pytest.mark.skipif(bool(os.environ.get(SERVICES_SESSION)), reason="inside the services session")
def test_per_step_run_on_postgres_and_redis(tmp_path):
    env = {
        **os.environ,
        SERVICES_SESSION: "1",
        "DATABASE_URL": django_database_url(POSTGRES_URL),
        "CELERY_BROKER_URL": REDIS_URL,
        "ORCHESTRATOR_HOME": str(tmp_path / "home"),
    }
    test = str(Path(__file__).relative_to(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", test, "-p", "no:cacheprovider", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0 and "2 passed" in result.stdout, (
        result.stdout[-6000:] + result.stderr[-3000:]
    )


@pytest.mark.skipif(not os.environ.get(SERVICES_SESSION), reason="runs in its own session on the services")
@pytest.mark.django_db(transaction=True)
def test_per_step_run_spreads_over_two_workers(fanout_location, celery_workers):
    assert connection.vendor == "postgresql" and connection.settings_dict["NAME"].startswith("test_")
    assert str(settings.CELERY_BROKER_URL).startswith("redis://")

    run = finished(run_create(selection="*", executor="per_step"), celery_workers)

    assert run.status == RunStatus.SUCCESS
    assert step_statuses(run) == {
        key: "SUCCESS" for key in ["root", *(f"leaf_{i}" for i in range(6)), "join"]
    }
    assert worker_pids(run) == celery_workers.pids and len(celery_workers.pids) == 2
    assert stored("join") == 6 + sum(range(6))
    assert (
        RunEvent.objects.filter(run=run).order_by("-id").values_list("event_type", flat=True)[0]
        == "RUN_SUCCESS"
    )


@pytest.mark.skipif(not os.environ.get(SERVICES_SESSION), reason="runs in its own session on the services")
@pytest.mark.django_db(transaction=True)
def test_cancel_terminates_a_step_that_does_not_stop(slow_location, settings, tmp_path):
    """A canceled in-process run stuck in a long step has its task terminated after the grace period."""
    settings.ORCHESTRATOR_CANCEL_GRACE_SECONDS = 0.5
    stop_all_workers()  # solo workers (other tests) cannot terminate a task: only prefork ones here
    (tmp_path / "logs").mkdir()
    pool = WorkerPool(worker_environment(), tmp_path / "logs", pool="prefork").ensure(1)
    try:
        run = run_create(selection=["slow", "after_slow"])
        wait_for(lambda: "STEP_START" in event_types(run, "slow"), what="the slow step to start")
        run_cancel(run=run)
        wait_for(lambda: runs_monitor()["terminated"] == 1, timeout=10, what="the overdue cancel")
        run.refresh_from_db()
        assert run.status == RunStatus.CANCELED
        # Released now, an unterminated step would finish within milliseconds and materialize.
        (slow_location / "release").touch()
        import time

        time.sleep(2)
        types = event_types(run)
        assert "ASSET_MATERIALIZATION" not in types and "STEP_SUCCESS" not in types, types
        # Output the step printed may be flushed as the task is terminated; the run's own last word stands.
        assert [t for t in types if t.startswith("RUN_")][-1] == "RUN_CANCELED"
    finally:
        pool.stop()
