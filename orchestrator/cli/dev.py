"""``orchestrator dev``: the whole stack (web, worker, daemon) on the embedded database and broker."""

import os
import secrets
import signal
import socket
import string
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import IO, Any, NoReturn

import click

from ._common import fail, orchestrator_command, redact_url, set_location_environment, setup_django
from .home_lock import HomeLocked, hold_home
from .supervisor import Supervisor

ADMIN_USERNAME = "admin"
PASSWORD_ALPHABET = string.ascii_letters + string.digits
READY_TIMEOUT_SECONDS = 120.0
# Start-up of `orchestrator location load` and storing the result, beyond the load time-out itself.
LOAD_COMMAND_MARGIN_SECONDS = 60.0


@dataclass(frozen=True)
class AdminLogin:
    """How to log in: a new admin's password is known only on the start that created it."""

    username: str
    password: str | None = None


def _raise_interrupt(_signum: int, _frame: Any) -> NoReturn:
    raise KeyboardInterrupt


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            fail(f"cannot listen on {host}:{port} ({exc.strerror}); pick another with --port")


def _hold_home(url: str) -> IO[str]:
    """Refuse to start beside another ``orchestrator dev`` on the same home, naming it."""
    from orchestrator_site.env import orchestrator_home

    home = orchestrator_home()
    try:
        return hold_home(home, url)
    except HomeLocked as locked:
        pid, where = locked.holder.get("pid", "?"), locked.holder.get("url", "?")
        fail(
            f"orchestrator dev is already running on {home} (pid {pid}, {where}); "
            "stop it, or set ORCHESTRATOR_HOME to another folder"
        )


def display_url(host: str, port: int) -> str:
    """The URL to open for a server listening on ``host`` (a wildcard address shows as 127.0.0.1)."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def _describe_location() -> str:
    if os.environ.get("ORCHESTRATOR_PYTHON_FILE"):
        return f"file {os.environ['ORCHESTRATOR_PYTHON_FILE']}"
    if os.environ.get("ORCHESTRATOR_MODULE"):
        return f"module {os.environ['ORCHESTRATOR_MODULE']}"
    return f"[tool.orchestrator] in {os.path.join(os.getcwd(), 'pyproject.toml')}"


def _describe_setup() -> list[str]:
    from django.conf import settings

    db = settings.DATABASES["default"]
    vendor = db["ENGINE"].rsplit(".", 1)[-1]
    where = db["NAME"] if vendor == "sqlite3" else f"{db.get('NAME')} on {db.get('HOST') or 'localhost'}"
    broker = str(settings.CELERY_BROKER_URL)
    embedded = " (embedded)" if broker.startswith("sqla+") else ""
    return [
        f"  home:     {settings.ORCHESTRATOR_HOME}",
        f"  database: {vendor} {where}",
        f"  broker:   {redact_url(broker)}{embedded}",
        f"  code:     {_describe_location()}",
    ]


def ensure_admin() -> AdminLogin | None:
    """Create the local admin on first start (random password); None when a non-admin holds the name."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from accounts_app.models import Role
    from accounts_app.services import user_create

    users = get_user_model().objects
    admins = list(
        users.filter(Q(is_superuser=True) | Q(role__role=Role.ADMIN), is_active=True)
        .order_by("id")
        .values_list("username", flat=True)[:3]
    )
    if admins:
        return AdminLogin(username=ADMIN_USERNAME if ADMIN_USERNAME in admins else admins[0])
    if users.filter(username=ADMIN_USERNAME).exists():
        click.secho(
            f"User '{ADMIN_USERNAME}' exists but is not an admin: "
            f"orchestrator user set-role {ADMIN_USERNAME} admin",
            fg="yellow",
        )
        return None
    password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(16))
    admin = user_create(username=ADMIN_USERNAME, role=Role.ADMIN, password=password)
    # The local admin may also use the Django admin at /admin/.
    users.filter(pk=admin.pk).update(is_superuser=True)
    return AdminLogin(username=ADMIN_USERNAME, password=password)


