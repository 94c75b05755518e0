"""``orchestrator`` commands: validate definitions, list and materialize assets in-process.

The server commands (``dev``, ``web``, ``worker``, ``daemon``, ``migrate``,
``location``, ``user``, ``token``) live in sibling modules and import Django
only when they run.

Exit codes: 0 success, 1 a run failed, 2 usage or definition error.
"""

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from .._core.errors import OrchestratorError
from ._common import EXIT_RUN_FAILED, EXIT_USAGE
from .accounts import ACCOUNT_COMMANDS
from .dev import dev
from .server import SERVER_COMMANDS


def location_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``-m MODULE`` / ``-f FILE`` / ``-a ATTRIBUTE`` / ``-d DIR``; default: pyproject.toml."""
    fn = click.option("-d", "--working-directory", default=None, help="Directory to import from.")(fn)
    fn = click.option("-a", "--attribute", default=None, help="Name of the Definitions object.")(fn)
    fn = click.option("-f", "--python-file", default=None, help="Python file defining the code location.")(fn)
    fn = click.option("-m", "--module-name", default=None, help="Module defining the code location.")(fn)
    return fn


def load_definitions(
    module_name: str | None, python_file: str | None, attribute: str | None, working_directory: str | None
) -> Any:
    from .._core.code_location import load_code_location_or_raise

    try:
        location = load_code_location_or_raise(
            module_name=module_name,
            python_file=python_file,
            attribute=attribute,
            working_directory=working_directory,
        )
    except OrchestratorError as exc:
        tb = getattr(exc, "traceback", "")
        click.secho(f"Error loading definitions: {exc}", fg="red", err=True)
        if tb:
            click.echo(tb, err=True)
        sys.exit(EXIT_USAGE)
    return location.definitions


@click.group()
@click.version_option(package_name="orchestrator")
def cli() -> None:
    """Define, inspect and materialize software-defined assets."""


@cli.group()
def definitions() -> None:
    """Check a code location's definitions."""


@definitions.command("validate")
@location_options
def definitions_validate(
    module_name: str | None, python_file: str | None, attribute: str | None, working_directory: str | None
) -> None:
    """Load the code location and report whether its definitions are valid."""
    defs = load_definitions(module_name, python_file, attribute, working_directory)
    graph = defs.get_asset_graph()
    click.secho(
        f"Definitions are valid: {len(graph.keys)} assets, {len(defs.jobs)} jobs, "
        f"{len(defs.schedules)} schedules, {len(defs.sensors)} sensors",
        fg="green",
    )


@cli.group()
def asset() -> None:
    """List and materialize assets."""


