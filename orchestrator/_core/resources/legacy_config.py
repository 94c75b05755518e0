"""Dict-style config schemas (``config_schema={"x": Field(int)}``) compiled to pydantic models."""

import typing
from collections.abc import Mapping
from typing import Any, Union

import pydantic
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, create_model

from .model_base import resolve_env_values

_NO_DEFAULT = object()


class ConfigField:
    """A field of a dict-style config schema, as in ``@resource(config_schema={...})``.

    Args:
        config: The field's type: a Python type, a dict (nested shape), ``[type]`` (list),
            ``Noneable(...)``, ``Array(...)``, ``StringSource`` ...
        default_value: Value used when the field is not given (makes the field optional).
        is_required: Whether the field must be given; defaults to ``True`` unless a default
            is set or the type is ``Noneable``.
        description: Free text shown in the UI.

    Examples:
        >>> schema = {"base_dir": ConfigField(str, default_value="/tmp"), "retries": int}
        >>> compile_config_schema(schema).validate({"retries": 2}, subject="resource 'files'")
        {'base_dir': '/tmp', 'retries': 2}
    """

    def __init__(
        self,
        config: Any = Any,
        default_value: Any = _NO_DEFAULT,
        is_required: bool | None = None,
        description: str | None = None,
    ):
        self.config_type = config
        self.default_value = default_value
        self.description = description
        if is_required is None:
            is_required = default_value is _NO_DEFAULT and not isinstance(config, Noneable)
        self.is_required = is_required

    @property
    def has_default_value(self) -> bool:
        return self.default_value is not _NO_DEFAULT

    def __repr__(self) -> str:
        return f"Field({self.config_type!r}, is_required={self.is_required})"


class Shape:
    """A dict of named fields; unknown keys are rejected.

    Examples:
        >>> compile_config_schema(Shape({"n": int})).validate({"n": "3"}, subject="op 'x'")
        {'n': 3}
    """

    permissive = False

    def __init__(self, fields: Mapping[str, Any], description: str | None = None):
        self.fields = dict(fields)
        self.description = description


class Permissive(Shape):
    """Like ``Shape``, but keys that are not declared are kept as given.

    Examples:
        >>> compile_config_schema(Permissive({"n": int})).validate({"n": 1, "x": 2}, subject="op 'x'")
        {'n': 1, 'x': 2}
    """

    permissive = True

    def __init__(self, fields: Mapping[str, Any] | None = None, description: str | None = None):
        super().__init__(fields or {}, description)


class Noneable:
    """A value that may also be ``None`` (and defaults to ``None``).

    Examples:
        >>> compile_config_schema({"x": Noneable(int)}).validate({}, subject="op 'x'")
        {'x': None}
    """

    def __init__(self, inner_type: Any):
        self.inner_type = inner_type


class Array:
    """A list whose items have the inner type.

    Examples:
        >>> compile_config_schema(Array(int)).validate(["1", 2], subject="op 'x'")
        [1, 2]
    """

    def __init__(self, inner_type: Any):
        self.inner_type = inner_type


class Map:
    """A dict with arbitrary keys of ``key_type`` and values of ``inner_type``.

    Examples:
        >>> compile_config_schema(Map(str, int)).validate({"a": "1"}, subject="op 'x'")
        {'a': 1}
    """

    def __init__(self, key_type: Any, inner_type: Any, key_label_name: str | None = None):
        self.key_type = key_type
        self.inner_type = inner_type
        self.key_label_name = key_label_name


# A string, integer or boolean that may also be given as {"env": "NAME"}.
StringSource: Any = str
IntSource: Any = int
BoolSource: Any = bool


def is_config_type(value: Any) -> bool:
    """Whether ``value`` reads as a dict-style config type (used to tell both ``Field`` styles apart).

    Examples:
        >>> is_config_type(int), is_config_type({"a": str}), is_config_type(3), is_config_type("text")
        (True, True, False, False)
    """
    if isinstance(value, (Shape, Noneable, Array, Map, ConfigField)):
        return True
    if value is Any or isinstance(value, type):
        return True
    if typing.get_origin(value) is not None:
        return True
    if isinstance(value, list) and len(value) == 1:
        return is_config_type(value[0])
    if isinstance(value, Mapping) and value:
        return all(isinstance(k, str) and is_config_type(v) for k, v in value.items())
    return False


