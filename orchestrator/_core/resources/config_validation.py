"""Validation of run config against ``Config`` classes, with errors that name node and field."""

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InvalidConfigError
from .config import Config
from .model_base import model_to_raw, resolve_env_values

_SECRET_WORDS = ("password", "passwd", "secret", "token", "api_key", "apikey", "credential", "private_key")
RUN_CONFIG_SECTIONS = ("ops", "resources", "loggers", "execution")
_OP_ENTRY_KEYS = ("config", "inputs", "outputs", "ops")


class ConfigValidationError(InvalidConfigError, ValueError):
    """Config values failed validation; also a ``ValueError`` like pydantic's own error.

    Examples:
        >>> issubclass(ConfigValidationError, InvalidConfigError)
        True
        >>> issubclass(ConfigValidationError, ValueError)
        True
    """


def _location(loc: Iterable[Any]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _short_repr(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_validation_error(err: ValidationError) -> list[str]:
    """One line per problem: ``field 'x': reason (got ...)``.

    Examples:
        >>> class Limits(Config):
        ...     limit: int
        >>> try:
        ...     Limits.model_validate({})
        ... except ValidationError as err:
        ...     describe_validation_error(err)
        ["field 'limit': missing required value"]
    """
    problems: list[str] = []
    for item in err.errors():
        where = _location(item.get("loc", ()))
        kind = item.get("type", "")
        label = f"field '{where}'" if where else "value"
        if kind == "missing":
            problems.append(f"{label}: missing required value")
            continue
        if kind == "extra_forbidden":
            problems.append(f"{label}: unexpected field (not defined in the config schema)")
            continue
        message = item.get("msg", "invalid value")
        if "input" in item and not any(w in where.lower() for w in _SECRET_WORDS):
            message = f"{message} (got {_short_repr(item['input'])})"
        problems.append(f"{label}: {message}")
    return problems


def config_error(err: ValidationError, *, subject: str) -> ConfigValidationError:
    """An ``InvalidConfigError`` for ``subject`` (e.g. ``"asset 'users'"``) listing every problem.

    Examples:
        >>> class Limits(Config):
        ...     limit: int
        >>> try:
        ...     Limits.model_validate({"limit": "x"})
        ... except ValidationError as err:
        ...     str(config_error(err, subject="op 'load'")).split(":")[0]
        "Invalid config for op 'load'"
    """
    return ConfigValidationError(
        f"Invalid config for {subject}: " + "; ".join(describe_validation_error(err))
    )


def _missing_fields(config_cls: type[BaseModel]) -> list[str]:
    return [name for name, field in config_cls.model_fields.items() if field.is_required()]


def resolve_op_config(
    config_cls: type[Config] | None,
    raw: Mapping[str, Any] | Config | None,
    *,
    node_name: str,
    node_kind: str = "asset",
) -> Config | None:
    """Build the ``Config`` instance a node receives from its run-config entry.

    Args:
        config_cls: The node's ``Config`` subclass, or ``None`` when it takes no config.
        raw: The node's config values (the content of ``{"config": {...}}``), a ``Config``
            instance, or ``None`` when the run config has no entry for the node.
        node_name: The asset or op name used in error messages.
        node_kind: ``"asset"`` or ``"op"``, used in error messages.

    Returns:
        The validated instance with environment variables resolved, or ``None`` when the node
        takes no config.

    Raises:
        InvalidConfigError: naming the node and each bad or missing field.

    Examples:
        >>> class Limits(Config):
        ...     limit: int = 10
        >>> resolve_op_config(Limits, {"limit": "5"}, node_name="users").limit
        5
        >>> resolve_op_config(Limits, {"limit": "many"}, node_name="users")
        Traceback (most recent call last):
        ...
        orchestrator._core.resources.config_validation.ConfigValidationError: Invalid config for \
asset 'users': field 'limit': Input should be a valid integer, unable to parse string as an integer \
(got 'many')
    """
    subject = f"{node_kind} '{node_name}'"
    if isinstance(raw, BaseModel):
        raw = model_to_raw(raw)
    data = dict(raw or {})
    if config_cls is None:
        if data:
            names = ", ".join(f"'{k}'" for k in data)
            raise ConfigValidationError(f"Invalid config for {subject}: it takes no config, but got {names}")
        return None
    if (
        set(data) == {"config"}
        and "config" not in config_cls.model_fields
        and isinstance(data["config"], Mapping)
    ):
        data = dict(data["config"])
    if raw is None:
        missing = _missing_fields(config_cls)
        if missing:
            names = ", ".join(f"'{m}'" for m in missing)
            raise ConfigValidationError(
                f"Invalid config for {subject}: missing required config field(s) {names}; provide them in "
                f"run_config['ops']['{node_name}']['config']"
            )
    try:
        instance = config_cls.model_validate(data)
        resolved = resolve_env_values(model_to_raw(instance), config_cls, where=subject)
        return config_cls.model_validate(resolved)
    except ValidationError as err:
        raise config_error(err, subject=subject) from None


def validate_run_config_shape(
    run_config: Mapping[str, Any], *, known_ops: set[str], known_resources: set[str]
) -> None:
    """Check the layout of a run config before any value is validated.

    Raises ``InvalidConfigError`` listing unknown top-level sections, unknown op names,
    unknown keys inside op entries and unknown resource keys, all at once.

    Examples:
        >>> validate_run_config_shape({"ops": {"users": {"config": {}}}}, known_ops={"users"},
        ...                           known_resources=set())
        >>> validate_run_config_shape({"opz": {}}, known_ops=set(), known_resources=set())
        Traceback (most recent call last):
        ...
        orchestrator._core.errors.InvalidConfigError: Invalid run config: unknown top-level section 'opz' \
(expected one of 'ops', 'resources', 'loggers', 'execution')
    """
    if not isinstance(run_config, Mapping):
        raise InvalidConfigError(f"Invalid run config: expected a mapping, got {type(run_config).__name__}")
    problems: list[str] = []
    expected = ", ".join(f"'{s}'" for s in RUN_CONFIG_SECTIONS)
    for section in run_config:
        if section not in RUN_CONFIG_SECTIONS:
            problems.append(f"unknown top-level section '{section}' (expected one of {expected})")
    ops = run_config.get("ops") or {}
    if not isinstance(ops, Mapping):
        problems.append("'ops' must be a mapping of op names to {'config': ...}")
        ops = {}
    for name, entry in ops.items():
        if name not in known_ops:
            problems.append(f"unknown op '{name}' in 'ops' (known: {_names(known_ops)})")
            continue
        if entry is None:
            continue
        if not isinstance(entry, Mapping):
            problems.append(f"entry for op '{name}' must be a mapping like {{'config': {{...}}}}")
            continue
        for key in entry:
            if key not in _OP_ENTRY_KEYS:
                problems.append(f"unknown key '{key}' in entry for op '{name}' (expected 'config')")
    resources = run_config.get("resources") or {}
    if not isinstance(resources, Mapping):
        problems.append("'resources' must be a mapping of resource keys to {'config': ...}")
        resources = {}
    for key, entry in resources.items():
        if key not in known_resources:
            problems.append(f"unknown resource '{key}' in 'resources' (known: {_names(known_resources)})")
            continue
        if isinstance(entry, Mapping):
            for inner in entry:
                if inner != "config":
                    problems.append(
                        f"unknown key '{inner}' in entry for resource '{key}' (expected 'config')"
                    )
        elif entry is not None:
            problems.append(f"entry for resource '{key}' must be a mapping like {{'config': {{...}}}}")
    if problems:
        raise InvalidConfigError("Invalid run config: " + "; ".join(problems))


def _names(values: Iterable[str]) -> str:
    ordered = sorted(values)
    return ", ".join(f"'{v}'" for v in ordered) if ordered else "none"
