"""``orchestrator location load`` stores the snapshot, or the load error with exit 2."""

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pytest_django.fixtures import Settings

from assets_app.models import AssetDefinition, CodeLocation
from orchestrator.cli.main import cli
from tests.fixtures.locations import BASIC_PROJECT

pytestmark = pytest.mark.django_db


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_location_load_stores_the_snapshot() -> None:
    result = invoke("location", "load", "-f", str(BASIC_PROJECT))

    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Loaded code location 'basic_project' from file '{BASIC_PROJECT}': "
        "6 assets, 1 job, 1 schedule, 0 sensors\n"
    )
    row = CodeLocation.objects.get(name="basic_project")
    assert row.status == CodeLocation.Status.LOADED
    assert AssetDefinition.objects.filter(location=row).count() == 6


def test_location_load_uses_the_configured_location(settings: Settings) -> None:
    settings.ORCHESTRATOR_PYTHON_FILE = str(BASIC_PROJECT)

    result = invoke("location", "load")

    assert result.exit_code == 0, result.output
    assert CodeLocation.objects.get().name == "basic_project"


def test_location_load_error_exits_2_with_the_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken_defs.py"
    broken.write_text("from orchestrator import asset\n\nraise RuntimeError('no database today')\n")

    result = invoke("location", "load", "-f", str(broken))

    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.stderr
    assert (
        f"Code location 'broken_defs' failed to load: Error loading code location 'broken_defs' from file '{broken}': RuntimeError: no database today"
        in result.stderr
    )
    row = CodeLocation.objects.get(name="broken_defs")
    assert row.status == CodeLocation.Status.ERROR
    assert "no database today" in row.load_error["traceback"]


def test_location_load_rejects_module_and_file() -> None:
    result = invoke("location", "load", "-m", "a", "-f", "b.py")

    assert result.exit_code == 2
    assert result.stderr == "Error: pass a module (-m) or a Python file (-f), not both\n"
