"""Resources and typed config: ``ConfigurableResource``, ``@resource``, ``Config``, ``EnvVar``."""

from .annotations import ResourceParam, is_config_annotation, is_resource_annotation
from .config import Config, Field, PermissiveConfig, RunConfig, run_config_to_dict
from .config_validation import (
    ConfigValidationError,
    config_error,
    resolve_op_config,
    validate_run_config_shape,
)
from .configurable import (
    ConfigurableResource,
    ConfigurableResourceFactory,
    ResourceDependency,
    is_configured_at_launch,
)
from .context import InitResourceContext, Resources, build_init_resource_context
from .definition import ResourceDefinition, resource
from .env_var import EnvVar, IntEnvVar
from .init import (
    DEFAULT_IO_MANAGER_KEY,
    DagsterResourceFunctionError,
    ResourceFunctionError,
    build_resources,
    init_resources,
    missing_resource_keys,
    resource_dependencies,
)
from .legacy_config import (
    Array,
    BoolSource,
    ConfigField,
    IntSource,
    Map,
    Noneable,
    Permissive,
    Shape,
    StringSource,
    compile_config_schema,
)
from .snapshot import config_json_schema, redact_config_value, resource_snapshot

__all__ = [
    "DEFAULT_IO_MANAGER_KEY",
    "Array",
    "BoolSource",
    "Config",
    "ConfigField",
    "ConfigValidationError",
    "ConfigurableResource",
    "ConfigurableResourceFactory",
    "DagsterResourceFunctionError",
    "EnvVar",
    "Field",
    "InitResourceContext",
    "IntEnvVar",
    "IntSource",
    "Map",
    "Noneable",
    "Permissive",
    "PermissiveConfig",
    "ResourceDefinition",
    "ResourceDependency",
    "ResourceFunctionError",
    "ResourceParam",
    "Resources",
    "RunConfig",
    "Shape",
    "StringSource",
    "build_init_resource_context",
    "build_resources",
    "compile_config_schema",
    "config_error",
    "config_json_schema",
    "init_resources",
    "is_config_annotation",
    "is_configured_at_launch",
    "is_resource_annotation",
    "missing_resource_keys",
    "redact_config_value",
    "resolve_op_config",
    "resource",
    "resource_dependencies",
    "resource_snapshot",
    "run_config_to_dict",
    "validate_run_config_shape",
]
