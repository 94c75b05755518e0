"""IO manager base classes, ``@io_manager`` and ``IOManagerDefinition``."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Any, Union, overload

from ..resources.configurable import ConfigurableResource, ConfigurableResourceFactory
from ..resources.context import InitResourceContext
from ..resources.definition import ResourceDefinition, _doc
from ..resources.legacy_config import is_config_type
from .contexts import InputContext, OutputContext


class IOManager(ABC):
    """Stores step outputs and loads them as inputs of downstream steps.

    Examples:
        >>> class DictIOManager(IOManager):
        ...     def __init__(self):
        ...         self.values = {}
        ...     def handle_output(self, context, obj):
        ...         self.values[tuple(context.get_asset_identifier())] = obj
        ...     def load_input(self, context):
        ...         return self.values[tuple(context.get_asset_identifier())]
        >>> from orchestrator._core.storage.contexts import build_input_context, build_output_context
        >>> manager = DictIOManager()
        >>> manager.handle_output(build_output_context(asset_key="users"), [1, 2])
        >>> manager.load_input(build_input_context(asset_key="users"))
        [1, 2]
    """

    @abstractmethod
    def handle_output(self, context: OutputContext, obj: Any) -> None:
        """Store ``obj``, the output described by ``context``."""

    @abstractmethod
    def load_input(self, context: InputContext) -> Any:
        """Load the value of the upstream output described by ``context``."""


class ConfigurableIOManager(ConfigurableResource, IOManager):
    """An IO manager configured with typed fields, like a ``ConfigurableResource``.

    Examples:
        >>> class PrefixIOManager(ConfigurableIOManager):
        ...     prefix: str = "v"
        ...     def handle_output(self, context, obj):
        ...         pass
        ...     def load_input(self, context):
        ...         return self.prefix
        >>> PrefixIOManager(prefix="x").load_input(None)
        'x'
    """


class ConfigurableIOManagerFactory(ConfigurableResourceFactory[IOManager]):
    """A typed, configurable factory whose ``create_io_manager(context)`` builds the IO manager.

    Examples:
        >>> class MemoryFactory(ConfigurableIOManagerFactory):
        ...     def create_io_manager(self, context):
        ...         from orchestrator._core.storage.memory import InMemoryIOManager
        ...         return InMemoryIOManager()
        >>> type(MemoryFactory().create_resource(None)).__name__
        'InMemoryIOManager'
    """

    def create_io_manager(self, context: InitResourceContext) -> IOManager:
        """Build the IO manager (override in subclasses)."""
        raise NotImplementedError(f"{type(self).__name__} must implement create_io_manager(context)")

    def create_resource(self, context: InitResourceContext) -> IOManager:
        return self.create_io_manager(context)


class IOManagerDefinition(ResourceDefinition):
    """A ``ResourceDefinition`` whose value is an ``IOManager``.

    Examples:
        >>> from orchestrator._core.storage.memory import InMemoryIOManager
        >>> definition = IOManagerDefinition.hardcoded_io_manager(InMemoryIOManager())
        >>> isinstance(definition, ResourceDefinition)
        True
    """

    def __init__(
        self,
        resource_fn: Callable[..., Any],
        config_schema: Any = None,
        description: str | None = None,
        required_resource_keys: Iterable[str] | None = None,
        version: str | None = None,
        input_config_schema: Any = None,
        output_config_schema: Any = None,
    ):
        super().__init__(
            resource_fn,
            config_schema=config_schema,
            description=description,
            required_resource_keys=required_resource_keys,
            version=version,
        )
        self.input_config_schema = input_config_schema
        self.output_config_schema = output_config_schema

    @staticmethod
    def hardcoded_io_manager(value: IOManager, description: str | None = None) -> "IOManagerDefinition":
        """An IO manager definition that always provides ``value``."""
        return IOManagerDefinition(lambda _context: value, description=description)


IOManagerFunction = Callable[..., Any]


@overload
def io_manager(config_schema: IOManagerFunction) -> IOManagerDefinition: ...


@overload
def io_manager(
    config_schema: Any = None,
    description: str | None = None,
    output_config_schema: Any = None,
    input_config_schema: Any = None,
    required_resource_keys: Iterable[str] | None = None,
    version: str | None = None,
) -> Callable[[IOManagerFunction], IOManagerDefinition]: ...


def io_manager(
    config_schema: Any = None,
    description: str | None = None,
    output_config_schema: Any = None,
    input_config_schema: Any = None,
    required_resource_keys: Iterable[str] | None = None,
    version: str | None = None,
) -> Union[IOManagerDefinition, Callable[[IOManagerFunction], IOManagerDefinition]]:
    """Turn a function of an ``InitResourceContext`` returning an ``IOManager`` into a definition.

    Examples:
        >>> from orchestrator._core.storage.memory import InMemoryIOManager
        >>> @io_manager
        ... def memory(_context):
        ...     return InMemoryIOManager()
        >>> type(memory).__name__
        'IOManagerDefinition'
    """
    if callable(config_schema) and not isinstance(config_schema, type) and not is_config_type(config_schema):
        return IOManagerDefinition(config_schema, description=_doc(config_schema))

    def _decorate(fn: IOManagerFunction) -> IOManagerDefinition:
        return IOManagerDefinition(
            fn,
            config_schema=config_schema,
            description=description or _doc(fn),
            required_resource_keys=required_resource_keys,
            version=version,
            input_config_schema=input_config_schema,
            output_config_schema=output_config_schema,
        )

    return _decorate
