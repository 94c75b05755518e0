"""``InitResourceContext`` and the attribute-access view of initialized resources."""

import logging
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from typing import Any

from ..errors import InvalidInvocationError, ResourceNotFoundError

_LOG = logging.getLogger("orchestrator.resources")


class Resources(Mapping[str, Any]):
    """Initialized resources, readable as attributes (``resources.db``) or items.

    Examples:
        >>> resources = Resources({"db": "sqlite://"})
        >>> resources.db
        'sqlite://'
        >>> sorted(resources)
        ['db']
    """

    def __init__(self, values: Mapping[str, Any] | None = None):
        object.__setattr__(self, "_values", dict(values or {}))

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        if name.startswith("__"):
            raise AttributeError(name)
        available = ", ".join(sorted(values)) or "none"
        raise ResourceNotFoundError(
            f"Resource '{name}' is not available here (available: {available}); declare it as a "
            "required resource key or a typed parameter"
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise InvalidInvocationError("Resources are read-only")

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Resources({sorted(self._values)!r})"

    def _asdict(self) -> dict[str, Any]:
        """The resources as a dict (namedtuple-style, as ported code calls it)."""
        return dict(self._values)

    @property
    def original_resource_dict(self) -> dict[str, Any]:
        return dict(self._values)


def as_resources(value: Any) -> Resources:
    """Wrap resources given as a mapping, a ``keys()``/``[]`` view, a namedtuple or ``None``.

    ``Resources`` pass through unchanged.

    Examples:
        >>> as_resources({"db": 1}).db
        1
        >>> import collections
        >>> as_resources(collections.namedtuple("R", "db")(2)).db
        2
    """
    if isinstance(value, Resources):
        return value
    if value is None:
        return Resources()
    if isinstance(value, Mapping):
        return Resources(value)
    keys = getattr(value, "keys", None)
    if callable(keys) and hasattr(value, "__getitem__"):
        return Resources({key: value[key] for key in keys()})
    as_dict = getattr(value, "_asdict", None)
    if callable(as_dict):
        return Resources(as_dict())
    names = [name for name in dir(value) if not name.startswith("_")]
    return Resources({name: getattr(value, name) for name in names if not callable(getattr(value, name))})


class InitResourceContext:
    """What a resource receives when it is initialized for a run.

    Attributes:
        resource_config: The resource's validated config values.
        resources: The resources it depends on, with attribute access.
        resource_def: The definition being initialized, if any.
        instance: The instance the run belongs to, if any.
        run_id: The run's id, or ``None`` outside a run.
        log: A logger.

    Examples:
        >>> context = build_init_resource_context(config={"url": "sqlite://"})
        >>> context.resource_config["url"]
        'sqlite://'
    """

    def __init__(
        self,
        *,
        resource_config: Any = None,
        resources: Any = None,
        resource_def: Any = None,
        instance: Any = None,
        dagster_run: Any = None,
        run_id: str | None = None,
        log: Any = None,
        resource_key: str | None = None,
    ):
        self._resource_config = resource_config
        self._resources = as_resources(resources)
        self._resource_def = resource_def
        self._instance = instance
        self._dagster_run = dagster_run
        self._run_id = run_id if run_id is not None else getattr(dagster_run, "run_id", None)
        self._log = log if log is not None else _LOG
        self._resource_key = resource_key
        self._exit_stack: ExitStack | None = None

    @property
    def resource_config(self) -> Any:
        return self._resource_config

    @property
    def resources(self) -> Resources:
        return self._resources

    @property
    def resource_def(self) -> Any:
        return self._resource_def

    @property
    def instance(self) -> Any:
        return self._instance

    @property
    def dagster_run(self) -> Any:
        return self._dagster_run

    @property
    def run_id(self) -> str | None:
        return self._run_id

    @property
    def log(self) -> Any:
        return self._log

    @property
    def log_manager(self) -> Any:
        return self._log

    @property
    def resource_key(self) -> str | None:
        """The key the resource is bound to (``owner.field`` for nested resources)."""
        return self._resource_key

    def replace_config(self, config: Any) -> "InitResourceContext":
        """A copy of this context with other config values."""
        return InitResourceContext(
            resource_config=config,
            resources=self._resources,
            resource_def=self._resource_def,
            instance=self._instance,
            dagster_run=self._dagster_run,
            run_id=self._run_id,
            log=self._log,
            resource_key=self._resource_key,
        )

    def __enter__(self) -> "InitResourceContext":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self._exit_stack is not None:
            stack, self._exit_stack = self._exit_stack, None
            stack.close()


def build_init_resource_context(
    config: Any = None,
    resources: Mapping[str, Any] | None = None,
    instance: Any = None,
) -> InitResourceContext:
    """Build an ``InitResourceContext`` to call or set up a resource in tests.

    Resources given as definitions are initialized; use the context as a context manager to
    tear them down afterwards.

    Examples:
        >>> with build_init_resource_context(config={"n": 1}, resources={"token": "abc"}) as context:
        ...     context.resources.token
        'abc'
    """
    stack = ExitStack()
    values: dict[str, Any] = {}
    if resources:
        from .init import init_resources

        values = stack.enter_context(init_resources(resources, instance=instance))
    context = InitResourceContext(resource_config=config, resources=values, instance=instance)
    context._exit_stack = stack
    return context
