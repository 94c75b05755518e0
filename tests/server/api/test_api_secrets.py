"""Secrets read from the environment by resources never appear in the snapshot, the API, events or admin."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from assets_app.models import AssetDefinition, CodeLocation
from runs_app.execution import run_execute
from runs_app.models import Run, RunEvent, RunStatus
from runs_app.services import run_create
from tests.fixtures.locations import PROJECTS, store_location

SECRETS_PROJECT: Path = PROJECTS / "secrets_project.py"
SENTINELS = {
    "DB_PASSWORD": "sentinel-password-5f2c9a",
    "DB_DSN": "postgresql://app:sentinel-dsn-81d0@db.internal/prod",
    "API_CREDENTIALS": "sentinel-credentials-0b7e",
}


def assert_no_secret(text: str, where: str) -> None:
    assert "sentinel-" not in text, f"a secret value leaked into {where}"


@pytest.fixture
def secrets_location(db: Any, monkeypatch: pytest.MonkeyPatch) -> CodeLocation:
    for name, value in SENTINELS.items():
        monkeypatch.setenv(name, value)
    return store_location(SECRETS_PROJECT, name="secrets")


@pytest.fixture
def failed_run(secrets_location: CodeLocation) -> Run:
    """``orders`` fails with an error message that prints its resource; ``customers`` succeeds."""
    run = run_create(selection=["orders", "customers"], dispatch=False)
    run_execute(run_id=str(run.id))
    run.refresh_from_db()
    assert run.status == RunStatus.FAILURE
    return run


def test_snapshot_stores_env_var_names_not_values(secrets_location: CodeLocation) -> None:
    assert_no_secret(json.dumps(secrets_location.snapshot), "the snapshot")
    resources = {r["key"]: r for r in secrets_location.snapshot["resources"]}
    assert resources["warehouse"]["config"] == {
        "host": "db.internal",
        "user": "app",
        "password": {"env": "DB_PASSWORD"},
        "dsn": {"env": "DB_DSN"},
    }
    assert resources["warehouse"]["config_schema"]["properties"]["password"]["default"] == {
        "env": "DB_PASSWORD"
    }
    assert resources["api"]["config"]["credentials"] == {"env": "API_CREDENTIALS"}
    for row in AssetDefinition.objects.filter(location=secrets_location):
        assert_no_secret(json.dumps(row.data), f"the asset row {row.key}")


def test_run_events_redact_secrets_printed_by_a_failing_asset(failed_run: Run) -> None:
    [failure] = RunEvent.objects.filter(run=failed_run, event_type="STEP_FAILURE")
    message = failure.payload["error"]["message"]
    # The asset printed its resource three ways; each shows the secret fields redacted.
    assert "Warehouse(host='db.internal', user='app', password='***', dsn='***')" in message
    assert "'password': '***', 'dsn': '***'" in message
    for event in RunEvent.objects.filter(run=failed_run):
        assert_no_secret(json.dumps(event.payload) + event.message, f"the {event.event_type} event")
    assert_no_secret(failed_run.failure_reason, "the run's failure reason")
    assert RunEvent.objects.filter(run=failed_run, event_type="STEP_SUCCESS", step_key="customers").exists()


def test_api_responses_show_no_secret(admin_api: APIClient, failed_run: Run) -> None:
    paths = [
        "/api/code-locations/",
        "/api/code-locations/secrets/",
        "/api/assets/",
        "/api/assets/orders/",
        "/api/assets/customers/",
        "/api/asset-graph/",
        "/api/jobs/",
        "/api/runs/",
        f"/api/runs/{failed_run.id}/",
        f"/api/runs/{failed_run.id}/events/",
    ]
    for path in paths:
        response = admin_api.get(path)
        assert response.status_code == 200, path
        assert_no_secret(response.content.decode(), path)
    failure = admin_api.get(f"/api/runs/{failed_run.id}/events/").json()["events"]
    assert any("password='***'" in (e["payload"].get("error") or {}).get("message", "") for e in failure)


def test_admin_change_pages_show_no_secret(failed_run: Run, secrets_location: CodeLocation) -> None:
    user = get_user_model().objects.create_superuser("root", "root@example.com", "correct-horse-battery")
    client = Client()
    client.force_login(user)
    pages = [
        f"/admin/assets_app/codelocation/{secrets_location.pk}/change/",
        f"/admin/runs_app/run/{failed_run.pk}/change/",
        "/admin/runs_app/runevent/",
        *(f"/admin/runs_app/runevent/{pk}/change/" for pk in RunEvent.objects.values_list("pk", flat=True)),
        *(
            f"/admin/assets_app/assetdefinition/{pk}/change/"
            for pk in AssetDefinition.objects.values_list("pk", flat=True)
        ),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert_no_secret(response.content.decode(), page)
