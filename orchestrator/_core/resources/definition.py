"""``ResourceDefinition`` and the ``@resource`` decorator for function-style resources."""

import contextlib
import inspect
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Union, overload
from unittest import mock

from ..errors import InvalidDefinitionError, InvalidInvocationError
from .annotations import is_resource_annotation
from .context import InitResourceContext, build_init_resource_context
from .legacy_config import CompiledConfigSchema, compile_config_schema

_UNSET: Any = object()


def _fn_params(fn: Callable[..., Any]) -> tuple[bool, list[str]]:
    """Whether ``fn`` takes a context, and the names of its resource-typed parameters."""
    try:
        hints = typing.get_type_hints(fn, include_extras=True)
    except Exception:
        hints = {}
    takes_context = False
    resource_params: list[str] = []
    for index, param in enumerate(inspect.signature(fn).parameters.values()):
        annotation = hints.get(param.name, param.annotation)
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if is_resource_annotation(annotation):
            resource_params.append(param.name)
        elif index == 0:
            takes_context = True
        elif param.default is param.empty:
            raise InvalidDefinitionError(
                f"Resource function '{getattr(fn, '__name__', fn)}' has parameter '{param.name}' that is "
                "neither the context nor annotated as a resource (e.g. ResourceParam[...])"
            )
    return takes_context, resource_params


class _GeneratorTeardown:
    """Enter a resource generator up to its ``yield``; resume it on exit to run teardown."""

    def __init__(self, generator: Iterator[Any], name: str):
        self._generator = generator
        self._name = name

    def __enter__(self) -> Any:
        try:
            return next(self._generator)
        except StopIteration:
            raise InvalidDefinitionError(f"Resource '{self._name}' generator did not yield a value") from None

    def __exit__(self, *exc_info: Any) -> None:
        try:
            next(self._generator)
        except StopIteration:
            return
        raise InvalidDefinitionError(f"Resource '{self._name}' generator yielded more than once")


