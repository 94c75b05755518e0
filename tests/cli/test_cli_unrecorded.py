"""Without a usable database (no server extra, or it cannot open) local runs still execute, unrecorded."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from orchestrator.cli import launch
from orchestrator.cli.database import DatabaseUnavailable
from tests.cli.helpers import CLI_PROJECT, on_project


@pytest.fixture
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(console: object = None) -> None:
        raise DatabaseUnavailable("OperationalError: unable to open database file")

    monkeypatch.setattr(launch, "open_local_store", unavailable)


@pytest.mark.usefixtures("no_database")
def test_materialize_warns_and_runs() -> None:
    result = on_project("asset", "materialize", "--select", "+total")

    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "Warning: this run is not recorded (cannot open the local database: "
        "OperationalError: unable to open database file)"
    )
    assert "Materialized numbers" in result.stdout
    assert "total: summing 3 numbers" in result.stdout
    assert "succeeded" in result.stdout.splitlines()[-1]


@pytest.mark.usefixtures("no_database")
def test_json_summary_says_unrecorded() -> None:
    result = on_project(
        "asset", "materialize", "--select", "daily_counts", "--partition", "2026-01-02", "--json"
    )

    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["status"], summary["recorded"], summary["partition_key"]) == (
        "SUCCESS",
        False,
        "2026-01-02",
    )
    assert summary["materialized_asset_keys"] == ["daily_counts"]


@pytest.mark.usefixtures("no_database")
@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["asset", "materialize", "--select", "explodes"],
            1,
            "explodes failed: ValueError: explodes always fails",
        ),
        (["asset", "materialize", "--select", "nope"], 2, "invalid selection 'nope'"),
        (["asset", "materialize", "--select", "daily_counts", "--partition", "2020-01-01"], 2, "2020-01-01"),
        (["job", "execute", "-j", "nope"], 2, "job: No job named 'nope'"),
    ],
)
def test_exit_codes(args: list[str], code: int, message: str) -> None:
    result = on_project(*args)

    assert result.exit_code == code, result.output
    assert message in result.output


@pytest.mark.usefixtures("no_database")
def test_job_execute(tmp_path: Path) -> None:
    assert on_project("asset", "materialize", "--select", "numbers").exit_code == 0

    result = on_project("job", "execute", "-j", "analytics_job")

    assert result.exit_code == 0, result.output
    assert "Materialized scaled" in result.stdout


def test_without_django_installed(tmp_path: Path) -> None:
    """The SDK alone (no server extra) materializes, storing values under ORCHESTRATOR_HOME."""
    code = textwrap.dedent(
        f"""
        import sys
        sys.modules["django"] = None  # as if the server extra were not installed
        from orchestrator.cli.main import cli
        cli(["asset", "materialize", "-f", {str(CLI_PROJECT)!r}, "--select", "+total"])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={"ORCHESTRATOR_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "the server extra is not installed" in result.stderr
    assert "Materialized total" in result.stdout
    assert (tmp_path / "storage" / "total").is_file()
    assert not (tmp_path / "orchestrator.db").exists()