def _annotation(config_type: Any, name: str) -> tuple[Any, Any]:
    """Pydantic annotation and default for one config type."""
    if isinstance(config_type, ConfigField):
        annotation, implied_default = _annotation(config_type.config_type, name)
        if config_type.has_default_value:
            return annotation, config_type.default_value
        if not config_type.is_required:
            return Union[annotation, None], None
        return annotation, implied_default
    if isinstance(config_type, Noneable):
        inner, _ = _annotation(config_type.inner_type, name)
        return Union[inner, None], None
    if isinstance(config_type, Array):
        inner, _ = _annotation(config_type.inner_type, name)
        return list[inner], _NO_DEFAULT  # type: ignore[valid-type]
    if isinstance(config_type, Map):
        key, _ = _annotation(config_type.key_type, name)
        inner, _ = _annotation(config_type.inner_type, name)
        return dict[key, inner], _NO_DEFAULT  # type: ignore[valid-type]
    if isinstance(config_type, Shape) or (isinstance(config_type, Mapping) and config_type):
        shape = config_type if isinstance(config_type, Shape) else Shape(config_type)
        model = _shape_model(shape, name)
        if all(not f.is_required() for f in model.model_fields.values()):
            return model, pydantic.Field(default_factory=model)
        return model, _NO_DEFAULT
    if isinstance(config_type, Mapping):
        return dict[str, Any], _NO_DEFAULT
    if isinstance(config_type, list):
        inner, _ = _annotation(config_type[0], name) if config_type else (Any, None)
        return list[inner], _NO_DEFAULT  # type: ignore[valid-type]
    if config_type is list:
        return list[Any], _NO_DEFAULT
    if config_type is dict:
        return dict[str, Any], _NO_DEFAULT
    if config_type is Any or config_type is None:
        return Any, None
    return config_type, _NO_DEFAULT


def _shape_model(shape: Shape, name: str) -> type[BaseModel]:
    definitions: dict[str, Any] = {}
    optional_without_default: set[str] = set()
    for field_name, field_type in shape.fields.items():
        annotation, default = _annotation(field_type, f"{name}_{field_name}")
        description = field_type.description if isinstance(field_type, ConfigField) else None
        if (
            isinstance(field_type, ConfigField)
            and not field_type.is_required
            and not field_type.has_default_value
        ):
            optional_without_default.add(field_name)
        if isinstance(default, pydantic.fields.FieldInfo):
            default.description = description
            definitions[field_name] = (annotation, default)
        elif default is _NO_DEFAULT:
            definitions[field_name] = (annotation, pydantic.Field(description=description))
        else:
            definitions[field_name] = (annotation, pydantic.Field(default=default, description=description))
    model_name = "".join(part.capitalize() for part in name.replace("-", "_").split("_") if part) or "Config"
    model = create_model(  # type: ignore[call-overload]
        model_name,
        __config__=ConfigDict(extra="allow" if shape.permissive else "forbid", arbitrary_types_allowed=True),
        **definitions,
    )
    model.__omit_when_unset__ = frozenset(optional_without_default)
    return model


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        omit: frozenset[str] = getattr(type(value), "__omit_when_unset__", frozenset())
        out = {
            name: _dump(getattr(value, name))
            for name in type(value).model_fields
            if not (name in omit and name not in value.model_fields_set)
        }
        out.update({k: _dump(v) for k, v in (value.__pydantic_extra__ or {}).items()})
        return out
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


class CompiledConfigSchema:
    """A dict-style schema ready to validate raw config and to describe itself as JSON schema.

    Examples:
        >>> CompiledConfigSchema({"n": int}).json_schema()["required"]
        ['n']
    """

    def __init__(self, schema: Any):
        self.schema = schema
        self.model: type[BaseModel] | None = None
        self.adapter: TypeAdapter[Any] | None = None
        self.default: Any = None
        if schema is None or schema is Any:
            return
        if isinstance(schema, type) and issubclass(schema, BaseModel):
            self.model = schema
            return
        annotation, default = _annotation(schema, "config")
        self.default = (
            None if default is _NO_DEFAULT or isinstance(default, pydantic.fields.FieldInfo) else default
        )
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            self.model = annotation
        else:
            self.adapter = TypeAdapter(annotation, config={"arbitrary_types_allowed": True})

    @property
    def accepts_anything(self) -> bool:
        return self.model is None and self.adapter is None

    def validate(self, raw: Any, *, subject: str) -> Any:
        """Validate ``raw`` (``None`` when no config was given) and return plain config values.

        Raises ``InvalidConfigError`` naming ``subject`` and each bad field.
        """
        from .config_validation import config_error

        if self.accepts_anything:
            return raw
        try:
            if self.model is not None:
                data = resolve_env_values(raw or {}, self.model, where=subject)
                return _dump(self.model.model_validate(data))
            assert self.adapter is not None
            if raw is None:
                raw = self.default
            return _dump(self.adapter.validate_python(raw))
        except ValidationError as err:
            raise config_error(err, subject=subject) from None

    def json_schema(self) -> dict[str, Any] | None:
        """JSON schema of the config, or ``None`` when any value is accepted."""
        if self.model is not None:
            return self.model.model_json_schema()
        if self.adapter is not None:
            return self.adapter.json_schema()
        return None


def compile_config_schema(schema: Any) -> CompiledConfigSchema:
    """Compile a dict-style schema (or a ``Config`` class, or ``None`` for anything).

    Examples:
        >>> compile_config_schema({"name": str}).validate({"name": "x"}, subject="op 'o'")
        {'name': 'x'}
    """
    return CompiledConfigSchema(schema)


ConfigSchema = Union[type, Mapping[str, Any], Shape, Noneable, Array, Map, ConfigField, None]
