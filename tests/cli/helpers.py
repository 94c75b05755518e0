"""Helpers of the CLI tests: one code location, and the command run in this process."""

import os
from pathlib import Path

from click.testing import CliRunner, Result

from orchestrator.cli.main import cli

CLI_PROJECT = Path(__file__).parent / "projects" / "cli_project.py"


def invoke(*args: str, input: str | None = None) -> Result:
    """``orchestrator ARGS...`` in this process (stdout and stderr kept apart in the result)."""
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def on_project(*args: str, input: str | None = None) -> Result:
    """``orchestrator ARGS... -f cli_project.py``."""
    return invoke(*args, "-f", str(CLI_PROJECT), input=input)


SERVER_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "ORCHESTRATOR_MODULE",
    "ORCHESTRATOR_PYTHON_FILE",
    "ORCHESTRATOR_WORKING_DIRECTORY",
    "ORCHESTRATOR_URL",
    "ORCHESTRATOR_TOKEN",
)


def user_environment(home: Path) -> dict[str, str]:
    """The environment of a user's shell: this one without the test suite's server settings."""
    env = {k: v for k, v in os.environ.items() if k not in SERVER_VARIABLES}
    env["ORCHESTRATOR_HOME"] = str(home)
    return env
