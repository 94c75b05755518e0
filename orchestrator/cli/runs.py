"""``orchestrator run list | show | logs | cancel``: runs in the local database, or on a server with ``--url``."""

import datetime as dt
import sys
from collections.abc import Mapping
from typing import Any

import click

from .._core.definitions.job_definition import IMPLICIT_ASSET_JOB_NAME
from .follow import FINISHED_STATUSES, LogView, failure_reason, follow
from .options import RemoteArgs, json_option, parse_tags
from .output import Console

RUN_STATUSES = ("QUEUED", "STARTING", "STARTED", "SUCCESS", "FAILURE", "CANCELING", "CANCELED")


def _backend(console: Console, **kwargs: Any) -> Any:
    remote = RemoteArgs(url=kwargs.get("url"), token=kwargs.get("token"))
    if remote.url:
        from .remote import RemoteBackend

        return RemoteBackend(remote.url, remote.token)
    from .database import require_local_store

    return require_local_store(console)


def _run_remote_options(fn: Any) -> Any:
    """``--url`` and ``--token`` (runs need no code location)."""
    fn = click.option("--token", envvar="ORCHESTRATOR_TOKEN", default=None, help="API token for --url.")(fn)
    return click.option(
        "--url",
        envvar="ORCHESTRATOR_URL",
        default=None,
        help="A running server (env ORCHESTRATOR_URL); default: ORCHESTRATOR_HOME's database.",
    )(fn)


def _when(value: str | None) -> str:
    if not value:
        return ""
    return dt.datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _took(run: Mapping[str, Any]) -> str:
    if not (run.get("start_time") and run.get("end_time")):
        return ""
    delta = dt.datetime.fromisoformat(run["end_time"]) - dt.datetime.fromisoformat(run["start_time"])
    return f"{delta.total_seconds():.2f}s"


def _target(run: Mapping[str, Any]) -> str:
    if run.get("job_name") and run["job_name"] != IMPLICIT_ASSET_JOB_NAME:
        return str(run["job_name"])
    return ",".join(run.get("asset_selection") or [])


def _partition(run: Mapping[str, Any]) -> str:
    if run.get("partition_range"):
        return "...".join(run["partition_range"])
    return str(run.get("partition_key") or "")


@click.group("run")
def run() -> None:
    """List runs, show one, read or follow its logs, cancel it."""


@run.command("list")
@_run_remote_options
@click.option("--status", "statuses", multiple=True, type=click.Choice(RUN_STATUSES), help="Repeatable.")
@click.option("--job", default=None, help="Only runs of this job.")
@click.option("--asset", default=None, help="Only runs that selected this asset key.")
@click.option(
    "--tag", "tags", multiple=True, metavar="KEY=VALUE", help="Only runs with this tag (repeatable)."
)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@json_option
def run_list(
    statuses: tuple[str, ...],
    job: str | None,
    asset: str | None,
    tags: tuple[str, ...],
    limit: int,
    as_json: bool,
    **kwargs: Any,
) -> None:
    """List runs, newest first."""
    console = Console(json_mode=as_json)
    parse_tags(tags)
    filters = {"status": list(statuses), "job": job, "asset": asset, "tag": list(tags)}
    runs = _backend(console, **kwargs).runs(filters, limit)
    if as_json:
        console.json(runs)
        return
    if not runs:
        console.line("No runs.")
        return
    rows = [
        [r["id"], r["status"], _target(r), _partition(r), _when(r.get("created_at")), _took(r)] for r in runs
    ]
    console.table(["ID", "STATUS", "JOB / ASSETS", "PARTITION", "CREATED", "TOOK"], rows, status_column=1)


@run.command("show")
@click.argument("run_id")
@_run_remote_options
@json_option
def run_show(run_id: str, as_json: bool, **kwargs: Any) -> None:
    """Show a run: status, what it ran, its steps and the assets it materialized."""
    console = Console(json_mode=as_json)
    detail = _backend(console, **kwargs).run(run_id)
    if as_json:
        console.json(detail)
        return
    console.line(f"Run {detail['id']}  {console.status(detail['status'])}", bold=True)
    fields = {
        "job": str(detail["job_name"]),
        "assets": ", ".join(detail.get("asset_selection") or []) or "-",
        "partition": _partition(detail) or "-",
        "location": str(detail.get("location_name") or "-"),
        "created": f"{_when(detail.get('created_at'))} by {detail.get('created_by') or '?'}",
        "started": _when(detail.get("start_time")) or "-",
        "ended": _when(detail.get("end_time")) or "-",
        "took": _took(detail) or "-",
    }
    if detail.get("tags"):
        fields["tags"] = ", ".join(f"{k}={v}" for k, v in detail["tags"].items())
    if detail["status"] == "FAILURE":
        fields["failure"] = failure_reason(detail)
    console.fields(fields)
    steps = detail.get("steps") or []
    if steps:
        console.line()
        console.table(
            ["STEP", "STATUS", "ATTEMPTS", "TOOK"],
            [[s["step_key"], s["status"], str(s.get("attempts") or 0), _took(s)] for s in steps],
            status_column=1,
        )
    materialized = detail.get("materialized_asset_keys") or []
    console.line()
    console.line(f"Materialized: {', '.join(materialized) if materialized else 'nothing'}")


@run.command("logs")
@click.argument("run_id")
@_run_remote_options
@click.option(
    "-f", "--follow", "keep_following", is_flag=True, help="Keep printing events until the run ends."
)
@json_option
def run_logs(run_id: str, keep_following: bool, as_json: bool, **kwargs: Any) -> None:
    """Print the run's events (one JSON object per line with --json).

    With --follow, waits for the run to end and exits 0 if it succeeded, 1 otherwise.
    """
    console = Console(json_mode=as_json)
    backend = _backend(console, **kwargs)
    view = LogView(console)
    if keep_following:
        final = follow(backend, run_id, view, console, cancel_on_interrupt=False)
        sys.exit(0 if final["status"] == "SUCCESS" else 1)
    cursor = 0
    while True:
        page = backend.events(run_id, cursor)
        for event in page["events"]:
            view.handle(event)
        cursor = int(page["cursor"])
        if not page.get("has_more"):
            return


@run.command("cancel")
@click.argument("run_id")
@_run_remote_options
@json_option
def run_cancel(run_id: str, as_json: bool, **kwargs: Any) -> None:
    """Cancel a run: a queued one at once, a running one between steps."""
    console = Console(json_mode=as_json)
    detail = _backend(console, **kwargs).cancel(run_id)
    if as_json:
        console.json(detail)
    elif detail["status"] in FINISHED_STATUSES:
        console.line(f"Run {detail['id']} is {console.status(detail['status'])}.")
    else:
        console.line(
            f"Run {detail['id']} is {console.status(detail['status'])}: it stops after the steps running now."
        )
