"""Worker-side access to user code: the loaded ``Definitions`` of a location, cached per process."""

import threading
from typing import Any

from assets_app.models import CodeLocation
from assets_app.services import load_location
from orchestrator._core.errors import CodeLocationLoadError

_lock = threading.Lock()
_cache: dict[str, tuple[str, Any]] = {}


def loaded_definitions(location_name: str) -> tuple[str, Any]:
    """``(fingerprint, Definitions)`` of the location; user code is imported once per process
    and again only when the stored fingerprint changes.

    Raises:
        CodeLocationLoadError: naming the location when it is unknown or fails to load.
    """
    row = CodeLocation.objects.filter(name=location_name).only("fingerprint", "origin", "status").first()
    if row is None:
        raise CodeLocationLoadError(f"Unknown code location '{location_name}'")
    cached = _cache.get(location_name)
    if cached is not None and cached[0] == row.fingerprint:
        return cached
    with _lock:
        cached = _cache.get(location_name)
        if cached is not None and cached[0] == row.fingerprint:
            return cached
        location = load_location(row.origin)
        definitions = location.raise_for_error()
        _cache[location_name] = (row.fingerprint, definitions)
        return _cache[location_name]


def definitions_for(location_name: str) -> Any:
    """The location's ``Definitions`` (see :func:`loaded_definitions`)."""
    return loaded_definitions(location_name)[1]


def forget(location_name: str) -> None:
    with _lock:
        _cache.pop(location_name, None)
