"""``GET /api/health/``: database, broker and workers, 200 when all work, 503 naming what does not."""

import datetime as dt
import os
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from runs_app.worker_liveness import worker_heartbeat_record

pytestmark = pytest.mark.django_db


def health() -> Any:
    return APIClient().get("/api/health/")


def test_without_workers_database_and_broker_are_ok_and_workers_fail() -> None:
    response = health()

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["workers", "daemon"]
    assert body["database"] == {"ok": True, "vendor": connection.vendor}
    assert body["broker"]["ok"] is True
    assert body["broker"]["transport"] == "sqla"
    assert body["workers"] == {
        "ok": False,
        "alive": 0,
        "names": [],
        "error": "no worker has reported in the last 60 s",
    }
    assert body["daemon"]["error"] == "no daemon has reported in the last 60 s"


def test_a_fresh_worker_heartbeat_makes_it_ok() -> None:
    worker_heartbeat_record(name="host-a:101")
    worker_heartbeat_record(name="host-b:202")
    worker_heartbeat_record(name="host-c:303", now=timezone.now() - dt.timedelta(seconds=61))
    worker_heartbeat_record(name="daemon/host-a:99")

    response = health()

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["failing"]) == ("ok", [])
    assert body["workers"] == {"ok": True, "alive": 2, "names": ["host-a:101", "host-b:202"]}
    assert body["daemon"] == {"ok": True, "alive": 1, "names": ["daemon/host-a:99"]}


def test_a_daemon_alone_is_no_worker() -> None:
    worker_heartbeat_record(name="daemon/host-a:99")

    body = health().json()

    assert body["failing"] == ["workers"]
    assert body["workers"]["alive"] == 0


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_an_unreachable_broker_is_503_naming_the_broker() -> None:
    worker_heartbeat_record(name="host-a:101")
    worker_heartbeat_record(name="daemon/host-a:99")

    response = health()

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["failing"]) == ("unavailable", ["broker"])
    assert body["broker"] == {
        "ok": False,
        "error": "OperationalError: Error 111 connecting to 127.0.0.1:1. Connection refused.",
    }
    assert body["database"]["ok"] is True


@override_settings(ORCHESTRATOR_STALE_AFTER_SECONDS=5.0)
def test_the_window_is_the_stale_after_setting() -> None:
    worker_heartbeat_record(name="host-a:101", now=timezone.now() - dt.timedelta(seconds=6))

    body = health().json()

    assert body["workers"]["error"] == "no worker has reported in the last 5 s"


def test_health_needs_no_credentials_and_ignores_bad_ones() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token orc_not-a-real-token")

    assert client.get("/api/health/").status_code == 503  # answered (no worker), not 401


@pytest.mark.skipif(
    not os.environ.get("ORCHESTRATOR_TEST_REDIS_URL"), reason="set ORCHESTRATOR_TEST_REDIS_URL"
)
def test_a_reachable_redis_broker_is_ok() -> None:
    worker_heartbeat_record(name="host-a:101")
    worker_heartbeat_record(name="daemon/host-a:99")

    with override_settings(CELERY_BROKER_URL=os.environ["ORCHESTRATOR_TEST_REDIS_URL"]):
        response = health()

    assert response.status_code == 200
    assert response.json()["broker"]["ok"] is True
    assert response.json()["broker"]["transport"] == "redis"