@asset.command("list")
@location_options
@click.option("--select", default=None, help="Selection, e.g. 'group:raw,+revenue_by_user'.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def asset_list(
    module_name: str | None,
    python_file: str | None,
    attribute: str | None,
    working_directory: str | None,
    select: str | None,
    as_json: bool,
) -> None:
    """List asset keys (in dependency order)."""
    defs = load_definitions(module_name, python_file, attribute, working_directory)
    layer = defs.asset_layer
    keys = set(_resolve(select, layer.graph)) if select else set(layer.graph.keys)
    ordered = [k for k in layer.topological_keys if k in keys]
    rows = [
        {
            "key": k.to_user_string(),
            "group": layer.graph.get(k).group_name,
            "materializable": layer.graph.get(k).is_materializable,
        }
        for k in ordered
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(row["key"])


def _resolve(select: str, graph: Any) -> Any:
    from .._core.selection import AssetSelection

    try:
        return AssetSelection.from_string(select).resolve(graph)
    except OrchestratorError as exc:
        click.secho(f"Invalid selection: {exc}", fg="red", err=True)
        sys.exit(EXIT_USAGE)


@asset.command("materialize")
@location_options
@click.option("--select", required=True, help="Selection, e.g. 'raw_users,raw_orders' or '*'.")
@click.option("--partition", default=None, help="Partition key for partitioned assets.")
@click.option("--config-json", default=None, help="Run config as JSON.")
@click.option("--tag", "tags", multiple=True, help="Run tag k=v (repeatable).")
def asset_materialize(
    module_name: str | None,
    python_file: str | None,
    attribute: str | None,
    working_directory: str | None,
    select: str,
    partition: str | None,
    config_json: str | None,
    tags: tuple[str, ...],
) -> None:
    """Materialize the selected assets in this process."""
    from .._core.execution.api import execute_plan_in_process
    from .._core.execution.plan import plan_assets
    from .._core.instance import DagsterInstance

    defs = load_definitions(module_name, python_file, attribute, working_directory)
    layer = defs.asset_layer
    keys = [
        k
        for k in layer.topological_keys
        if k in set(_resolve(select, layer.graph)) and layer.by_key[k].is_executable
    ]
    if not keys:
        click.secho(f"Selection {select!r} matches no materializable asset", fg="red", err=True)
        sys.exit(EXIT_USAGE)
    run_tags = _parse_tags(tags)
    try:
        run_config = json.loads(config_json) if config_json else {}
        result = execute_plan_in_process(
            plan_assets(layer, keys),
            job_name="__ASSET_JOB",
            resources=defs.resolved_resources,
            instance=DagsterInstance.ephemeral(),
            run_config=run_config,
            tags=run_tags,
            partition_key=partition,
            raise_on_error=False,
            asset_selection=keys,
        )
    except (OrchestratorError, json.JSONDecodeError) as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(EXIT_USAGE)
    _report(result)


_SHOWN = ("ASSET_MATERIALIZATION", "STEP_FAILURE", "STEP_SKIPPED", "RUN_SUCCESS", "RUN_FAILURE")


def _report(result: Any) -> None:
    """Print what a run did and exit 0 (success) or 1 (failure)."""
    for event in result.all_events:
        if event.event_type.value in _SHOWN:
            skipped = event.event_type.value == "STEP_SKIPPED"
            click.secho(event.message, fg="red" if event.is_failure else ("yellow" if skipped else "green"))
            if event.error_traceback:
                click.echo(event.error_traceback, err=True)
    sys.exit(0 if result.success else EXIT_RUN_FAILED)


def _parse_tags(tags: tuple[str, ...]) -> dict[str, str]:
    run_tags = {}
    for tag in tags:
        key, sep, value = tag.partition("=")
        if not sep:
            click.secho(f"--tag {tag!r}: use key=value", fg="red", err=True)
            sys.exit(EXIT_USAGE)
        run_tags[key] = value
    return run_tags


@cli.group()
def job() -> None:
    """List and execute jobs."""


@job.command("list")
@location_options
def job_list(
    module_name: str | None, python_file: str | None, attribute: str | None, working_directory: str | None
) -> None:
    """List the jobs of the code location."""
    defs = load_definitions(module_name, python_file, attribute, working_directory)
    for job_def in defs.jobs:
        click.echo(job_def.name)


@job.command("execute")
@location_options
@click.option("-j", "--job-name", "job_name", required=True, help="Job to execute.")
@click.option("--partition", default=None, help="Partition key for partitioned jobs.")
@click.option("--config-json", default=None, help="Run config as JSON.")
@click.option("--tag", "tags", multiple=True, help="Run tag k=v (repeatable).")
def job_execute(
    module_name: str | None,
    python_file: str | None,
    attribute: str | None,
    working_directory: str | None,
    job_name: str,
    partition: str | None,
    config_json: str | None,
    tags: tuple[str, ...],
) -> None:
    """Execute a job in this process."""
    from .._core.instance import DagsterInstance

    defs = load_definitions(module_name, python_file, attribute, working_directory)
    run_tags = _parse_tags(tags)
    try:
        job_def = defs.get_job_def(job_name)
        result = job_def.execute_in_process(
            run_config=json.loads(config_json) if config_json else None,
            instance=DagsterInstance.ephemeral(),
            partition_key=partition,
            tags=run_tags,
            raise_on_error=False,
        )
    except (OrchestratorError, json.JSONDecodeError) as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(EXIT_USAGE)
    _report(result)


for _command in (dev, *SERVER_COMMANDS, *ACCOUNT_COMMANDS):
    cli.add_command(_command)


def main() -> None:
    cli()
