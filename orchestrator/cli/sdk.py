"""The code location as the SDK loads it in this process: loading, selections, listings, validation.

Nothing here imports Django.
"""

from collections.abc import Iterable, Mapping
from typing import Any

import click

from .._core.asset_graph import AssetGraph, AssetNode
from .._core.asset_key import AssetKey
from .._core.errors import OrchestratorError
from ._common import CommandError

# Load errors that describe the definitions, not a bug in the code: shown without a traceback.
DEFINITION_ERRORS = ("InvalidDefinitionError", "DagsterInvalidDefinitionError", "CodeLocationLoadError")


def load_location(
    module_name: str | None, python_file: str | None, attribute: str | None, working_directory: str | None
) -> Any:
    """The loaded ``CodeLocation``, or exit 2 with the load error (and its traceback for a code error)."""
    from .._core.code_location import load_code_location

    try:
        location = load_code_location(
            module_name=module_name,
            python_file=python_file,
            attribute=attribute,
            working_directory=working_directory,
        )
    except OrchestratorError as exc:
        raise CommandError(str(exc)) from None
    if location.load_error is not None:
        error = location.load_error
        if error.get("cls") not in DEFINITION_ERRORS and error.get("traceback"):
            click.echo(error["traceback"].rstrip(), err=True)
        raise CommandError(f"loading definitions failed: {error['message']}")
    return location


def resolve_selection(select: str, graph: AssetGraph) -> list[AssetKey]:
    """The keys ``select`` names in ``graph``, in dependency order; exit 2 on a bad selection."""
    from .._core.selection import AssetSelection

    try:
        keys = AssetSelection.from_string(select).resolve(graph)
    except (OrchestratorError, ValueError) as exc:
        raise CommandError(f"invalid selection {select!r}: {exc}") from None
    return graph.toposort(keys)


def graph_from_rows(rows: Iterable[Mapping[str, Any]]) -> AssetGraph:
    """An ``AssetGraph`` from asset rows of the REST API (enough to resolve selections)."""
    return AssetGraph(
        AssetNode(
            key=AssetKey.from_user_string(row["key"]),
            deps=frozenset(AssetKey.from_user_string(d) for d in row.get("deps", [])),
            group_name=row.get("group") or "default",
            tags=dict(row.get("tags") or {}),
            kinds=frozenset(row.get("kinds") or ()),
            owners=tuple(row.get("owners") or ()),
            is_materializable=bool(row.get("is_materializable", True)),
        )
        for row in rows
    )


def _snapshot(location: Any) -> Any:
    try:
        return location.snapshot()
    except Exception as exc:  # reported like a definition error
        raise CommandError(f"the definitions cannot be described: {type(exc).__name__}: {exc}") from None


def asset_rows(location: Any) -> list[dict[str, Any]]:
    """The location's assets as rows shaped like the REST API's (without run status), in dependency order."""
    snapshot = _snapshot(location)
    by_key = {a.key_string: a for a in snapshot.assets}
    order = [k.to_user_string() for k in location.definitions.asset_layer.topological_keys]
    return [
        {
            "key": key,
            "location": location.name,
            "group": a.group_name,
            "description": a.description or "",
            "kinds": list(a.kinds),
            "tags": dict(a.tags),
            "owners": list(a.owners),
            "deps": ["/".join(d.asset_key) for d in a.deps],
            "is_materializable": a.is_materializable,
            "is_partitioned": a.partitions is not None,
        }
        for key in order
        if (a := by_key.get(key)) is not None
    ]


def job_rows(location: Any) -> list[dict[str, Any]]:
    """The location's jobs shaped like the REST API's ``/api/jobs/`` rows."""
    return [
        {
            "name": job.name,
            "location": location.name,
            "description": job.description,
            "is_asset_job": job.is_asset_job,
            "asset_keys": ["/".join(k) for k in job.asset_keys],
            "ops": [op.name for op in job.ops],
            "partitions": job.partitions,
        }
        for job in _snapshot(location).jobs
        if not job.name.startswith("__")
    ]


def definition_problems(location: Any) -> list[str]:
    """What keeps a loaded location from working: snapshot and job plan errors (empty when valid)."""
    problems = []
    try:
        location.snapshot()
    except Exception as exc:  # any failure to describe the definitions is reported, not raised
        problems.append(f"the definitions cannot be described for the server: {type(exc).__name__}: {exc}")
    for job in location.definitions.jobs:
        try:
            location.definitions.get_job_def(job.name).build_plan()
        except Exception as exc:  # same: reported per job
            problems.append(f"job '{job.name}' cannot be planned: {type(exc).__name__}: {exc}")
    return problems
