"""Code locations and helpers for runs executed by real worker processes."""

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.locations import PROJECTS, store_location
from tests.fixtures.stack import wait_until
from tests.fixtures.workers import stop_all_workers

TIMEOUT = 30.0


@pytest.fixture(scope="package", autouse=True)
def _stop_workers_after_integration_tests() -> Iterator[None]:
    """Tests after this package may dispatch runs, which live workers would execute behind their back."""
    yield
    stop_all_workers()


def _control_dir(project: str) -> Path:
    from django.conf import settings

    path = Path(settings.ORCHESTRATOR_HOME) / project
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


@pytest.fixture
def slow_location(db: Any) -> Path:
    """The slow project as the only code location; returns its control folder (touch ``release``)."""
    store_location(PROJECTS / "slow_project.py", name="slow_project")
    return _control_dir("slow_project")


@pytest.fixture
def flaky_location(db: Any) -> Path:
    """The flaky project as the only code location; returns its control folder (touch ``fixed``)."""
    store_location(PROJECTS / "flaky_project.py", name="flaky_project")
    return _control_dir("flaky_project")


@pytest.fixture
def fanout_location(db: Any) -> Any:
    return store_location(PROJECTS / "fanout_project.py", name="fanout_project")


def wait_for(predicate: Callable[[], Any], *, timeout: float = TIMEOUT, what: str = "condition") -> Any:
    """Poll ``predicate`` until it returns something truthy."""
    return wait_until(predicate, timeout=timeout, what=what, poll=0.05)


@pytest.fixture
def branches_location(db: Any) -> Path:
    """The branches project as the only code location; returns its control folder (touch ``fixed``)."""
    store_location(PROJECTS / "branches_project.py", name="branches_project")
    return _control_dir("branches_project")
