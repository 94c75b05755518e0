"""``orchestrator definitions validate``: load the code location and list what is wrong with it."""

import sys
from typing import Any

import click

from ._common import EXIT_USAGE
from .options import json_option, location_options, remote_options, split_args
from .output import Console


@click.group("definitions")
def definitions() -> None:
    """Check a code location's definitions."""


def _counts(defs: Any) -> dict[str, int]:
    return {
        "assets": len(defs.get_asset_graph().keys),
        "jobs": len(defs.jobs),
        "schedules": len(defs.schedules),
        "sensors": len(defs.sensors),
    }


def _report(
    console: Console, name: str, errors: list[str], tracebacks: list[str], counts: dict[str, int]
) -> None:
    if console.json_mode:
        console.json({"location": name, "valid": not errors, "errors": errors, "counts": counts})
    if errors:
        console.line(f"{console.fail_mark} Definitions of '{name}' are invalid:", fg="red", bold=True)
        for error in errors:
            console.line(f"  - {error}", fg="red")
        for text in tracebacks:
            console.line(text.rstrip(), dim=True)
        sys.exit(EXIT_USAGE)
    console.line(
        f"Definitions are valid: {counts['assets']} assets, {counts['jobs']} jobs, "
        f"{counts['schedules']} schedules, {counts['sensors']} sensors",
        fg="green",
    )


@definitions.command("validate")
@location_options
@remote_options
@json_option
def definitions_validate(as_json: bool, **kwargs: Any) -> None:
    """Load the code location and report whether its definitions are valid (exit 2 listing the errors).

    With --url, reports the load status of the server's code locations instead.
    """
    location, remote = split_args(kwargs)
    console = Console(json_mode=as_json)
    if remote.url:
        _validate_remote(console, remote.url, remote.token, remote.location)
        return
    from .._core.code_location import load_code_location
    from .._core.errors import OrchestratorError
    from .sdk import DEFINITION_ERRORS, definition_problems

    try:
        loaded = load_code_location(
            module_name=location.module_name,
            python_file=location.python_file,
            attribute=location.attribute,
            working_directory=location.working_directory,
        )
    except OrchestratorError as exc:
        _report(console, "?", [str(exc)], [], {})
        return
    if loaded.load_error is not None:
        error = loaded.load_error
        show_traceback = error.get("cls") not in DEFINITION_ERRORS and error.get("traceback")
        _report(console, loaded.name, [error["message"]], [error["traceback"]] if show_traceback else [], {})
        return
    _report(console, loaded.name, definition_problems(loaded), [], _counts(loaded.definitions))


def _validate_remote(console: Console, url: str, token: str | None, only: str | None) -> None:
    from .remote import RemoteBackend

    rows = [r for r in RemoteBackend(url, token).locations() if only is None or r["name"] == only]
    broken = [r for r in rows if r["status"] != "LOADED"]
    if console.json_mode:
        console.json(rows)
    if not rows:
        console.line(f"{url} has no code location" + (f" named '{only}'" if only else ""), fg="red")
        sys.exit(EXIT_USAGE)
    for row in rows:
        counts = row.get("counts") or {}
        if row["status"] == "LOADED":
            console.line(
                f"{console.ok_mark} Code location '{row['name']}' is loaded: {counts.get('assets', 0)} assets, "
                f"{counts.get('jobs', 0)} jobs, {counts.get('schedules', 0)} schedules, "
                f"{counts.get('sensors', 0)} sensors",
                fg="green",
            )
        else:
            message = (row.get("load_error") or {}).get("message") or row["status"]
            console.line(f"{console.fail_mark} Code location '{row['name']}': {message}", fg="red")
    if broken:
        sys.exit(EXIT_USAGE)
