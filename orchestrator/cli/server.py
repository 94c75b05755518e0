"""Server processes: ``web``, ``worker``, ``daemon``, ``migrate``, ``location load`` and ``location reload``.

Each is configured by the environment (``DATABASE_URL``, ``CELERY_BROKER_URL``,
``ORCHESTRATOR_HOME``...); ``web``, ``worker`` and ``daemon`` replace this process
with gunicorn or Celery so signals reach the server directly.
"""

import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from ._common import EXIT_USAGE, fail, reported_errors, setup_django
from .location_reload import location_reload

CELERY_APP = "orchestrator_site.celery:app"
WSGI_APP = "orchestrator_site.wsgi:application"
WORKER_POOLS = ("prefork", "threads", "solo")


def _bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def web_argv(host: str, port: int, workers: int, threads: int) -> list[str]:
    """gunicorn serving the Django site (threaded workers)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        WSGI_APP,
        "--bind",
        _bind(host, port),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--graceful-timeout",
        "10",
        "--no-control-socket",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
    ]


def worker_argv(
    concurrency: int | None, queues: str | None, pool: str, loglevel: str, embedded_broker: bool
) -> list[str]:
    """A Celery worker executing runs; on the embedded broker without broadcast features it lacks."""
    argv = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        CELERY_APP,
        "worker",
        "--loglevel",
        loglevel,
        "--pool",
        pool,
    ]
    if concurrency:
        argv += ["--concurrency", str(concurrency)]
    if queues:
        argv += ["--queues", queues]
    if embedded_broker:
        argv += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
    return argv


def daemon_argv(schedule_file: str, loglevel: str, embedded_broker: bool) -> list[str]:
    """The daemon: Celery beat sending the periodic work, and a worker of its own executing it.

    Periodic work (run monitoring, broker upkeep) goes to ``DAEMON_QUEUE``, which only the
    daemon consumes: it never waits behind runs for a free slot on the run workers, so a run
    whose process was killed is detected even while every run worker is busy.
    """
    from orchestrator_site.queues import DAEMON_QUEUE

    argv = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        CELERY_APP,
        "worker",
        "--beat",
        "--schedule",
        schedule_file,
        "--queues",
        DAEMON_QUEUE,
        "--pool",
        "solo",
        "--hostname",
        "daemon@%h",
        "--loglevel",
        loglevel,
    ]
    if embedded_broker:
        argv += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
    return argv


def _exec(argv: Sequence[str]) -> None:
    """Replace this process with ``argv`` (a Python module run by this interpreter)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(argv[0], list(argv))


def _require(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        fail(f"{module} is not installed: pip install 'orchestrator[server]'", 1)


def _embedded_broker() -> bool:
    from django.conf import settings

    return str(settings.CELERY_BROKER_URL).startswith("sqla+")


@click.command("web")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=3000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1), help="Processes.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(min=1), help="Threads each.")
def web(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the UI, the REST API and the admin (never imports user code)."""
    _require("gunicorn")
    setup_django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    _exec(web_argv(host, port, workers, threads))


@click.command("worker")
@click.option(
    "-c",
    "--concurrency",
    default=None,
    type=click.IntRange(min=1),
    help="Runs executed at once (processes or threads); default: the number of CPUs.",
)
@click.option("-Q", "--queues", default=None, help="Comma-separated queues to consume; default: all.")
@click.option("--pool", default="prefork", show_default=True, type=click.Choice(WORKER_POOLS))
@click.option("--loglevel", default="INFO", show_default=True)
def worker(concurrency: int | None, queues: str | None, pool: str, loglevel: str) -> None:
    """Execute runs: a Celery worker that loads the code location."""
    _require("celery")
    setup_django()
    _exec(worker_argv(concurrency, queues, pool, loglevel, _embedded_broker()))


@click.command("daemon")
@click.option("--loglevel", default="INFO", show_default=True)
def daemon(loglevel: str) -> None:
    """Send and execute periodic work (run monitoring, broker upkeep): Celery beat with a worker
    of its own. Run exactly one."""
    _require("celery")
    setup_django()
    from django.conf import settings

    _exec(daemon_argv(str(settings.ORCHESTRATOR_HOME / "celerybeat-schedule"), loglevel, _embedded_broker()))


@click.command("migrate")
def migrate() -> None:
    """Create or update the database tables."""
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


@click.group("location")
def location() -> None:
    """Load the code location and store its definitions snapshot, or have the server's workers reload it."""


@location.command("load")
@click.option("-m", "--module-name", default=None, help="Module defining the code location.")
@click.option("-f", "--python-file", default=None, help="Python file defining the code location.")
@click.option("-d", "--working-directory", default=None, help="Directory to import from.")
def location_load(module_name: str | None, python_file: str | None, working_directory: str | None) -> None:
    """Import the code location in this process and store its snapshot (or load error) for the web.

    Without -m or -f: ORCHESTRATOR_MODULE / ORCHESTRATOR_PYTHON_FILE, else
    [tool.orchestrator] in ./pyproject.toml. Exits 2 when the code fails to load.
    """
    if module_name and python_file:
        fail("pass a module (-m) or a Python file (-f), not both")
    setup_django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    options = {
        "module_name": module_name,
        "python_file": str(Path(python_file).resolve()) if python_file else None,
        "working_directory": str(Path(working_directory).resolve()) if working_directory else None,
    }
    with reported_errors():
        try:
            call_command("load_code_location", **options)
        except CommandError as exc:
            click.secho(str(exc), fg="red", err=True)
            sys.exit(getattr(exc, "returncode", EXIT_USAGE))


location.add_command(location_reload)

SERVER_COMMANDS = (web, worker, daemon, migrate, location)
