"""Default storage locations and safe path segments for stored values."""

import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

_SAFE_CHARS = "-_.=+@,:"


def default_storage_dir() -> Path:
    """``$ORCHESTRATOR_HOME/storage``, else ``$DAGSTER_HOME/storage``, else ``./.orchestrator/storage``.

    Read when called, so changing the environment after import takes effect.

    Examples:
        >>> default_storage_dir().name
        'storage'
    """
    for variable in ("ORCHESTRATOR_HOME", "DAGSTER_HOME"):
        home = os.environ.get(variable)
        if home:
            return Path(home).expanduser() / "storage"
    return Path(".orchestrator") / "storage"


def default_home_dir() -> Path:
    """``$ORCHESTRATOR_HOME``, else ``./.orchestrator``.

    Examples:
        >>> isinstance(default_home_dir(), Path)
        True
    """
    home = os.environ.get("ORCHESTRATOR_HOME")
    return Path(home).expanduser() if home else Path(".orchestrator")


def path_segment(text: str) -> str:
    """One file-system-safe path segment; distinct inputs give distinct segments.

    Characters outside letters, digits and ``-_.=+@,:`` are percent-encoded, and the
    special names ``.``/``..``/empty are encoded too.

    Examples:
        >>> path_segment("2024-01-01"), path_segment("a/b"), path_segment("..")
        ('2024-01-01', 'a%2Fb', '%2E%2E')
    """
    segment = quote(text, safe=_SAFE_CHARS)
    if segment in ("", ".", ".."):
        return segment.replace(".", "%2E") or "%00"
    return segment


def partition_segments(partition_key: str) -> list[str]:
    """Path segments for a partition key; multi-dimensional keys (``a|b``) nest one folder per part.

    Examples:
        >>> partition_segments("2024-01-01|eu")
        ['2024-01-01', 'eu']
    """
    return [path_segment(part) for part in str(partition_key).split("|")]


def key_segments(parts: Sequence[str]) -> list[str]:
    """Path segments for asset key parts (or run/step/output identifiers).

    Examples:
        >>> key_segments(["sales", "orders"])
        ['sales', 'orders']
    """
    return [path_segment(str(part)) for part in parts]
