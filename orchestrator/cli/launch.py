"""Launching a run and following it to the end, locally or on a server (``asset materialize``, ``job execute``).

Locally the code location is loaded here, its snapshot stored in
``ORCHESTRATOR_HOME``'s database, and the run recorded there and executed in this
process; when that database cannot be used the run still executes here, unrecorded,
with a warning. With ``--url`` the server launches the run on its workers and this
command follows its events.
"""

import sys
from typing import NoReturn

from .database import DatabaseUnavailable, open_local_store
from .follow import RunView, follow, summarize
from .options import LaunchRequest, LocationArgs, RemoteArgs
from .output import Console
from .remote import RemoteBackend
from .sdk import load_location


def _what(request: LaunchRequest) -> str:
    what = f"job {request.job}" if request.job else f"selection {request.selection}"
    if request.partition_key:
        what += f", partition {request.partition_key}"
    if request.partition_range:
        what += f", partitions {request.partition_range[0]}...{request.partition_range[1]}"
    return what


def launch_and_follow(
    console: Console, request: LaunchRequest, location: LocationArgs, remote: RemoteArgs
) -> NoReturn:
    """Run ``request`` to the end and exit 0 (success) or 1 (failed or canceled)."""
    if remote.url:
        backend = RemoteBackend(remote.url, remote.token, location=remote.location)
        run = backend.launch(request.body())
        console.line(f"Launched run {run['id']} on {remote.url} ({_what(request)})", bold=True)
        view = RunView(console)
        final = follow(backend, run["id"], view, console)
        sys.exit(summarize(console, final, view))

    loaded = load_location(
        location.module_name, location.python_file, location.attribute, location.working_directory
    )
    try:
        store = open_local_store(console)
    except DatabaseUnavailable as exc:
        from .unrecorded import run_unrecorded

        console.warn(f"this run is not recorded (cannot open the local database: {exc})")
        sys.exit(run_unrecorded(console, loaded, request))
    from .local import logs_shown_as_events

    location_name = store.store_location(loaded)
    run = store.launch(request, location_name=location_name)
    console.line(f"Running {run['id']} in this process ({_what(request)})", bold=True)
    view = RunView(console)
    with logs_shown_as_events():
        thread = store.start(run["id"])
        final = follow(
            store,
            run["id"],
            view,
            console,
            alive=thread.is_alive,
            on_abandon=lambda: store.abandon(run["id"]),
        )
    sys.exit(summarize(console, final, view))
