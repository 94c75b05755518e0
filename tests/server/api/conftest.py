"""API test fixtures: no broker (dispatch is recorded), a catalog location, runs made by the service."""

from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.locations import store_location

CATALOG_PROJECT = Path(__file__).parent / "projects" / "catalog_project.py"


@pytest.fixture(autouse=True)
def dispatched(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Runs and reloads the API dispatched, instead of sending them to a broker."""
    from assets_app.tasks import reload_code_location

    sent: dict[str, list[Any]] = {"runs": [], "reloads": []}
    monkeypatch.setattr("runs_app.services.run_dispatch", lambda *, run_id: sent["runs"].append(run_id))
    monkeypatch.setattr(reload_code_location, "delay", lambda name=None: sent["reloads"].append(name))
    return sent


@pytest.fixture
def catalog_location(db: Any) -> Any:
    """A location with nested keys, kinds, tags, a check, a sensor and an external asset."""
    return store_location(CATALOG_PROJECT, name="catalog")
