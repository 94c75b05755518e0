"""Type annotations that mark resources and config in user function signatures."""

import typing
from typing import Annotated, Any, TypeVar

T = TypeVar("T")

RESOURCE_PARAM_MARKER = "resource_param"

ResourceParam = Annotated[T, RESOURCE_PARAM_MARKER]
"""Annotate a parameter as ``ResourceParam[SomeType]`` to receive a plain-object resource by name.

Examples:
    >>> import typing
    >>> typing.get_args(ResourceParam[dict])[1]
    'resource_param'
"""


def is_resource_param_annotation(annotation: Any) -> bool:
    """Whether ``annotation`` is ``ResourceParam[...]``.

    Examples:
        >>> is_resource_param_annotation(ResourceParam[int]), is_resource_param_annotation(int)
        (True, False)
    """
    if typing.get_origin(annotation) is not Annotated:
        return False
    return any(meta == RESOURCE_PARAM_MARKER for meta in annotation.__metadata__)


def is_resource_annotation(annotation: Any) -> bool:
    """Whether a parameter annotated like this receives a resource (injected by parameter name).

    True for ``ConfigurableResource``/``ConfigurableResourceFactory`` subclasses, ``IOManager``
    subclasses and ``ResourceParam[...]``.

    Examples:
        >>> from orchestrator._core.resources.configurable import ConfigurableResource
        >>> class Warehouse(ConfigurableResource):
        ...     url: str = "sqlite://"
        >>> is_resource_annotation(Warehouse), is_resource_annotation(ResourceParam[str])
        (True, True)
        >>> is_resource_annotation(str)
        False
    """
    if is_resource_param_annotation(annotation):
        return True
    if typing.get_origin(annotation) is Annotated:
        return is_resource_annotation(typing.get_args(annotation)[0])
    if not isinstance(annotation, type):
        return False
    from ..storage.io_manager import IOManager
    from .configurable import ConfigurableResourceFactory

    return issubclass(annotation, (ConfigurableResourceFactory, IOManager))


def is_config_annotation(annotation: Any) -> bool:
    """Whether a parameter annotated like this receives the node's ``Config`` instance.

    Examples:
        >>> from orchestrator._core.resources.config import Config
        >>> class UsersConfig(Config):
        ...     limit: int = 10
        >>> is_config_annotation(UsersConfig), is_config_annotation(int)
        (True, False)
    """
    from .config import Config
    from .configurable import ConfigurableResourceFactory

    if typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    return (
        isinstance(annotation, type)
        and issubclass(annotation, Config)
        and not issubclass(annotation, ConfigurableResourceFactory)
    )