def _login_lines(login: AdminLogin | None, url: str) -> list[str]:
    if login is None:
        return []
    if login.password is None:
        return [
            f" Log in as '{login.username}' (the admin's password was printed on the first start;",
            f" change it with: orchestrator user set-password {login.username}).",
        ]
    return [
        f" Log in at {url} with",
        f"   username: {login.username}",
        f"   password: {login.password}",
        " The password is shown only now (the database keeps a hash);",
        f" change it with: orchestrator user set-password {login.username}",
    ]


def _announce_when_ready(
    supervisor: Supervisor, host: str, port: int, url: str, login: AdminLogin | None
) -> None:
    probe_host = "127.0.0.1" if host in ("0.0.0.0", "") else ("::1" if host == "::" else host)
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    ready = False
    while time.monotonic() < deadline and not ready:
        if supervisor.stopping:
            return
        try:
            socket.create_connection((probe_host, port), timeout=1).close()
            ready = True
        except OSError:
            time.sleep(0.2)
    headline = f" Orchestrator is running at {url}" if ready else f" The web is not answering at {url} yet"
    names = ", ".join(c.name for c in supervisor.children)
    rule = "-" * 64
    lines = [rule, headline, *_login_lines(login, url), f" Ctrl-C stops {names}.", rule]
    supervisor.echo("\n".join(lines))


@click.command("dev")
@click.option("-m", "--module-name", default=None, help="Module defining the code location.")
@click.option("-f", "--python-file", default=None, help="Python file defining the code location.")
@click.option("-d", "--working-directory", default=None, help="Directory to import from.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the web listens on.")
@click.option("--port", default=3000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers", default=2, show_default=True, type=click.IntRange(min=1), help="Runs executed at once."
)
def dev(
    module_name: str | None,
    python_file: str | None,
    working_directory: str | None,
    host: str,
    port: int,
    workers: int,
) -> None:
    """Start web, worker and daemon on the embedded database and broker; Ctrl-C stops them.

    State lives under ORCHESTRATOR_HOME (default ./.orchestrator). The code location
    is -m or -f, else [tool.orchestrator] in ./pyproject.toml; it is loaded in a
    separate process, and a load error is shown in the UI rather than stopping the stack.
    """
    signal.signal(signal.SIGTERM, _raise_interrupt)
    set_location_environment(module_name, python_file, working_directory)
    lock = _hold_home(display_url(host, port))  # noqa: F841  (held until this process ends)
    _check_port_free(host, port)
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    os.environ["ORCHESTRATOR_HOME"] = str(settings.ORCHESTRATOR_HOME)
    os.environ["PYTHONUNBUFFERED"] = "1"
    url = display_url(host, port)
    click.secho("Orchestrator dev", bold=True)
    click.echo("\n".join(_describe_setup()))

    supervisor = Supervisor(os.environ)
    try:
        call_command("migrate", interactive=False, verbosity=0)
        login = ensure_admin()
        if login is not None and login.password is None:
            click.echo(f"  admin:    '{login.username}' exists")
        connections.close_all()

        # The command stops the import itself after the load time-out; this bounds the rest of it.
        limit = settings.ORCHESTRATOR_LOCATION_LOAD_TIMEOUT_SECONDS + LOAD_COMMAND_MARGIN_SECONDS
        try:
            code = supervisor.run_once("load", orchestrator_command("location", "load"), timeout=limit)
        except subprocess.TimeoutExpired:
            click.secho(f"Loading the code location did not finish within {limit:g} s: stopped it.", fg="red")
            code = 1
        if code != 0:
            click.secho(
                "The code location did not load: the stack starts anyway and the UI shows the error. "
                "Fix the code, then reload the location from the UI.",
                fg="yellow",
            )
        supervisor.start(
            "web", orchestrator_command("web", "--host", host, "--port", str(port), "--workers", "1")
        )
        supervisor.start("worker", orchestrator_command("worker", "--concurrency", str(workers)))
        supervisor.start("daemon", orchestrator_command("daemon"))
        supervisor.echo(
            "Started " + ", ".join(f"{c.name} (pid {c.process.pid})" for c in supervisor.children)
        )
        threading.Thread(
            target=_announce_when_ready,
            args=(supervisor, host, port, url, login),
            name="announce-ready",
            daemon=True,
        ).start()
    except KeyboardInterrupt:
        supervisor.stop()
        click.echo("Stopped.")
        sys.exit(0)
    sys.exit(supervisor.wait())
