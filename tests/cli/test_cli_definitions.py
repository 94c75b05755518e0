"""``orchestrator definitions validate``: exit 0 when valid, 2 with the errors listed."""

import json
from pathlib import Path

import pytest

from orchestrator.cli.sdk import definition_problems, load_location
from tests.cli.helpers import CLI_PROJECT, invoke, on_project

CYCLE = (
    "from orchestrator import asset\n\n"
    "@asset(deps=['b'])\ndef a():\n    return 1\n\n"
    "@asset(deps=['a'])\ndef b():\n    return 2\n"
)


def test_valid() -> None:
    result = on_project("definitions", "validate")

    assert result.exit_code == 0, result.output
    assert result.stdout == "Definitions are valid: 7 assets, 1 jobs, 0 schedules, 0 sensors\n"


def test_valid_json() -> None:
    result = on_project("definitions", "validate", "--json")

    assert json.loads(result.stdout) == {
        "location": "cli_project",
        "valid": True,
        "errors": [],
        "counts": {"assets": 7, "jobs": 1, "schedules": 0, "sensors": 0},
    }


def test_a_cycle_is_listed_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "cyclic.py"
    path.write_text(CYCLE)

    result = invoke("definitions", "validate", "-f", str(path))

    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "✗ Definitions of 'cyclic' are invalid:",
        f"  - Error loading code location 'cyclic' from file '{path}': InvalidDefinitionError: "
        "Dependency cycle between assets: a -> b -> a",
    ]


def test_a_cycle_as_json(tmp_path: Path) -> None:
    path = tmp_path / "cyclic.py"
    path.write_text(CYCLE)

    result = invoke("definitions", "validate", "-f", str(path), "--json")

    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["errors"] == [
        f"Error loading code location 'cyclic' from file '{path}': InvalidDefinitionError: "
        "Dependency cycle between assets: a -> b -> a"
    ]


def test_a_code_error_shows_its_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.py"
    path.write_text("from orchestrator import asset\n\n@asset\ndef oops(:\n    return 1\n")

    result = invoke("definitions", "validate", "-f", str(path))

    assert result.exit_code == 2
    assert "SyntaxError" in result.stdout
    assert f'File "{path}", line 4' in result.stdout


def test_problems_found_after_loading_are_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_location(None, str(CLI_PROJECT), None, None)

    def undescribable() -> None:
        raise ValueError("not describable")

    class Unplannable:
        def build_plan(self) -> None:
            raise RuntimeError("no plan")

    monkeypatch.setattr(loaded, "snapshot", undescribable)
    monkeypatch.setattr(loaded.definitions, "get_job_def", lambda name: Unplannable())

    assert definition_problems(loaded) == [
        "the definitions cannot be described for the server: ValueError: not describable",
        "job 'analytics_job' cannot be planned: RuntimeError: no plan",
    ]


def test_no_location_names_the_missing_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    result = invoke("definitions", "validate")

    assert result.exit_code == 2
    assert f"set [tool.orchestrator] module_name in {tmp_path / 'pyproject.toml'}" in result.stdout
