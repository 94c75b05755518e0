"""``Config`` classes for typed run config, ``Field`` and ``RunConfig``."""

from collections.abc import Mapping
from typing import Any, Union

import pydantic
from pydantic import BaseModel, ConfigDict

from .env_var import is_env_var
from .legacy_config import ConfigField, is_config_type
from .model_base import EnvVarAwareModel, model_to_raw


class Config(EnvVarAwareModel):
    """Base class for typed config of assets, ops and resources (a frozen pydantic model).

    Fields are pydantic fields; unknown keys are rejected. A string or integer field may be
    given an ``EnvVar``, resolved when the run starts.

    Examples:
        >>> class UsersConfig(Config):
        ...     limit: int = 100
        ...     country: str = "FR"
        >>> UsersConfig(limit=5).limit
        5
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class PermissiveConfig(Config):
    """A ``Config`` that also keeps keys it does not declare.

    Examples:
        >>> class Loose(PermissiveConfig):
        ...     name: str = "x"
        >>> Loose(name="a", other=1).model_dump()
        {'name': 'a', 'other': 1}
    """

    model_config = ConfigDict(extra="allow", frozen=True)


_LEGACY_FIELD_KWARGS = frozenset({"config", "default_value", "is_required"})


def Field(*args: Any, **kwargs: Any) -> Any:
    """Declare a field: pydantic's ``Field`` for ``Config`` classes, or a dict-style schema field.

    ``Field(default=..., description=...)`` is pydantic's ``Field``. A call whose first argument
    is a type (``Field(int, default_value=3)``) or that uses ``default_value``/``is_required``
    builds a field of a dict-style ``config_schema``.

    Examples:
        >>> class Settings(Config):
        ...     retries: int = Field(default=3, description="How many times to retry")
        >>> Settings().retries
        3
        >>> Field(str, default_value="x").default_value
        'x'
    """
    if _LEGACY_FIELD_KWARGS & kwargs.keys() or (args and is_config_type(args[0])):
        return ConfigField(*args, **kwargs)
    return pydantic.Field(*args, **kwargs)


def _config_values(value: Any) -> Any:
    """Plain run-config values; ``EnvVar`` markers become ``{"env": NAME}``."""
    if is_env_var(value):
        return {"env": value.env_var_name}
    if isinstance(value, BaseModel):
        return _config_values(model_to_raw(value))
    if isinstance(value, Mapping):
        return {k: _config_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_config_values(v) for v in value]
    return value


_NODE_ENTRY_KEYS = frozenset({"config", "inputs", "outputs", "ops"})


def _node_entries(entries: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, entry in entries.items():
        if isinstance(entry, BaseModel):
            out[name] = {"config": _config_values(entry)}
        elif isinstance(entry, Mapping) and entry and set(entry) <= _NODE_ENTRY_KEYS:
            out[name] = {k: _config_values(v) for k, v in entry.items()}
        elif entry is None:
            out[name] = {}
        else:
            out[name] = {"config": _config_values(entry)}
    return out


class RunConfig:
    """Run config built from ``Config`` instances, turned into the dict form with ``to_config_dict``.

    Args:
        ops: Op or asset name to a ``Config`` instance or a config dict.
        resources: Resource key to a ``Config``/resource instance or a config dict.
        loggers: Logger config, passed through.
        execution: Executor config, passed through.

    Examples:
        >>> class UsersConfig(Config):
        ...     limit: int = 100
        >>> RunConfig(ops={"users": UsersConfig(limit=5)}).to_config_dict()["ops"]
        {'users': {'config': {'limit': 5}}}
    """

    def __init__(
        self,
        ops: Mapping[str, Union[Config, Mapping[str, Any]]] | None = None,
        resources: Mapping[str, Any] | None = None,
        loggers: Mapping[str, Any] | None = None,
        execution: Mapping[str, Any] | None = None,
    ):
        self.ops = dict(ops or {})
        self.resources = dict(resources or {})
        self.loggers = dict(loggers or {})
        self.execution = dict(execution or {})

    def to_config_dict(self) -> dict[str, Any]:
        """The run config as plain dicts: ``{"ops": {name: {"config": ...}}, "resources": ...}``."""
        return {
            "loggers": dict(self.loggers),
            "resources": _node_entries(self.resources),
            "ops": _node_entries(self.ops),
            "execution": dict(self.execution),
        }

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RunConfig) and other.to_config_dict() == self.to_config_dict()

    def __repr__(self) -> str:
        return f"RunConfig(ops={self.ops!r}, resources={self.resources!r})"


def run_config_to_dict(run_config: Union[RunConfig, Mapping[str, Any], None]) -> dict[str, Any]:
    """Accept a ``RunConfig``, a dict or ``None`` and return the dict form.

    Examples:
        >>> run_config_to_dict(None)
        {}
    """
    if run_config is None:
        return {}
    if isinstance(run_config, RunConfig):
        return run_config.to_config_dict()
    return dict(run_config)
