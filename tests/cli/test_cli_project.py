"""``orchestrator project scaffold``: a project whose tests pass and whose definitions load."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.cli.helpers import invoke, user_environment

FILES = [
    ".gitignore",
    "README.md",
    "my_pipeline/__init__.py",
    "my_pipeline/definitions.py",
    "pyproject.toml",
    "tests/test_definitions.py",
]


def scaffold(parent: Path, name: str = "my_pipeline") -> Path:
    result = invoke("project", "scaffold", "--name", name, "--directory", str(parent))
    assert result.exit_code == 0, result.output
    return parent / name


def test_scaffold_writes_the_project(tmp_path: Path) -> None:
    project = scaffold(tmp_path)

    assert sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file()) == FILES
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["name"] == "my_pipeline"
    assert pyproject["project"]["dependencies"] == ["orchestrator"]
    assert pyproject["project"]["optional-dependencies"]["dev"] == ["orchestrator[server]", "pytest>=8"]
    assert pyproject["tool"]["orchestrator"] == {
        "module_name": "my_pipeline.definitions",
        "code_location_name": "my_pipeline",
    }
    for path in project.rglob("*"):
        if path.is_file():
            assert "{{ " not in path.read_text(), path


def test_a_dashed_name_gets_an_underscored_package(tmp_path: Path) -> None:
    project = scaffold(tmp_path, "sales-data")

    assert (project / "sales_data" / "definitions.py").is_file()
    assert 'module_name = "sales_data.definitions"' in (project / "pyproject.toml").read_text()
    assert "from sales_data.definitions import" in (project / "tests" / "test_definitions.py").read_text()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("1pipeline", "starting with a letter"),
        ("my pipeline", "starting with a letter"),
        ("json", "would shadow a Python module"),
        ("orchestrator", "would shadow a Python module"),
        ("class", "would shadow a Python module"),
    ],
)
def test_unusable_names_exit_2(tmp_path: Path, name: str, message: str) -> None:
    result = invoke("project", "scaffold", "--name", name, "--directory", str(tmp_path))

    assert result.exit_code == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "my_pipeline").mkdir()
    (tmp_path / "my_pipeline" / "notes.txt").write_text("mine")

    result = invoke("project", "scaffold", "--name", "my_pipeline", "--directory", str(tmp_path))

    assert result.exit_code == 2
    assert "already exists and is not empty" in result.stderr
    assert [p.name for p in (tmp_path / "my_pipeline").iterdir()] == ["notes.txt"]


def test_the_projects_tests_pass_and_its_definitions_load(tmp_path: Path) -> None:
    project = scaffold(tmp_path)
    env = user_environment(tmp_path / "home")

    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    validate = subprocess.run(
        [sys.executable, "-m", "orchestrator.cli", "definitions", "validate"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    listing = subprocess.run(
        [sys.executable, "-m", "orchestrator.cli", "asset", "list"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 passed" in tests.stdout
    assert validate.returncode == 0, validate.stderr
    assert validate.stdout == "Definitions are valid: 3 assets, 1 jobs, 1 schedules, 0 sensors\n"
    assert listing.stdout.split() == ["raw_orders", "raw_users", "revenue_by_user"]
