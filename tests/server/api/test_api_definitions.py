"""Code locations (status, load errors, reload on a worker) and the jobs, schedules and sensors of snapshots."""

from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from assets_app.models import CodeLocation
from tests.fixtures.locations import BASIC_PROJECT, store_location


@pytest.fixture
def broken_location(tmp_path: Path, db: Any) -> CodeLocation:
    source = tmp_path / "broken_project.py"
    source.write_text("from orchestrator import Definitions\n\nraise RuntimeError('cannot import this')\n")
    return store_location(source, name="broken")


def test_code_locations_with_counts_and_load_errors(
    viewer_api: APIClient, catalog_location: Any, broken_location: Any
) -> None:
    body = viewer_api.get("/api/code-locations/").json()
    assert [loc["name"] for loc in body["results"]] == ["broken", "catalog"]
    broken, catalog = body["results"]
    assert (catalog["status"], catalog["load_error"], catalog["fingerprint"]) == (
        "LOADED",
        None,
        catalog_location.fingerprint,
    )
    assert catalog["counts"] == {"assets": 5, "asset_checks": 1, "jobs": 1, "schedules": 0, "sensors": 1}
    assert catalog["loaded_at"].endswith("Z")
    assert (broken["status"], broken["fingerprint"]) == ("ERROR", "")
    assert broken["counts"] == {"assets": 0, "asset_checks": 0, "jobs": 0, "schedules": 0, "sensors": 0}
    assert broken["load_error"]["cls"] == "RuntimeError"
    assert "cannot import this" in broken["load_error"]["message"]
    assert "broken_project.py" in broken["load_error"]["traceback"]
    assert viewer_api.get("/api/code-locations/broken/").json() == broken


def test_reload_dispatches_the_worker_task(
    admin_api: APIClient, catalog_location: Any, dispatched: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_api.post("/api/code-locations/catalog/reload/")
    assert response.status_code == 202
    assert response.json()["name"] == "catalog"
    assert dispatched == {"runs": [], "reloads": ["catalog"]}


@pytest.mark.django_db(transaction=True)
def test_reload_answers_at_once_and_the_client_polls_the_location(
    admin_api: APIClient, catalog_location: Any, dispatched: Any
) -> None:
    response = admin_api.post("/api/code-locations/catalog/reload/")
    assert response.status_code == 202
    assert response["Location"] == "/api/code-locations/catalog/"
    body = response.json()
    assert body["reloaded"] is False
    assert body["previous_loaded_at"] == body["loaded_at"] is not None
    assert dispatched["reloads"] == ["catalog"]
    # The worker stores the location again (now from another project); polling sees it.
    store_location(BASIC_PROJECT, name="catalog")
    polled = admin_api.get(response["Location"]).json()
    assert polled["loaded_at"] != body["previous_loaded_at"]
    assert (polled["status"], polled["counts"]["assets"]) == ("LOADED", 6)


@pytest.mark.django_db(transaction=True)
def test_reload_by_an_eager_worker_is_reported_done(
    admin_api: APIClient, catalog_location: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assets_app.tasks import reload_code_location

    monkeypatch.setattr(reload_code_location, "delay", lambda name: store_location(BASIC_PROJECT, name=name))
    response = admin_api.post("/api/code-locations/catalog/reload/")
    assert response.status_code == 202
    assert response.json()["reloaded"] is True
    assert response.json()["counts"]["assets"] == 6
    assert response.json()["fingerprint"] != catalog_location.fingerprint


@pytest.mark.django_db(transaction=True)
def test_reload_with_broker_down_is_503(
    admin_api: APIClient, catalog_location: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kombu.exceptions import OperationalError

    from assets_app.tasks import reload_code_location

    def down(name: str) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(reload_code_location, "delay", down)
    response = admin_api.post("/api/code-locations/catalog/reload/")
    assert response.status_code == 503
    assert response.json() == {"detail": "The task broker is unreachable: try again later"}


def test_jobs(viewer_api: APIClient, catalog_location: Any) -> None:
    assert viewer_api.get("/api/jobs/").json()["results"] == [
        {
            "name": "warehouse_job",
            "location": "catalog",
            "description": None,
            "is_asset_job": True,
            "asset_keys": ["warehouse/customers", "warehouse/orders"],
            "ops": [],
            "partitions": None,
            "tags": {"team": "data"},
            "run_tags": {},
        }
    ]


def test_schedules_and_location_filter(viewer_api: APIClient, catalog_location: Any) -> None:
    store_location(BASIC_PROJECT)
    assert viewer_api.get("/api/schedules/").json()["results"] == [
        {
            "name": "analytics_job_schedule",
            "location": "basic_project",
            "description": None,
            "cron_schedule": "0 6 * * *",
            "execution_timezone": "UTC",
            "job_name": "analytics_job",
            "default_status": "STOPPED",
            "asset_selection": None,
            "tags": {},
        }
    ]
    assert viewer_api.get("/api/schedules/?location=catalog").json()["count"] == 0
    assert [j["name"] for j in viewer_api.get("/api/jobs/").json()["results"]] == [
        "analytics_job",
        "warehouse_job",
    ]


def test_sensors(viewer_api: APIClient, catalog_location: Any) -> None:
    [sensor] = viewer_api.get("/api/sensors/").json()["results"]
    assert sensor == {
        "name": "new_events_sensor",
        "location": "catalog",
        "description": None,
        "sensor_type": "standard",
        "minimum_interval_seconds": 60,
        "default_status": "STOPPED",
        "job_names": ["warehouse_job"],
        "asset_selection": None,
        "monitored_asset_keys": [],
        "run_status": None,
        "tags": {},
    }


def test_catalog_location_origin_is_stored_not_imported_by_the_web(
    viewer_api: APIClient, catalog_location: Any
) -> None:
    origin = viewer_api.get("/api/code-locations/catalog/").json()["origin"]
    assert (origin["kind"], Path(origin["python_file"]).name) == ("python_file", "catalog_project.py")
