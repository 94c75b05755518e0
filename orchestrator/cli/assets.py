"""``orchestrator asset list | materialize | wipe``."""

import sys
from typing import Any

import click

from ._common import EXIT_RUN_FAILED, CommandError
from .options import build_request, json_option, launch_options, location_options, remote_options, split_args
from .output import Console


@click.group("asset")
def asset() -> None:
    """List, materialize and wipe assets."""


def _selected_rows(select: str | None, **kwargs: Any) -> tuple[list[dict[str, Any]], Any]:
    """The asset rows (in dependency order) that ``select`` names, and the backend that has them."""
    from .sdk import asset_rows, graph_from_rows, load_location, resolve_selection

    location, remote = split_args(kwargs)
    if remote.url:
        from .remote import RemoteBackend

        backend = RemoteBackend(remote.url, remote.token, location=remote.location)
        rows = backend.assets()
        graph = graph_from_rows(rows)
        keys = resolve_selection(select, graph) if select else graph.toposort(graph.keys)
        by_key = {row["key"]: row for row in rows}
        return [by_key[k.to_user_string()] for k in keys], backend
    loaded = load_location(
        location.module_name, location.python_file, location.attribute, location.working_directory
    )
    rows = asset_rows(loaded)
    if select:
        wanted = {k.to_user_string() for k in resolve_selection(select, loaded.definitions.asset_layer.graph)}
        rows = [row for row in rows if row["key"] in wanted]
    return rows, None


@asset.command("list")
@location_options
@remote_options
@click.option("--select", default=None, help="Selection, e.g. 'group:raw' or '+revenue_by_user'.")
@json_option
def asset_list(select: str | None, as_json: bool, **kwargs: Any) -> None:
    """List assets in dependency order (keys only when piped; --json for every field)."""
    console = Console(json_mode=as_json)
    rows, backend = _selected_rows(select, **kwargs)
    if as_json:
        console.json(rows)
    elif console.tty:
        headers = ["KEY", "GROUP", "KINDS", "PARTITIONED"] + (["STATUS"] if backend else [])
        table = [
            [
                row["key"],
                row["group"],
                ",".join(row.get("kinds") or []),
                "yes" if row.get("is_partitioned") else "",
                *([row.get("status") or ""] if backend else []),
            ]
            for row in rows
        ]
        console.table(headers, table, status_column=4 if backend else None)
    else:
        for row in rows:
            console.line(row["key"])


@asset.command("materialize")
@location_options
@remote_options
@click.option("--select", required=True, help="Selection, e.g. 'raw_users,raw_orders', 'group:raw' or '*'.")
@launch_options
@json_option
def asset_materialize(select: str, as_json: bool, **kwargs: Any) -> None:
    """Materialize the selected assets and follow the run to its end.

    Locally (the default) the run executes in this process and is recorded in
    ORCHESTRATOR_HOME's database, so the UI shows it; with --url the server's
    workers execute it. Exits 0 on success, 1 when the run fails or is canceled,
    2 on bad input (unknown asset, bad partition, bad config).
    """
    from .launch import launch_and_follow

    location, remote = split_args(kwargs)
    request = build_request(kwargs, selection=select)
    launch_and_follow(Console(json_mode=as_json), request, location, remote)


@asset.command("wipe")
@location_options
@remote_options
@click.option("--select", required=True, help="Selection of the assets whose history to forget.")
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
def asset_wipe(select: str, yes: bool, as_json: bool, **kwargs: Any) -> None:
    """Forget the materialization history of the selected assets (stored values are kept)."""
    console = Console(json_mode=as_json)
    rows, backend = _selected_rows(select, **kwargs)
    keys = [row["key"] for row in rows]
    if not keys:
        raise CommandError(f"selection {select!r} matches no asset")
    if backend is None:
        from .database import require_local_store

        backend = require_local_store(console)
    shown = ", ".join(keys[:10]) + (f" and {len(keys) - 10} more" if len(keys) > 10 else "")
    question = f"Wipe the materialization history of {len(keys)} asset(s) ({shown}) in {backend.label}?"
    if not yes and not click.confirm(question, default=False, err=True):
        console.line("Nothing wiped.", fg="yellow")
        sys.exit(EXIT_RUN_FAILED)
    wiped = backend.wipe(keys)
    if as_json:
        console.json({"wiped": wiped})
    else:
        console.line(f"{console.ok_mark} Wiped the history of {', '.join(wiped)}", fg="green")
