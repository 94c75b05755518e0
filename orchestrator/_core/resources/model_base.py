"""Pydantic base that lets ``EnvVar`` markers stand in for typed field values until run time."""

import functools
import typing
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError, model_validator
from pydantic._internal._model_construction import ModelMetaclass
from pydantic.fields import FieldInfo

from .env_var import EnvVar, IntEnvVar, accepts_env_dict, env_dict_name, is_env_var, read_env_var
from .secrets import REDACTED, is_remembered_secret, is_secret_name, redact_secrets

_NO_PLACEHOLDER = object()


def _field_adapter(field: FieldInfo) -> TypeAdapter[Any]:
    annotation: Any = field.annotation if field.annotation is not None else Any
    if field.metadata:
        annotation = Annotated[(annotation, *field.metadata)]
    return TypeAdapter(annotation, config={"arbitrary_types_allowed": True})


@functools.lru_cache(maxsize=2048)
def _placeholder(model_cls: type[BaseModel], field_name: str, kind: str) -> Any:
    """A value that passes the field's validation, standing in for an environment variable."""
    field = model_cls.model_fields[field_name]
    try:
        adapter = _field_adapter(field)
    except Exception:
        return _NO_PLACEHOLDER
    candidates: list[Any] = ["0", 0, 0.0, False, None] if kind == "str" else [0, "0", 0.0, False, None]
    for candidate in candidates:
        try:
            adapter.validate_python(candidate)
        except (ValidationError, TypeError, ValueError):
            continue
        return candidate
    return _NO_PLACEHOLDER


def fields_by_input_key(model_cls: type[BaseModel]) -> dict[str, tuple[str, FieldInfo]]:
    """Field name and info for each key a field accepts as input (its name and its alias).

    Examples:
        >>> from pydantic import Field
        >>> class Settings(EnvVarAwareModel):
        ...     schema_: str = Field(default="", alias="schema")
        >>> sorted(fields_by_input_key(Settings))
        ['schema', 'schema_']
    """
    lookup: dict[str, tuple[str, FieldInfo]] = {}
    for name, field in model_cls.model_fields.items():
        lookup[name] = (name, field)
        if field.alias:
            lookup[field.alias] = (name, field)
    return lookup


