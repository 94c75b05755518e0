"""Initialization of resources for a run: dependency order, config, setup and teardown."""

import contextlib
import inspect
import logging
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..errors import InvalidConfigError, InvalidDefinitionError, OrchestratorError, ResourceNotFoundError
from .configurable import ConfigurableResourceFactory, is_configured_at_launch
from .context import InitResourceContext, Resources
from .definition import ResourceDefinition, _GeneratorTeardown
from .model_base import model_to_raw, raw_field_values, resolve_env_values

DEFAULT_IO_MANAGER_KEY = "io_manager"
_LOG = logging.getLogger("orchestrator.resources")


class ResourceFunctionError(OrchestratorError):
    """A resource raised while being set up or torn down; ``__cause__`` holds the original error.

    Examples:
        >>> issubclass(ResourceFunctionError, OrchestratorError)
        True
    """


DagsterResourceFunctionError = ResourceFunctionError


def _is_resource_like(value: Any) -> bool:
    return isinstance(value, (ConfigurableResourceFactory, ResourceDefinition))


def nested_resources(resource: ConfigurableResourceFactory[Any]) -> dict[str, Any]:
    """Fields of ``resource`` holding other resources (configurable ones or definitions).

    Examples:
        >>> from orchestrator._core.resources.configurable import ConfigurableResource
        >>> class Creds(ConfigurableResource):
        ...     user: str = "app"
        >>> class Client(ConfigurableResource):
        ...     creds: Creds
        >>> list(nested_resources(Client(creds=Creds())))
        ['creds']
    """
    values = resource.__dict__
    return {
        name: values[name]
        for name in type(resource).model_fields
        if name in values and _is_resource_like(values[name])
    }


def _keys_by_identity(resources: Mapping[str, Any]) -> dict[int, str]:
    ids: dict[int, str] = {}
    for key, value in resources.items():
        ids.setdefault(id(value), key)
    return ids


def _deps_of(value: Any, ids: Mapping[int, str], own_key: str | None = None) -> set[str]:
    if isinstance(value, ResourceDefinition):
        return set(value.required_resource_keys)
    deps: set[str] = set()
    if isinstance(value, ConfigurableResourceFactory):
        for nested in nested_resources(value).values():
            key = ids.get(id(nested))
            if key is not None and key != own_key:
                deps.add(key)
            elif key is None:
                deps |= _deps_of(nested, ids)
    return deps


def resource_dependencies(resources: Mapping[str, Any]) -> dict[str, set[str]]:
    """For each key, the keys of the other resources it needs initialized first.

    Nested resources count when the same object is also bound to a key; function resources
    count their ``required_resource_keys``.

    Examples:
        >>> from orchestrator._core.resources.definition import resource
        >>> @resource(required_resource_keys={"creds"})
        ... def client(context):
        ...     return context.resources.creds
        >>> resource_dependencies({"creds": "token", "client": client})
        {'creds': set(), 'client': {'creds'}}
    """
    ids = _keys_by_identity(resources)
    return {key: _deps_of(value, ids, own_key=key) for key, value in resources.items()}


