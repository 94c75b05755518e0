"""Conversions from definition objects to plain JSON values, shared by the snapshot classes."""

import enum
import math
from collections.abc import Iterable, Mapping
from typing import Any

from ..asset_key import AssetKey
from ..metadata import to_metadata_value

KeyPath = tuple[str, ...]


def plain(value: Any) -> Any:
    """``value`` as JSON data that survives ``json.loads(json.dumps(...))`` unchanged.

    Tuples and sets become lists (sets sorted), mapping keys become strings, enums
    their value, subclasses of ``str``/``int``/``float`` the plain type, non-finite
    floats their string form, anything else its ``str``.

    Examples:
        >>> plain({"a": (1, 2), 3: {"b"}})
        {'a': [1, 2], '3': ['b']}
    """
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if value is None or type(value) in (bool, int, str):
        return value
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, float):
        return float.__float__(value) if math.isfinite(value) else str(value)
    if isinstance(value, AssetKey):
        return list(value.path)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)


def key_path(key: AssetKey) -> KeyPath:
    """The path of an asset key as a tuple of strings."""
    return tuple(key.path)


def sorted_paths(keys: Iterable[AssetKey]) -> tuple[KeyPath, ...]:
    """Paths of ``keys``, sorted and without duplicates."""
    return tuple(sorted({key_path(k) for k in keys}))


def paths_from_json(data: Iterable[Iterable[str]]) -> tuple[KeyPath, ...]:
    return tuple(tuple(p) for p in data)


def metadata_json(metadata: Mapping[str, Any] | None) -> dict[str, Any]:
    """Metadata in its stored form: ``{name: {"type": ..., "value": ...}}``."""
    return {str(k): plain(to_metadata_value(v).to_json()) for k, v in (metadata or {}).items()}


def string_map(values: Mapping[str, Any] | None) -> dict[str, str]:
    return {str(k): str(v) for k, v in (values or {}).items()}


def to_snapshot_or_none(obj: Any) -> dict[str, Any] | None:
    """``obj.to_snapshot()`` as plain JSON, or None when ``obj`` is None."""
    if obj is None:
        return None
    return plain(obj.to_snapshot())  # type: ignore[no-any-return]


def retry_policy_json(policy: Any) -> dict[str, Any] | None:
    """A ``RetryPolicy`` as ``{"max_retries", "delay", "backoff", "jitter"}``."""
    if policy is None:
        return None
    return {
        "max_retries": policy.max_retries,
        "delay": plain(policy.delay),
        "backoff": plain(policy.backoff),
        "jitter": plain(policy.jitter),
    }


def backfill_policy_json(policy: Any) -> dict[str, Any] | None:
    """A ``BackfillPolicy`` as ``{"policy_type", "max_partitions_per_run"}``."""
    if policy is None:
        return None
    if callable(getattr(policy, "to_snapshot", None)):
        return plain(policy.to_snapshot())  # type: ignore[no-any-return]
    return {
        "policy_type": plain(getattr(policy, "policy_type", None)),
        "max_partitions_per_run": plain(getattr(policy, "max_partitions_per_run", None)),
    }


def compute_config_schema(compute: Any, legacy_schema: Any = None) -> dict[str, Any] | None:
    """JSON schema of the config a compute function takes (``Config`` parameter or ``config_schema``)."""
    from ..resources import compile_config_schema, config_json_schema

    config_cls = getattr(compute, "config_cls", None) if compute is not None else None
    if config_cls is not None:
        return plain(config_json_schema(config_cls))  # type: ignore[no-any-return]
    if legacy_schema is not None:
        from ..resources.snapshot import _redact_schema_defaults

        return plain(_redact_schema_defaults(compile_config_schema(legacy_schema).json_schema()))  # type: ignore[no-any-return]
    return None
