"""A reload whose code raises or hangs stores the error (in a child process, within the time-out);
launches are then refused naming it, and a good reload makes the location launchable again."""

import shutil
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from assets_app.models import CodeLocation
from assets_app.services import code_location_reload
from tests.fixtures.locations import BASIC_PROJECT, store_location

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the basic project, stored as location ``basic_project``, that a test may break."""
    path = tmp_path / "basic_project.py"
    shutil.copy(BASIC_PROJECT, path)
    store_location(path)
    return path


def launch(client: APIClient) -> Any:
    return client.post("/api/runs/", {"selection": ["numbers"]}, format="json")


def test_a_hanging_reload_stores_the_timeout_and_keeps_the_last_snapshot(
    project: Path, settings: Settings, launcher_api: APIClient
) -> None:
    settings.ORCHESTRATOR_LOCATION_LOAD_TIMEOUT_SECONDS = 2
    before = CodeLocation.objects.get(name="basic_project")
    project.write_text("import time\n\ntime.sleep(3600)\n")

    row = code_location_reload(name="basic_project")

    assert row.status == CodeLocation.Status.ERROR
    assert row.load_error == {
        "message": "Loading code location 'basic_project' did not finish within 2 s",
        "cls": "CodeLocationLoadTimeout",
        "traceback": "The loading process was killed after 2 s. It printed nothing.",
    }
    assert (row.fingerprint, row.snapshot) == (before.fingerprint, before.snapshot)
    response = launch(launcher_api)
    assert response.status_code == 400
    assert response.json() == {
        "code_location": [
            "Code location 'basic_project' is not loaded: "
            "Loading code location 'basic_project' did not finish within 2 s"
        ]
    }


def test_a_raising_reload_refuses_launches_until_a_good_reload(
    project: Path, launcher_api: APIClient, dispatched: Any
) -> None:
    good = project.read_text()
    project.write_text("raise RuntimeError('config server down')\n")

    assert code_location_reload(name="basic_project").status == CodeLocation.Status.ERROR
    response = launch(launcher_api)
    assert response.status_code == 400
    assert response.json() == {
        "code_location": [
            "Code location 'basic_project' is not loaded: Error loading code location 'basic_project' "
            f"from file '{project}': RuntimeError: config server down"
        ]
    }

    project.write_text(good)
    assert code_location_reload(name="basic_project").status == CodeLocation.Status.LOADED
    assert launch(launcher_api).status_code == 201