def _with_default_io_manager(resources: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    available = dict(resources)
    if DEFAULT_IO_MANAGER_KEY in keys and DEFAULT_IO_MANAGER_KEY not in available:
        from ..storage.filesystem import FilesystemIOManager

        available[DEFAULT_IO_MANAGER_KEY] = FilesystemIOManager()
    return available


def _closure(resources: Mapping[str, Any], keys: Iterable[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Keys in initialization order (dependencies first) and missing keys with their requesters."""
    deps = resource_dependencies(resources)
    order: list[str] = []
    missing: dict[str, list[str]] = {}
    state: dict[str, str] = {}

    def visit(key: str, path: list[str]) -> None:
        if state.get(key) == "done":
            return
        if state.get(key) == "active":
            cycle = " -> ".join([*path[path.index(key) :], key])
            raise InvalidDefinitionError(f"Resource dependency cycle: {cycle}")
        state[key] = "active"
        for dep in sorted(deps.get(key, ())):
            if dep not in resources:
                missing.setdefault(dep, []).append(f"resource '{key}'")
                continue
            visit(dep, [*path, key])
        state[key] = "done"
        order.append(key)

    for key in keys:
        if key in resources:
            visit(key, [])
    return order, missing


def missing_resource_keys(resources: Mapping[str, Any], required_keys: Iterable[str]) -> set[str]:
    """Keys that are required (directly or by another resource) but not provided.

    ``io_manager`` is never missing: it defaults to a ``FilesystemIOManager``.

    Examples:
        >>> sorted(missing_resource_keys({"db": "sqlite://"}, ["db", "api", "io_manager"]))
        ['api']
    """
    keys = list(required_keys)
    available = _with_default_io_manager(resources, keys)
    _, missing = _closure(available, keys)
    return {k for k in keys if k not in available} | set(missing)


def _missing_message(
    missing: Mapping[str, list[str]], available: Iterable[str], requested_by: Mapping[str, Any] | None
) -> str:
    parts = []
    for key, requesters in missing.items():
        names = [f"'{n}'" for n in (requested_by or {}).get(key, ())] + list(requesters)
        parts.append(f"'{key}' (required by {', '.join(names)})" if names else f"'{key}'")
    provided = ", ".join(f"'{k}'" for k in sorted(available)) or "none"
    return f"Missing resource(s): {'; '.join(parts)}. Provided resources: {provided}"


def _unwrap_config(entry: Any) -> Any:
    if isinstance(entry, Mapping) and "config" in entry:
        return entry["config"]
    return entry


class _Initializer:
    def __init__(
        self,
        resources: Mapping[str, Any],
        run_config_resources: Mapping[str, Any],
        *,
        log: Any,
        run_id: str | None,
        instance: Any,
        dagster_run: Any,
    ):
        self.resources = resources
        self.run_config = run_config_resources
        self.log = log if log is not None else _LOG
        self.run_id = run_id
        self.instance = instance
        self.dagster_run = dagster_run
        self.ids = _keys_by_identity(resources)
        self.values: dict[str, Any] = {}
        self.anonymous: dict[int, Any] = {}
        self.entered: list[tuple[str, contextlib.AbstractContextManager[Any]]] = []

    def init_key(self, key: str) -> None:
        override = _unwrap_config(self.run_config.get(key))
        self.values[key] = self._init(self.resources[key], label=key, override=override)

    def _context(self, label: str, config: Any, value: Any) -> InitResourceContext:
        deps = _deps_of(value, self.ids, own_key=label)
        return InitResourceContext(
            resource_config=config,
            resources=Resources({k: self.values[k] for k in sorted(deps) if k in self.values}),
            resource_def=value,
            instance=self.instance,
            dagster_run=self.dagster_run,
            run_id=self.run_id,
            log=self.log,
            resource_key=label,
        )

    def _init(self, obj: Any, *, label: str, override: Any) -> Any:
        if isinstance(obj, ConfigurableResourceFactory):
            return self._init_configurable(obj, label=label, override=override)
        if isinstance(obj, ResourceDefinition):
            config = obj.process_config(override, key=label)
            context = self._context(label, config, obj)
            return self._enter(label, lambda: obj.open(context, name=label))
        if override not in (None, {}):
            raise InvalidConfigError(
                f"Invalid config for resource '{label}': it is a plain {type(obj).__name__} value "
                "and takes no config"
            )
        return obj

    def _init_configurable(self, obj: ConfigurableResourceFactory[Any], *, label: str, override: Any) -> Any:
        cls = type(obj)
        subject = f"resource '{label}'"
        if override is not None and not isinstance(override, Mapping):
            raise InvalidConfigError(f"Invalid config for {subject}: expected a mapping of field values")
        if obj.is_configured_at_launch:
            try:
                instance = cls.validated({**(obj._launch_config or {}), **(override or {})}, subject=subject)
            except InvalidConfigError as err:
                raise type(err)(
                    f"{err} (resource '{label}' is configured at launch: provide its values in "
                    f"run_config['resources']['{label}']['config'])"
                ) from None
        elif override:
            instance = cls.validated({**raw_field_values(obj), **override}, subject=subject)
        else:
            instance = obj
        nested = nested_resources(instance)
        usable: dict[str, Any] = {}
        for name, value in nested.items():
            usable[name] = self._nested_value(value, owner=label, field=name)
        nested_keys = {cls.model_fields[name].alias or name for name in nested}
        data = raw_field_values(instance)
        plain = {k: v for k, v in data.items() if k not in nested_keys}
        resolved_data = {**resolve_env_values(plain, cls, where=subject), **{k: data[k] for k in nested_keys}}
        resolved = cls.validated(resolved_data, subject=subject)
        for name, value in usable.items():
            resolved.__dict__[name] = value
        config = {k: model_to_raw(v) for k, v in raw_field_values(resolved).items() if k not in nested_keys}
        context = self._context(label, config, obj)
        resolved._resource_context = context
        return self._enter(label, lambda: _as_context_manager(resolved.yield_for_execution(context), label))

    def _nested_value(self, value: Any, *, owner: str, field: str) -> Any:
        key = self.ids.get(id(value))
        if key is not None:
            if key not in self.values:
                self.init_key(key)
            return self.values[key]
        if is_configured_at_launch(value):
            raise InvalidDefinitionError(
                f"Resource '{owner}' has nested resource '{field}' configured at launch; bind that "
                "resource to a key of its own in the resources so run config can reach it"
            )
        if id(value) not in self.anonymous:
            self.anonymous[id(value)] = self._init(value, label=f"{owner}.{field}", override=None)
        return self.anonymous[id(value)]

    def _enter(self, label: str, make: Any) -> Any:
        try:
            manager = make()
            value = manager.__enter__()
        except OrchestratorError:
            raise
        except Exception as err:
            raise ResourceFunctionError(
                f"Error while initializing resource '{label}': {type(err).__name__}: {err}"
            ) from err
        self.entered.append((label, manager))
        return value

    def teardown(self, exc_info: Any) -> list[tuple[str, BaseException]]:
        errors: list[tuple[str, BaseException]] = []
        while self.entered:
            label, manager = self.entered.pop()
            try:
                manager.__exit__(*exc_info)
            except Exception as err:
                if err is not exc_info[1]:
                    self.log.error("Error while tearing down resource '%s': %s", label, err, exc_info=err)
                    errors.append((label, err))
        return errors


def _as_context_manager(result: Any, label: str) -> contextlib.AbstractContextManager[Any]:
    if inspect.isgenerator(result):
        return _GeneratorTeardown(result, label)
    if hasattr(result, "__enter__") and hasattr(result, "__exit__"):
        return result  # type: ignore[no-any-return]
    return contextlib.nullcontext(result)


@contextlib.contextmanager
def init_resources(
    resources: Mapping[str, Any],
    *,
    required_keys: Iterable[str] | None = None,
    run_config_resources: Mapping[str, Any] | None = None,
    log: Any = None,
    run_id: str | None = None,
    instance: Any = None,
    requested_by: Mapping[str, list[str]] | None = None,
    dagster_run: Any = None,
) -> Iterator[dict[str, Any]]:
    """Initialize resources for a run and tear them down (in reverse order) when the block ends.

    Args:
        resources: Resource key to a configurable resource, a ``ResourceDefinition``, an IO
            manager or any plain object.
        required_keys: Keys to initialize (all when ``None``); what they depend on is added.
            ``io_manager`` defaults to a ``FilesystemIOManager`` when required but not given.
        run_config_resources: ``run_config["resources"]``: ``{key: {"config": {...}}}``.
        log: Logger handed to resources; run_id, instance: passed on in the init context.
        requested_by: Key to names of the assets/ops needing it, used in error messages.

    Yields:
        ``{key: usable value}``: the set-up instance of a ``ConfigurableResource``, the
        ``create_resource`` value of a factory, the function value of a ``ResourceDefinition``,
        or the object itself.

    Raises:
        ResourceNotFoundError: a required key (or a dependency) is not provided.
        InvalidConfigError: bad config, or an environment variable is not set.
        ResourceFunctionError: a resource raised while being set up.

    Examples:
        >>> from orchestrator._core.resources.configurable import ConfigurableResource
        >>> class Warehouse(ConfigurableResource):
        ...     url: str = "sqlite://"
        >>> overrides = {"warehouse": {"config": {"url": "sqlite:///x.db"}}}
        >>> with init_resources({"warehouse": Warehouse()}, run_config_resources=overrides) as res:
        ...     res["warehouse"].url
        'sqlite:///x.db'
    """
    keys = list(resources) if required_keys is None else list(dict.fromkeys(required_keys))
    available = _with_default_io_manager(resources, keys)
    order, missing = _closure(available, keys)
    top_missing: dict[str, list[str]] = {k: [] for k in keys if k not in available}
    if top_missing or missing:
        raise ResourceNotFoundError(_missing_message({**top_missing, **missing}, available, requested_by))
    initializer = _Initializer(
        available,
        run_config_resources or {},
        log=log,
        run_id=run_id,
        instance=instance,
        dagster_run=dagster_run,
    )
    try:
        for key in order:
            if key not in initializer.values:
                initializer.init_key(key)
        values = {key: initializer.values[key] for key in order}
    except BaseException:
        initializer.teardown(sys.exc_info())
        raise
    try:
        yield values
    except BaseException:
        initializer.teardown(sys.exc_info())
        raise
    errors = initializer.teardown((None, None, None))
    if errors:
        label, first = errors[0]
        raise ResourceFunctionError(f"Error while tearing down resource '{label}': {first}") from first


@contextlib.contextmanager
def build_resources(
    resources: Mapping[str, Any],
    instance: Any = None,
    resource_config: Mapping[str, Any] | None = None,
    dagster_run: Any = None,
    log_manager: Any = None,
) -> Iterator[Resources]:
    """Initialize resources outside a run (scripts, tests); attribute access on the result.

    Examples:
        >>> with build_resources({"greeting": "hello"}) as resources:
        ...     resources.greeting
        'hello'
    """
    with init_resources(
        resources,
        run_config_resources=resource_config,
        log=log_manager,
        instance=instance,
        dagster_run=dagster_run,
        run_id=getattr(dagster_run, "run_id", None),
    ) as values:
        yield Resources(values)
