"""JSON descriptions of config schemas and configured resources, with secrets redacted."""

import inspect
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, SecretBytes, SecretStr
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import PydanticSerializationError, to_jsonable_python

from .configurable import ConfigurableResourceFactory
from .definition import ResourceDefinition
from .env_var import is_env_var
from .model_base import raw_field_values
from .secrets import REDACTED, is_secret_name

_URL_USERINFO = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^:/@\s]*):(?P<password>[^@/\s]*)@"
)
_QUERY_SECRET = re.compile(
    r"(?P<name>[?&;](?:password|passwd|pwd|secret|token|api_key|apikey|access_token|sslpassword)=)(?P<value>[^&;#\s]+)",
    re.IGNORECASE,
)


def redact_url(text: str) -> str:
    """Hide passwords embedded in URLs (``scheme://user:pass@host``) and in query parameters.

    Examples:
        >>> redact_url("postgresql://app:s3cret@db:5432/prod")
        'postgresql://app:***@db:5432/prod'
        >>> redact_url("https://api.example.com/?token=abc&x=1")
        'https://api.example.com/?token=***&x=1'
    """
    text = _URL_USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:{REDACTED}@", text)
    return _QUERY_SECRET.sub(lambda m: f"{m['name']}{REDACTED}", text)


class _EnvAwareJsonSchema(GenerateJsonSchema):
    """Render ``EnvVar`` defaults as ``{"env": NAME}`` and never print secret defaults."""

    def handle_invalid_for_json_schema(self, schema: Any, error_info: str) -> dict[str, Any]:
        return {}

    def encode_default(self, dft: Any) -> Any:
        if is_env_var(dft):
            return {"env": dft.env_var_name}
        if isinstance(dft, (SecretStr, SecretBytes)):
            return REDACTED
        try:
            return super().encode_default(dft)
        except (PydanticSerializationError, RuntimeError, TypeError, ValueError):
            return f"<{type(dft).__name__}>"


def config_json_schema(config_cls: type[BaseModel] | None) -> dict[str, Any] | None:
    """The JSON schema of a ``Config`` or configurable resource class (``None`` for ``None``).

    Examples:
        >>> from orchestrator._core.resources.config import Config
        >>> class UsersConfig(Config):
        ...     limit: int = 10
        >>> config_json_schema(UsersConfig)["properties"]["limit"]
        {'default': 10, 'title': 'Limit', 'type': 'integer'}
    """
    if config_cls is None:
        return None
    schema = config_cls.model_json_schema(schema_generator=_EnvAwareJsonSchema)
    return _redact_schema_defaults(schema)


def _redact_schema_defaults(schema: Any) -> Any:
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                out[key] = {
                    name: _redact_property(name, _redact_schema_defaults(prop))
                    for name, prop in value.items()
                }
            else:
                out[key] = _redact_schema_defaults(value)
        return out
    if isinstance(schema, list):
        return [_redact_schema_defaults(v) for v in schema]
    return schema


def _redact_property(name: str, prop: Any) -> Any:
    if isinstance(prop, dict) and "default" in prop:
        default = prop["default"]
        if isinstance(default, str) and is_secret_name(name):
            prop = {**prop, "default": REDACTED}
        elif isinstance(default, str):
            prop = {**prop, "default": redact_url(default)}
    return prop


def redact_config_value(value: Any, name: str = "") -> Any:
    """A JSON-safe copy of a config value with secrets hidden.

    ``EnvVar`` values become ``{"env": NAME}``; ``SecretStr`` values and values of fields whose
    names look secret become ``"***"``; passwords inside URLs become ``"***"``.

    Examples:
        >>> redact_config_value({"host": "db", "password": "hunter2"})
        {'host': 'db', 'password': '***'}
    """
    if is_env_var(value):
        return {"env": value.env_var_name}
    if isinstance(value, (SecretStr, SecretBytes)):
        return REDACTED
    if isinstance(value, ConfigurableResourceFactory):
        return resource_snapshot(name, value)
    if isinstance(value, BaseModel):
        return {k: redact_config_value(v, k) for k, v in raw_field_values(value).items()}
    if name and is_secret_name(name) and value is not None and not isinstance(value, (Mapping, bool)):
        return REDACTED
    if isinstance(value, Mapping):
        return {str(k): redact_config_value(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [redact_config_value(v, name) for v in value]
    if isinstance(value, str):
        return redact_url(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, ResourceDefinition):
        return resource_snapshot(name, value)
    try:
        plain = to_jsonable_python(value)
    except PydanticSerializationError:
        return f"<{type(value).__name__}>"
    return redact_url(plain) if isinstance(plain, str) else plain


def _description(obj: Any) -> str | None:
    if isinstance(obj, ResourceDefinition):
        return obj.description
    if isinstance(obj, ConfigurableResourceFactory):
        doc = type(obj).__dict__.get("__doc__")
        return inspect.cleandoc(doc) if isinstance(doc, str) and doc.strip() else None
    description = getattr(obj, "description", None)
    return description if isinstance(description, str) else None


def resource_snapshot(key: str, resource: Any) -> dict[str, Any]:
    """A plain-JSON description of a configured resource, safe to store and show.

    Returns ``{"key", "type", "description", "config_schema", "config"}``; secret values never
    appear (see ``redact_config_value``), nested resources are described recursively.

    Examples:
        >>> from orchestrator._core.resources.configurable import ConfigurableResource
        >>> from orchestrator._core.resources.env_var import EnvVar
        >>> class Warehouse(ConfigurableResource):
        ...     url: str
        ...     api_key: str
        >>> warehouse = Warehouse(url="postgresql://u:p@h/db", api_key=EnvVar("KEY"))
        >>> snap = resource_snapshot("warehouse", warehouse)
        >>> snap["config"]
        {'url': 'postgresql://u:***@h/db', 'api_key': {'env': 'KEY'}}
    """
    config: Any
    schema: dict[str, Any] | None
    if isinstance(resource, ConfigurableResourceFactory):
        if resource.is_configured_at_launch:
            values = dict(resource._launch_config or {})
        else:
            values = raw_field_values(resource)
        config = {name: redact_config_value(value, name) for name, value in values.items()}
        schema = config_json_schema(type(resource))
    elif isinstance(resource, ResourceDefinition):
        configured = resource.configured_config
        config = redact_config_value(configured, "") if configured is not None else None
        schema = resource.compiled_config_schema.json_schema()
        if schema is not None:
            schema = _redact_schema_defaults(schema)
    else:
        config = None
        schema = None
    return {
        "key": key,
        "type": type(resource).__name__,
        "description": _description(resource),
        "config_schema": schema,
        "config": config,
    }
