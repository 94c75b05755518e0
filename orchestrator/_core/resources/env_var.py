"""``EnvVar``: configuration values read from the environment when resources start."""

import os
import types
import typing
from collections.abc import Mapping
from typing import Any, Union

from pydantic import BaseModel

from ..errors import InvalidConfigError
from .secrets import remember_secret


def _direct_access_error(cls: type, name: str) -> RuntimeError:
    return RuntimeError(
        f'Attempted to directly retrieve environment variable {cls.__name__}("{name}"). '
        f"{cls.__name__} defers resolution of the environment variable until run time and should "
        "only be used as a config or resource value. To read the value now, call `get_value()` "
        "or use os.getenv directly."
    )


class IntEnvVar(int):
    """An environment variable resolved to an ``int`` (build it with ``EnvVar.int("NAME")``).

    Examples:
        >>> var = EnvVar.int("WORKER_COUNT")
        >>> var.env_var_name
        'WORKER_COUNT'
    """

    name: str

    @classmethod
    def create(cls, name: str) -> "IntEnvVar":
        """Build the marker for ``name`` (the int value itself is a placeholder)."""
        var = cls(0)
        var.name = name
        return var

    def __int__(self) -> int:
        raise _direct_access_error(type(self), self.env_var_name)

    def __str__(self) -> str:
        raise _direct_access_error(type(self), self.env_var_name)

    def __repr__(self) -> str:
        return f"EnvVar.int({self.env_var_name!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (IntEnvVar.create, (self.name,))

    @property
    def env_var_name(self) -> str:
        """The name of the environment variable."""
        return self.name

    def get_value(self, default: int | None = None) -> int | None:
        """The variable's value as an ``int``, or ``default`` when it is not set.

        Examples:
            >>> EnvVar.int("SURELY_NOT_SET_FOR_DOCTEST").get_value(default=3)
            3
        """
        value = os.environ.get(self.name)
        if value is None or value == "":
            return default
        return int(value)


class EnvVar(str):
    """An environment variable used as a config or resource value, read when resources start.

    The variable's name is the string's content. Converting it with ``str()`` raises, so a
    missing resolution step is never silently turned into the variable's name.

    Examples:
        >>> api_key = EnvVar("WAREHOUSE_API_KEY")
        >>> api_key.env_var_name
        'WAREHOUSE_API_KEY'
        >>> EnvVar("SURELY_NOT_SET_FOR_DOCTEST").get_value(default="x")
        'x'
    """

    @classmethod
    def int(cls, name: str) -> IntEnvVar:
        """An environment variable resolved to an ``int``.

        Examples:
            >>> EnvVar.int("PORT").env_var_name
            'PORT'
        """
        return IntEnvVar.create(name=name)

    def __str__(self) -> str:
        raise _direct_access_error(type(self), self.env_var_name)

    def __repr__(self) -> str:
        return f"EnvVar({self.env_var_name!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (EnvVar, (self.env_var_name,))

    @property
    def env_var_name(self) -> str:
        """The name of the environment variable."""
        return str.__str__(self)

    def get_value(self, default: str | None = None) -> str | None:
        """The variable's value, or ``default`` when it is not set."""
        value = os.environ.get(self.env_var_name)
        if value is None:
            return default
        remember_secret(value)
        return value


AnyEnvVar = Union[EnvVar, IntEnvVar]


def is_env_var(value: Any) -> bool:
    """Whether ``value`` is an ``EnvVar`` or ``EnvVar.int`` marker.

    Examples:
        >>> is_env_var(EnvVar("A")), is_env_var(EnvVar.int("B")), is_env_var("A")
        (True, True, False)
    """
    return isinstance(value, (EnvVar, IntEnvVar))


def env_var_name(value: AnyEnvVar) -> str:
    """The variable name of an ``EnvVar`` or ``EnvVar.int`` marker.

    Examples:
        >>> env_var_name(EnvVar.int("PORT"))
        'PORT'
    """
    return value.env_var_name


def env_dict_name(value: Any) -> str | None:
    """The variable name of a run-config ``{"env": "NAME"}`` entry, or ``None``.

    Examples:
        >>> env_dict_name({"env": "TOKEN"}), env_dict_name({"a": 1})
        ('TOKEN', None)
    """
    if isinstance(value, Mapping) and len(value) == 1 and isinstance(value.get("env"), str):
        return str(value["env"])
    return None


def read_env_var(name: str, *, where: str) -> str:
    """Read ``name`` from the environment or raise ``InvalidConfigError`` mentioning ``where``.

    Examples:
        >>> read_env_var("SURELY_NOT_SET_FOR_DOCTEST", where="resource 'db'")
        Traceback (most recent call last):
        ...
        orchestrator._core.errors.InvalidConfigError: Environment variable 'SURELY_NOT_SET_FOR_DOCTEST' \
used by resource 'db' is not set
    """
    value = os.environ.get(name)
    if value is None:
        raise InvalidConfigError(f"Environment variable '{name}' used by {where} is not set")
    remember_secret(value)
    return value


_MAPPING_ORIGINS: tuple[type, ...] = (dict, Mapping)


def accepts_env_dict(annotation: Any) -> bool:
    """Whether a ``{"env": ...}`` value for a field of this type means an environment variable.

    Mapping-typed fields take such dicts literally; scalar fields read them as variables.

    Examples:
        >>> accepts_env_dict(str), accepts_env_dict(int | None), accepts_env_dict(dict[str, str])
        (True, True, False)
    """
    if annotation is Any or annotation is None:
        return False
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return accepts_env_dict(typing.get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return all(accepts_env_dict(arg) for arg in typing.get_args(annotation) if arg is not type(None))
    target = origin or annotation
    return not (isinstance(target, type) and issubclass(target, (*_MAPPING_ORIGINS, BaseModel)))