class ResourceDefinition:
    """A resource built by a function of an ``InitResourceContext``.

    The function returns the resource value, or yields it and tears it down after the
    ``yield`` once the run no longer needs it.

    Args:
        resource_fn: ``fn(context)`` (or ``fn()``) returning or yielding the value.
        config_schema: Dict-style schema, a Python type, a ``Config`` class, or ``None`` for any.
        description: Free text shown in the UI.
        required_resource_keys: Keys of other resources the function reads from ``context.resources``.
        version: Optional version string.

    Examples:
        >>> greeting = ResourceDefinition(lambda ctx: f"hello {ctx.resource_config}", config_schema=str)
        >>> greeting(build_init_resource_context(config="world"))
        'hello world'
    """

    def __init__(
        self,
        resource_fn: Callable[..., Any],
        config_schema: Any = None,
        description: str | None = None,
        required_resource_keys: Iterable[str] | None = None,
        version: str | None = None,
    ):
        if not callable(resource_fn):
            raise InvalidDefinitionError(f"resource_fn must be callable, got {resource_fn!r}")
        self._resource_fn = resource_fn
        self._takes_context, self._param_keys = _fn_params(resource_fn)
        self._config_schema = config_schema
        self._compiled: CompiledConfigSchema | None = None
        self._description = description
        self._required_resource_keys = frozenset(required_resource_keys or ()) | frozenset(self._param_keys)
        self._version = version
        self._configured_config: Any = _UNSET

    @property
    def resource_fn(self) -> Callable[..., Any]:
        return self._resource_fn

    @property
    def config_schema(self) -> Any:
        return self._config_schema

    @property
    def description(self) -> str | None:
        return self._description

    @property
    def required_resource_keys(self) -> frozenset[str]:
        return self._required_resource_keys

    @property
    def version(self) -> str | None:
        return self._version

    @property
    def configured_config(self) -> Any:
        """Config bound with ``configured()``, or ``None``."""
        return None if self._configured_config is _UNSET else self._configured_config

    @property
    def compiled_config_schema(self) -> CompiledConfigSchema:
        if self._compiled is None:
            self._compiled = compile_config_schema(self._config_schema)
        return self._compiled

    def process_config(self, raw: Any, *, key: str = "resource") -> Any:
        """Validate run-config values (or the ``configured`` ones when ``raw`` is ``None``)."""
        if self._configured_config is not _UNSET:
            base = self._configured_config
            if raw is None:
                raw = base
            elif isinstance(raw, dict) and isinstance(base, dict):
                raw = {**base, **raw}
        return self.compiled_config_schema.validate(raw, subject=f"resource '{key}'")

    def _invoke(self, context: InitResourceContext) -> Any:
        kwargs = {name: getattr(context.resources, name) for name in self._param_keys}
        if self._takes_context:
            return self._resource_fn(context, **kwargs)
        return self._resource_fn(**kwargs)

    def open(
        self, context: InitResourceContext, *, name: str = "resource"
    ) -> contextlib.AbstractContextManager[Any]:
        """A context manager that builds the value on enter and tears it down on exit."""
        result = self._invoke(context)
        if inspect.isgenerator(result):
            return _GeneratorTeardown(result, name)
        if isinstance(result, contextlib._GeneratorContextManager):
            return result
        return contextlib.nullcontext(result)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the resource function directly (in tests) with an ``InitResourceContext``.

        A generator resource returns a context manager yielding the value.
        """
        if len(args) > 1 or (kwargs and not self._param_keys):
            raise InvalidInvocationError("A resource is invoked with at most one argument: the init context")
        context = args[0] if args else None
        if context is None:
            context = build_init_resource_context(config=self.configured_config, resources=kwargs or None)
        elif not isinstance(context, InitResourceContext):
            raise InvalidInvocationError(
                f"Resource invoked with {type(context).__name__}; pass build_init_resource_context(...)"
            )
        config = self.process_config(context.resource_config)
        context = context.replace_config(config)
        result = self._invoke(context)
        if inspect.isgenerator(result):
            return _GeneratorTeardown(result, getattr(self._resource_fn, "__name__", "resource"))
        return result

    def configured(
        self,
        config_or_config_fn: Any,
        config_schema: Any = None,
        description: str | None = None,
    ) -> "ResourceDefinition":
        """A copy bound to config values (or to a function mapping ``config_schema`` values to them).

        Examples:
            >>> greeting = ResourceDefinition(lambda c: c.resource_config["name"], {"name": str})
            >>> greeting.configured({"name": "ada"})(build_init_resource_context())
            'ada'
        """
        copy = type(self).__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy._description = description or self._description
        if callable(config_or_config_fn):
            outer = compile_config_schema(config_schema)
            inner_fn = config_or_config_fn
            original = self

            def _mapped(raw: Any) -> Any:
                return inner_fn(outer.validate(raw, subject="configured resource"))

            copy._config_schema = config_schema
            copy._compiled = None
            copy._configured_config = _UNSET
            copy.process_config = lambda raw, *, key="resource": original.process_config(  # type: ignore[method-assign]
                _mapped(raw), key=key
            )
            return copy
        copy._configured_config = config_or_config_fn
        return copy

    @staticmethod
    def hardcoded_resource(value: Any, description: str | None = None) -> "ResourceDefinition":
        """A resource that always provides ``value``.

        Examples:
            >>> ResourceDefinition.hardcoded_resource(42)(build_init_resource_context())
            42
        """
        return ResourceDefinition(lambda _context: value, description=description)

    @staticmethod
    def none_resource(description: str | None = None) -> "ResourceDefinition":
        """A resource that provides ``None``."""
        return ResourceDefinition.hardcoded_resource(None, description=description)

    @staticmethod
    def mock_resource(description: str | None = None) -> "ResourceDefinition":
        """A resource that provides a ``MagicMock``."""
        return ResourceDefinition(lambda _context: mock.MagicMock(), description=description)

    @staticmethod
    def string_resource(description: str | None = None) -> "ResourceDefinition":
        """A resource whose value is its string config.

        Examples:
            >>> ResourceDefinition.string_resource()(build_init_resource_context(config="x"))
            'x'
        """
        return ResourceDefinition(
            lambda context: context.resource_config, config_schema=str, description=description
        )

    def __repr__(self) -> str:
        name = getattr(self._resource_fn, "__name__", "resource")
        return f"{type(self).__name__}({name})"


ResourceFunction = Callable[..., Any]


@overload
def resource(config_schema: ResourceFunction) -> ResourceDefinition: ...


@overload
def resource(
    config_schema: Any = None,
    description: str | None = None,
    required_resource_keys: Iterable[str] | None = None,
    version: str | None = None,
) -> Callable[[ResourceFunction], ResourceDefinition]: ...


def resource(
    config_schema: Any = None,
    description: str | None = None,
    required_resource_keys: Iterable[str] | None = None,
    version: str | None = None,
) -> Union[ResourceDefinition, Callable[[ResourceFunction], ResourceDefinition]]:
    """Turn a function of an ``InitResourceContext`` into a ``ResourceDefinition``.

    Use it bare (``@resource``) or with arguments. A generator function yields the value and
    runs the code after ``yield`` as teardown.

    Examples:
        >>> @resource(config_schema={"url": str})
        ... def database(context):
        ...     connection = {"url": context.resource_config["url"]}
        ...     yield connection
        ...     connection.clear()
        >>> database.required_resource_keys
        frozenset()
    """
    if (
        callable(config_schema)
        and not isinstance(config_schema, type)
        and not _looks_like_schema(config_schema)
    ):
        return ResourceDefinition(config_schema, description=_doc(config_schema))

    def _decorate(fn: ResourceFunction) -> ResourceDefinition:
        return ResourceDefinition(
            fn,
            config_schema=config_schema,
            description=description or _doc(fn),
            required_resource_keys=required_resource_keys,
            version=version,
        )

    return _decorate


def _looks_like_schema(value: Any) -> bool:
    from .legacy_config import is_config_type

    return is_config_type(value)


def _doc(fn: Callable[..., Any]) -> str | None:
    doc = inspect.getdoc(fn)
    return doc.strip() if doc else None
