"""Shared by the commands: exit codes, Django set up on demand, error reporting, child commands.

Nothing here imports Django at module level: the SDK commands stay Django-free.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

import click

EXIT_RUN_FAILED = 1
EXIT_USAGE = 2

SETTINGS_MODULE = "orchestrator_site.settings"
LOCATION_VARIABLES = ("ORCHESTRATOR_MODULE", "ORCHESTRATOR_PYTHON_FILE", "ORCHESTRATOR_WORKING_DIRECTORY")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``message`` in red on stderr and exit with ``code``."""
    click.secho(f"Error: {message}", fg="red", err=True)
    sys.exit(code)


def setup_django() -> None:
    """Configure Django from the environment (``DJANGO_SETTINGS_MODULE``, default the server's settings)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    try:
        import django
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:
        fail("the server commands need the server extra: pip install 'orchestrator[server]'", 1)
    try:
        django.setup()
    except ImproperlyConfigured as exc:
        fail(f"bad configuration: {exc}")


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn domain errors into exit 2 and database errors into exit 1, each with one clear line."""
    from django.db import DatabaseError

    from orchestrator_site.errors import DomainError

    try:
        yield
    except DomainError as exc:
        fail(exc.message)
    except DatabaseError as exc:
        fail(f"database error: {exc} (a new database needs `orchestrator migrate` first)", EXIT_RUN_FAILED)


def set_location_environment(
    module_name: str | None, python_file: str | None, working_directory: str | None
) -> None:
    """Point the server's code location (``ORCHESTRATOR_MODULE`` / ``_PYTHON_FILE`` / ``_WORKING_DIRECTORY``).

    Paths become absolute so child processes agree; with neither a module nor a
    file, the environment is left as it is (``[tool.orchestrator]`` in
    ``./pyproject.toml`` applies when it names nothing either).
    """
    if module_name and python_file:
        fail("pass a module (-m) or a Python file (-f), not both")
    if module_name:
        os.environ["ORCHESTRATOR_MODULE"] = module_name
        os.environ.pop("ORCHESTRATOR_PYTHON_FILE", None)
    if python_file:
        os.environ["ORCHESTRATOR_PYTHON_FILE"] = str(Path(python_file).resolve())
        os.environ.pop("ORCHESTRATOR_MODULE", None)
    if working_directory:
        os.environ["ORCHESTRATOR_WORKING_DIRECTORY"] = str(Path(working_directory).resolve())


def orchestrator_command(*args: str) -> list[str]:
    """The argv that runs ``orchestrator ARGS...`` with this interpreter."""
    return [sys.executable, "-m", "orchestrator.cli", *args]


def redact_url(url: str) -> str:
    """``url`` without its password, for printing."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


class CommandError(click.ClickException):
    """Bad input or an unusable setup: one red line on stderr, exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        click.secho(f"Error: {self.format_message()}", fg="red", err=True)


class RunFailedError(CommandError):
    """The work itself failed (a run, the server): one red line on stderr, exit 1."""

    exit_code = EXIT_RUN_FAILED
