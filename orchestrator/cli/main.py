"""The ``orchestrator`` command: every command group, registered on one click group.

- SDK and run commands: ``project``, ``definitions``, ``asset``, ``job``, ``run``
  (local by default; ``--url`` works against a running server).
- Server commands: ``dev``, ``web``, ``worker``, ``daemon``, ``migrate``,
  ``location``, ``user``, ``token``, ``audit``.

Django is imported only by the commands that need the database, when they run.
Exit codes: 0 success, 1 a run failed (or was canceled), 2 usage or definition error.
"""

import click

from orchestrator._core.parent_death import die_with_supervisor

from .accounts import ACCOUNT_COMMANDS
from .assets import asset
from .audit import audit
from .definitions import definitions
from .dev import dev
from .jobs import job
from .project import project
from .runs import run
from .server import SERVER_COMMANDS


@click.group()
@click.version_option(package_name="orchestrator")
def cli() -> None:
    """Define, run and serve software-defined assets.

    Commands that run or read runs work on ORCHESTRATOR_HOME (default ./.orchestrator)
    in this process, or on a running server with --url URL and an API token
    (--token or ORCHESTRATOR_TOKEN). Exit codes: 0 success, 1 run failed, 2 usage or
    definition error.
    """
    # Started by `orchestrator dev`, a command ends when dev does, however dev ended; the
    # request outlives the exec into gunicorn or Celery.
    die_with_supervisor()


for _command in (project, definitions, asset, job, run, dev, *SERVER_COMMANDS, *ACCOUNT_COMMANDS, audit):
    cli.add_command(_command)


def main() -> None:
    cli()
