"""The SDK and its commands never import Django; the server commands only when they run."""

import subprocess
import sys
import textwrap

from tests.fixtures.locations import BASIC_PROJECT


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )


def test_import_orchestrator_does_not_import_django() -> None:
    result = run_python("import orchestrator, sys; assert 'django' not in sys.modules")

    assert result.returncode == 0, result.stderr


def test_sdk_commands_do_not_import_django() -> None:
    result = run_python(
        f"""
        import sys
        from orchestrator.cli.main import cli
        cli(["--help"], standalone_mode=False)
        print("--- end of help ---")
        cli(["asset", "list", "-f", {str(BASIC_PROJECT)!r}], standalone_mode=False)
        cli(["job", "list", "-f", {str(BASIC_PROJECT)!r}, "--json"], standalone_mode=False)
        cli(["definitions", "validate", "-f", {str(BASIC_PROJECT)!r}], standalone_mode=False)
        assert "django" not in sys.modules, "django was imported"
        """
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("--- end of help ---\n")[1].splitlines()
    assert sorted(lines[:6]) == ["after_explodes", "daily_numbers", "explodes", "numbers", "scaled", "total"]
    assert '"name": "analytics_job",' in result.stdout
    assert lines[-1] == "Definitions are valid: 6 assets, 1 jobs, 1 schedules, 0 sensors"


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "orchestrator.cli", "--help"], capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    commands = ("project", "definitions", "asset", "job", "run", "dev", "web", "worker", "daemon", "migrate")
    for command in (*commands, "location", "user", "token"):
        assert f"  {command} " in result.stdout
