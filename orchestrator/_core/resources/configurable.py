"""Pythonic resources: ``ConfigurableResource``, ``ConfigurableResourceFactory`` and friends."""

import contextlib
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Generic, TypeVar

from pydantic import ConfigDict, PrivateAttr, ValidationError
from pydantic_core import core_schema

from ..errors import InvalidInvocationError
from .config import Config
from .config_validation import config_error
from .context import InitResourceContext

T = TypeVar("T")
TResValue = TypeVar("TResValue")


class _ResourceDependencyMarker:
    """Field metadata letting a resource field hold any resource-like value."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.any_schema()

    def __repr__(self) -> str:
        return "resource_dependency"


RESOURCE_DEPENDENCY_MARKER = _ResourceDependencyMarker()

ResourceDependency = Annotated[T, RESOURCE_DEPENDENCY_MARKER]
"""Type a resource field as ``ResourceDependency[T]`` to accept any resource producing a ``T``
(a ``ResourceDefinition``, a factory, or a plain value); it holds the initialized value at run time.
"""


class ConfigurableResourceFactory(Config, Generic[TResValue]):
    """A typed, configurable resource whose usable value is built by ``create_resource``.

    Subclass it, declare pydantic fields, and implement ``create_resource(context)``. Fields
    typed as another configurable resource are nested resources, initialized first.

    Examples:
        >>> class Client:
        ...     def __init__(self, url: str):
        ...         self.url = url
        >>> class ClientFactory(ConfigurableResourceFactory[Client]):
        ...     url: str
        ...     def create_resource(self, context) -> Client:
        ...         return Client(self.url)
        >>> ClientFactory(url="http://api").create_resource(None).url
        'http://api'
    """

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    __construction_error_subject__ = "resource"

    _launch_config: dict[str, Any] | None = PrivateAttr(default=None)
    _resource_context: InitResourceContext | None = PrivateAttr(default=None)

    @classmethod
    def validated(cls, data: Mapping[str, Any], *, subject: str) -> Any:
        """Build an instance from field values, raising ``InvalidConfigError`` naming ``subject``.

        A custom ``__init__`` of the subclass is not called: ``data`` holds field values.
        """
        instance = cls.__new__(cls)
        try:
            cls.__pydantic_validator__.validate_python(dict(data), self_instance=instance)
        except ValidationError as err:
            raise config_error(err, subject=subject) from None
        return instance

    def create_resource(self, context: InitResourceContext) -> TResValue:
        """Build the value code receives (override in subclasses)."""
        raise NotImplementedError(f"{type(self).__name__} must implement create_resource(context)")

    def setup_for_execution(self, context: InitResourceContext) -> None:
        """Hook run before the resource is used in a run (e.g. open a connection)."""

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        """Hook run after the run is done with the resource, even when it failed."""

    @contextlib.contextmanager
    def yield_for_execution(self, context: InitResourceContext) -> Iterator[TResValue]:
        """Set up, provide the value, and tear down; override for custom lifecycles."""
        self.setup_for_execution(context)
        try:
            yield self.create_resource(context)
        finally:
            self.teardown_after_execution(context)

    @classmethod
    def configure_at_launch(cls, **kwargs: Any) -> Any:
        """A placeholder whose config comes from ``run_config["resources"][key]["config"]`` at launch.

        Keyword arguments give values fixed now; the run config supplies the rest.

        Examples:
            >>> class Warehouse(ConfigurableResource):
            ...     url: str
            ...     schema_name: str = "public"
            >>> placeholder = Warehouse.configure_at_launch(schema_name="analytics")
            >>> placeholder.is_configured_at_launch
            True
        """
        instance = cls.model_construct(**kwargs)
        instance._launch_config = dict(kwargs)
        return instance

    @property
    def is_configured_at_launch(self) -> bool:
        """Whether this instance is a ``configure_at_launch()`` placeholder."""
        return self._launch_config is not None

    def get_resource_context(self) -> InitResourceContext:
        """The context the resource was set up with."""
        if self._resource_context is None:
            raise InvalidInvocationError(
                f"{type(self).__name__} has no resource context: it was not initialized for a run"
            )
        return self._resource_context

    @classmethod
    def from_resource_context(cls, context: InitResourceContext) -> Any:
        """Build from a function resource's context and return the set-up value.

        Teardown hooks do not run; use ``from_resource_context_cm`` for that.
        """
        instance = cls.validated(context.resource_config or {}, subject=f"resource {cls.__name__}")
        instance._resource_context = context
        instance.setup_for_execution(context)
        return instance.create_resource(context)

    @classmethod
    @contextlib.contextmanager
    def from_resource_context_cm(cls, context: InitResourceContext) -> Iterator[Any]:
        """Like ``from_resource_context`` but runs teardown when the block ends."""
        instance = cls.validated(context.resource_config or {}, subject=f"resource {cls.__name__}")
        instance._resource_context = context
        with instance.yield_for_execution(context) as value:
            yield value


class ConfigurableResource(ConfigurableResourceFactory[Any]):
    """A typed, configurable resource: the set-up instance itself is what code receives.

    Declare config as pydantic fields (``EnvVar`` allowed for str/int fields), override
    ``setup_for_execution``/``teardown_after_execution`` for lifecycle, and use ``PrivateAttr``
    for state created at setup.

    Examples:
        >>> class Warehouse(ConfigurableResource):
        ...     url: str = "sqlite://"
        ...     timeout: int = 30
        ...     def describe(self) -> str:
        ...         return f"{self.url} ({self.timeout}s)"
        >>> Warehouse(timeout=5).describe()
        'sqlite:// (5s)'
    """

    def create_resource(self, context: InitResourceContext) -> Any:
        return self


def is_configured_at_launch(value: Any) -> bool:
    """Whether ``value`` is a ``configure_at_launch()`` placeholder.

    Examples:
        >>> class Api(ConfigurableResource):
        ...     token: str
        >>> is_configured_at_launch(Api.configure_at_launch()), is_configured_at_launch(Api(token="t"))
        (True, False)
    """
    return isinstance(value, ConfigurableResourceFactory) and value.is_configured_at_launch
