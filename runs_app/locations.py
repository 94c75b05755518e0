"""Worker-side access to user code: the loaded ``Definitions`` of a location, cached per process."""

import threading
from typing import Any

from assets_app.models import CodeLocation
from assets_app.services import load_location
from orchestrator._core.errors import CodeLocationLoadError

_lock = threading.Lock()
_cache: dict[str, tuple[str, Any]] = {}


def definitions_for(location_name: str) -> Any:
    """The location's ``Definitions``, reloaded when its stored fingerprint changed.

    Raises:
        CodeLocationLoadError: naming the location when it is unknown or fails to load.
    """
    row = CodeLocation.objects.filter(name=location_name).only("fingerprint", "origin", "status").first()
    if row is None:
        raise CodeLocationLoadError(f"Unknown code location '{location_name}'")
    with _lock:
        cached = _cache.get(location_name)
        if cached is not None and cached[0] == row.fingerprint:
            return cached[1]
        location = load_location(row.origin)
        definitions = location.raise_for_error()
        _cache[location_name] = (row.fingerprint, definitions)
        return definitions


def forget(location_name: str) -> None:
    with _lock:
        _cache.pop(location_name, None)
