"""Code locations: import user code by module, file or ``pyproject.toml`` and find its ``Definitions``."""

from .discovery import find_definitions, module_level_definitions
from .isolated import CodeLocationLoadTimeout, LocationLoadResult, load_code_location_in_subprocess
from .location import (
    CodeLocation,
    format_load_error,
    load_code_location,
    load_code_location_from_origin,
    load_code_location_or_raise,
)
from .origin import CodeLocationOrigin

__all__ = [
    "CodeLocation",
    "CodeLocationLoadTimeout",
    "CodeLocationOrigin",
    "LocationLoadResult",
    "find_definitions",
    "format_load_error",
    "load_code_location",
    "load_code_location_from_origin",
    "load_code_location_in_subprocess",
    "load_code_location_or_raise",
    "module_level_definitions",
]
