"""``orchestrator location reload NAME --url URL``: queue a reload on the server, then poll until done.

The server answers the reload at once (202) with ``previous_loaded_at``; this command polls the
location until ``loaded_at`` differs, so no web thread waits for the worker.
"""

import sys
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import click

from ._common import EXIT_RUN_FAILED, EXIT_USAGE
from .options import json_option
from .output import Console
from .remote import RemoteClient

POLL_SECONDS = 0.5


def location_reload_and_wait(
    client: RemoteClient,
    name: str,
    *,
    timeout: float,
    poll_seconds: float = POLL_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[dict[str, Any], bool]:
    """Queue the reload of ``name``; return the location and whether a worker finished it in ``timeout``."""
    path = f"/code-locations/{quote(name, safe='')}/"
    accepted = dict(client.post(f"{path}reload/"))
    if accepted.get("reloaded") or timeout <= 0:
        return accepted, bool(accepted.get("reloaded"))
    previous = accepted.get("previous_loaded_at")
    deadline = time.monotonic() + timeout
    while True:
        sleep(poll_seconds)
        current = dict(client.get(path))
        if current.get("loaded_at") != previous:
            return current, True
        if time.monotonic() >= deadline:
            return current, False


@click.command("reload")
@click.argument("name")
@click.option("--url", envvar="ORCHESTRATOR_URL", required=True, help="The server (env ORCHESTRATOR_URL).")
@click.option("--token", envvar="ORCHESTRATOR_TOKEN", default=None, help="An admin's API token.")
@click.option(
    "--timeout",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds to wait for a worker; 0: do not wait.",
)
@json_option
def location_reload(name: str, url: str, token: str | None, timeout: float, as_json: bool) -> None:
    """Reload the server's code location NAME on a worker and wait for it.

    Exits 0 when the location loaded, 2 when it failed to load (the error is printed),
    1 when no worker finished the reload within --timeout.
    """
    console = Console(json_mode=as_json)
    client = RemoteClient(url, token)
    try:
        row, done = location_reload_and_wait(client, name, timeout=timeout)
    finally:
        client.close()
    if console.json_mode:
        console.json({**row, "reloaded": done})
    if not done:
        if timeout > 0:
            console.line(f"No worker reloaded '{name}' within {timeout:g} s; is a worker running?", fg="red")
            sys.exit(EXIT_RUN_FAILED)
        console.line(f"Reload of '{name}' queued")
        return
    if row.get("status") != "LOADED":
        message = (row.get("load_error") or {}).get("message") or row.get("status")
        console.line(f"{console.fail_mark} Code location '{name}' failed to load: {message}", fg="red")
        sys.exit(EXIT_USAGE)
    counts = row.get("counts") or {}
    console.line(
        f"{console.ok_mark} Code location '{name}' reloaded: {counts.get('assets', 0)} assets", fg="green"
    )