class _ConfigModelMeta(ModelMetaclass):
    """Raises ``InvalidConfigError`` for bad constructor arguments of classes that ask for it."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        subject = getattr(cls, "__construction_error_subject__", None)
        if subject is None:
            return super().__call__(*args, **kwargs)
        try:
            return super().__call__(*args, **kwargs)
        except ValidationError as err:
            from .config_validation import config_error

            raise config_error(err, subject=f"{subject} {cls.__name__}") from None


class EnvVarAwareModel(BaseModel, metaclass=_ConfigModelMeta):
    """Base of ``Config`` and configurable resources.

    A field may be given an ``EnvVar`` (or an ``{"env": "NAME"}`` entry for scalar fields);
    the marker is kept on the instance and replaced by the variable's value when the
    resource or config is resolved for a run.

    Examples:
        >>> from .env_var import EnvVar
        >>> class Settings(EnvVarAwareModel):
        ...     token: str
        ...     port: int = 1
        >>> Settings(token=EnvVar("TOKEN"), port=EnvVar("PORT")).__dict__
        {'token': EnvVar('TOKEN'), 'port': EnvVar('PORT')}
    """

    @model_validator(mode="wrap")
    @classmethod
    def _keep_env_vars(cls, data: Any, handler: Any) -> Any:
        if not isinstance(data, Mapping):
            return handler(data)
        fields = fields_by_input_key(cls)
        markers: dict[str, Any] = {}
        patched = dict(data)
        for key, value in data.items():
            if key not in fields:
                continue
            name, field = fields[key]
            marker: Any = None
            if is_env_var(value):
                marker = value
            else:
                name_in_dict = env_dict_name(value)
                if name_in_dict is not None and accepts_env_dict(field.annotation):
                    marker = EnvVar(name_in_dict)
            if marker is None:
                continue
            kind = "int" if isinstance(marker, IntEnvVar) else "str"
            placeholder = _placeholder(cls, name, kind)
            if placeholder is _NO_PLACEHOLDER:
                continue
            markers[name] = marker
            patched[key] = placeholder
        instance = handler(patched)
        for name, marker in markers.items():
            instance.__dict__[name] = marker
        return instance

    def __repr_args__(self) -> Any:
        """Fields as ``repr``/``str`` show them: secrets (by name, or read from the environment) as ``'***'``.

        An error message that prints a resource must not print its password.
        """
        from .snapshot import redact_url

        for name, value in super().__repr_args__():
            if name is not None and not is_env_var(value):
                secret_named = is_secret_name(name) and isinstance(value, (str, bytes, int))
                if (secret_named and not isinstance(value, bool)) or is_remembered_secret(value):
                    value = REDACTED
                elif isinstance(value, str):
                    value = redact_url(redact_secrets(value))
            yield name, value


def raw_field_values(model: BaseModel) -> dict[str, Any]:
    """Field values as set (keyed by alias when a field has one), ``EnvVar`` markers included.

    Extra fields of permissive models are included too.

    Examples:
        >>> from .env_var import EnvVar
        >>> class Settings(EnvVarAwareModel):
        ...     token: str
        >>> raw_field_values(Settings(token=EnvVar("TOKEN")))
        {'token': EnvVar('TOKEN')}
    """
    values = {
        field.alias or name: model.__dict__[name]
        for name, field in type(model).model_fields.items()
        if name in model.__dict__
    }
    extra = model.__pydantic_extra__
    if extra:
        values.update(extra)
    return values


def model_to_raw(value: Any) -> Any:
    """Turn models into plain dicts recursively, keeping ``EnvVar`` markers in place.

    Examples:
        >>> class Inner(EnvVarAwareModel):
        ...     n: int = 1
        >>> model_to_raw({"inner": Inner(), "items": [Inner(n=2)]})
        {'inner': {'n': 1}, 'items': [{'n': 2}]}
    """
    if isinstance(value, BaseModel):
        return {name: model_to_raw(v) for name, v in raw_field_values(value).items()}
    if isinstance(value, Mapping):
        return {k: model_to_raw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(model_to_raw(v) for v in value)
    return value


def _nested_model_class(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _nested_model_class(typing.get_args(annotation)[0])
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is not None and len(args) == 1 and not isinstance(origin, type):
        return _nested_model_class(args[0])
    return None


def resolve_env_values(
    data: Mapping[str, Any], model_cls: type[BaseModel] | None, *, where: str, path: str = ""
) -> dict[str, Any]:
    """Replace ``EnvVar`` markers and ``{"env": ...}`` entries by the variables' values.

    Raises ``InvalidConfigError`` naming the variable, ``where`` and the field when a
    variable is not set.

    Examples:
        >>> import os
        >>> os.environ["DOCTEST_REGION"] = "eu"
        >>> resolve_env_values({"region": {"env": "DOCTEST_REGION"}, "n": 1}, None, where="op 'x'")
        {'region': {'env': 'DOCTEST_REGION'}, 'n': 1}
        >>> class Settings(EnvVarAwareModel):
        ...     region: str
        >>> resolve_env_values({"region": {"env": "DOCTEST_REGION"}}, Settings, where="op 'x'")
        {'region': 'eu'}
    """
    fields = fields_by_input_key(model_cls) if model_cls is not None else {}
    resolved: dict[str, Any] = {}
    for name, value in data.items():
        field_path = f"{path}{name}"
        field = fields.get(name)
        annotation = field[1].annotation if field is not None else None
        resolved[name] = _resolve_value(value, annotation, where=where, path=field_path)
    return resolved


def _resolve_value(value: Any, annotation: Any, *, where: str, path: str) -> Any:
    label = f"{where} (field '{path}')"
    if isinstance(value, IntEnvVar):
        return read_env_var(value.env_var_name, where=label)
    if isinstance(value, EnvVar):
        return read_env_var(value.env_var_name, where=label)
    env_name = env_dict_name(value)
    if env_name is not None and annotation is not None and accepts_env_dict(annotation):
        return read_env_var(env_name, where=label)
    if isinstance(value, BaseModel) and not _is_resource(value):
        return resolve_env_values(model_to_raw(value), type(value), where=where, path=f"{path}.")
    if isinstance(value, Mapping):
        nested = _nested_model_class(annotation)
        return resolve_env_values(value, nested, where=where, path=f"{path}.")
    if isinstance(value, list):
        return [_resolve_value(v, None, where=where, path=f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def _is_resource(value: Any) -> bool:
    from .configurable import ConfigurableResourceFactory

    return isinstance(value, ConfigurableResourceFactory)
