"""``orchestrator job list | execute``."""

from typing import Any

import click

from .options import build_request, json_option, launch_options, location_options, remote_options, split_args
from .output import Console


@click.group("job")
def job() -> None:
    """List and execute jobs."""


@job.command("list")
@location_options
@remote_options
@json_option
def job_list(as_json: bool, **kwargs: Any) -> None:
    """List the jobs of the code location (names only when piped; --json for every field)."""
    location, remote = split_args(kwargs)
    console = Console(json_mode=as_json)
    if remote.url:
        from .remote import RemoteBackend

        rows = RemoteBackend(remote.url, remote.token, location=remote.location).jobs()
    else:
        from .sdk import job_rows, load_location

        rows = job_rows(
            load_location(
                location.module_name, location.python_file, location.attribute, location.working_directory
            )
        )
    if as_json:
        console.json(rows)
    elif console.tty:
        table = [
            [
                row["name"],
                "assets" if row["is_asset_job"] else "ops",
                ", ".join(row["asset_keys"] if row["is_asset_job"] else row["ops"]),
            ]
            for row in rows
        ]
        console.table(["JOB", "KIND", "RUNS"], table)
    else:
        for row in rows:
            console.line(row["name"])


@job.command("execute")
@location_options
@remote_options
@click.option("-j", "--job", "--job-name", "job_name", required=True, help="The job to execute.")
@launch_options
@json_option
def job_execute(job_name: str, as_json: bool, **kwargs: Any) -> None:
    """Execute a job and follow the run to its end (locally, or on the server with --url).

    Exits 0 on success, 1 when the run fails or is canceled, 2 on bad input.
    """
    from .launch import launch_and_follow

    location, remote = split_args(kwargs)
    request = build_request(kwargs, job=job_name)
    launch_and_follow(Console(json_mode=as_json), request, location, remote)
