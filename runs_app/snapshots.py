"""Web-side views of a stored snapshot: asset graph and lookups, cached by fingerprint."""

import functools
from typing import Any

from assets_app.models import CodeLocation
from orchestrator._core.asset_graph import AssetGraph
from orchestrator._core.errors import InvalidSubsetError
from orchestrator._core.selection import AssetSelection
from orchestrator._core.snapshot import DefinitionsSnapshot, asset_graph_from_snapshot
from orchestrator_site.errors import DomainError


@functools.lru_cache(maxsize=8)
def _graph(fingerprint: str, location_id: int) -> tuple[AssetGraph, dict[str, Any]]:
    data = CodeLocation.objects.values_list("snapshot", flat=True).get(id=location_id)
    snapshot = DefinitionsSnapshot.from_json(data or {})
    jobs = {j.name: j for j in snapshot.jobs}
    return asset_graph_from_snapshot(snapshot), {"jobs": jobs, "snapshot": snapshot}


def loaded_location(name: str | None = None) -> CodeLocation:
    """The named (or only) loaded location; a 400 naming ``code_location`` otherwise."""
    qs = CodeLocation.objects.all()
    if name:
        location = qs.filter(name=name).first()
        if location is None:
            raise DomainError("code_location", f"Unknown code location '{name}'")
    else:
        locations = list(qs[:2])
        if len(locations) != 1:
            raise DomainError(
                "code_location",
                "No code location is loaded yet" if not locations else "Several code locations: name one",
            )
        location = locations[0]
    if location.status != CodeLocation.Status.LOADED or not location.snapshot:
        message = (location.load_error or {}).get("message", "not loaded yet")
        raise DomainError("code_location", f"Code location '{location.name}' is not loaded: {message}")
    return location


def asset_graph(location: CodeLocation) -> AssetGraph:
    return _graph(location.fingerprint, location.id)[0]


def job_snapshot(location: CodeLocation, name: str) -> Any:
    jobs = _graph(location.fingerprint, location.id)[1]["jobs"]
    if name not in jobs:
        raise DomainError("job", f"Unknown job '{name}'; jobs: {', '.join(sorted(jobs)) or 'none'}")
    return jobs[name]


def definitions_snapshot(location: CodeLocation) -> DefinitionsSnapshot:
    return _graph(location.fingerprint, location.id)[1]["snapshot"]


def asset_graph_of(location_id: int, fingerprint: str) -> AssetGraph:
    """The asset graph of a location's stored snapshot with ``fingerprint`` (cached)."""
    return _graph(fingerprint, location_id)[0]


def selected_asset_keys(expression: str, location_name: str | None = None) -> list[str]:
    """The keys (``a/b``) an asset selection string selects in the loaded locations, sorted.

    The same parser and resolution as a launch's ``selection`` and the command line's
    ``--select``; filters such as ``group:`` also select external assets here (this is for
    looking, not launching). A key unknown to one location may be known to another: the
    selection fails only if it fails in every location.

    Raises:
        DomainError: on ``select``, for bad syntax or a key no location defines.
    """
    try:
        selection = AssetSelection.from_string(expression, include_sources=True)
    except (InvalidSubsetError, ValueError) as exc:
        raise DomainError("select", str(exc)) from None
    locations = CodeLocation.objects.exclude(fingerprint="").order_by("name")
    if location_name:
        locations = locations.filter(name=location_name)
    keys: set[str] = set()
    errors: list[str] = []
    refs = list(locations.values_list("id", "fingerprint"))
    for location_id, fingerprint in refs:
        try:
            resolved = selection.resolve(asset_graph_of(location_id, fingerprint))
        except (InvalidSubsetError, ValueError) as exc:
            errors.append(str(exc))
            continue
        keys.update(k.to_user_string() for k in resolved)
    if errors and len(errors) == len(refs):
        raise DomainError("select", errors[0])
    return sorted(keys)
