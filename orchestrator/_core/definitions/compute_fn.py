"""Reading a user function's parameters: context, config, resources and inputs."""

import inspect
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidDefinitionError

_CONTEXT_NAMES = frozenset({"context", "_context", "_", "ctx"})


@dataclass(frozen=True)
class ComputeFn:
    """A user function and the role of each of its parameters."""

    fn: Callable[..., Any]
    context_param: str | None = None
    config_param: str | None = None
    config_cls: Any = None
    resource_params: tuple[str, ...] = ()
    input_params: tuple[str, ...] = ()
    optional_inputs: frozenset[str] = field(default_factory=frozenset)
    return_annotation: Any = inspect.Signature.empty
    is_generator: bool = False

    @property
    def name(self) -> str:
        return getattr(self.fn, "__name__", "compute")

    @property
    def returns_nothing(self) -> bool:
        """``-> None`` was declared: nothing is handed to an IO manager."""
        return self.return_annotation is None or self.return_annotation is type(None)

    def call(self, context: Any, config: Any, resources: Any, inputs: dict[str, Any]) -> Any:
        kwargs = dict(inputs)
        if self.config_param:
            kwargs[self.config_param] = config
        for name in self.resource_params:
            kwargs[name] = resources[name]
        if self.context_param:
            return self.fn(context, **kwargs)
        return self.fn(**kwargs)


def _is_context_annotation(annotation: Any) -> bool:
    from ..execution.context import OpExecutionContext

    return isinstance(annotation, type) and issubclass(annotation, OpExecutionContext)


def parse_compute_fn(
    fn: Callable[..., Any],
    *,
    node_name: str,
    node_kind: str = "asset",
    explicit_inputs: Collection[str] = (),
    resource_keys_by_name: Collection[str] = (),
) -> ComputeFn:
    """Classify ``fn``'s parameters.

    The first parameter is the context when it is named ``context`` (or ``_``,
    ``ctx``) or annotated with a context type. A parameter annotated with a
    ``Config`` subclass receives config; one annotated with a resource type (or
    named in ``resource_keys_by_name``) receives the resource of that name; every
    other parameter is an input.
    """
    from ..resources import is_config_annotation, is_resource_annotation

    if not callable(fn):
        raise InvalidDefinitionError(f"The {node_kind} '{node_name}' must decorate a function")
    try:
        hints = _resolved_hints(fn)
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError) as exc:
        raise InvalidDefinitionError(
            f"Cannot read the signature of {node_kind} '{node_name}': {exc}"
        ) from exc

    context_param = config_param = None
    config_cls = None
    resources: list[str] = []
    inputs: list[str] = []
    optional: set[str] = set()
    for index, param in enumerate(params):
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise InvalidDefinitionError(
                f"The {node_kind} '{node_name}' uses *{param.name}; declare each input as its own parameter"
            )
        annotation = hints.get(param.name, param.annotation)
        if (
            index == 0
            and param.name not in explicit_inputs
            and (param.name in _CONTEXT_NAMES or _is_context_annotation(annotation))
        ):
            context_param = param.name
        elif is_config_annotation(annotation):
            config_param, config_cls = param.name, annotation
        elif param.name not in explicit_inputs and (
            is_resource_annotation(annotation) or param.name in resource_keys_by_name
        ):
            resources.append(param.name)
        else:
            inputs.append(param.name)
            if param.default is not param.empty:
                optional.add(param.name)
    unknown = set(explicit_inputs) - set(inputs)
    if unknown:
        raise InvalidDefinitionError(
            f"The {node_kind} '{node_name}' declares ins {sorted(unknown)} that are not parameters of its function"
        )
    return ComputeFn(
        fn=fn,
        context_param=context_param,
        config_param=config_param,
        config_cls=config_cls,
        resource_params=tuple(resources),
        input_params=tuple(inputs),
        optional_inputs=frozenset(optional),
        return_annotation=hints.get("return", inspect.Signature.empty),
        is_generator=inspect.isgeneratorfunction(fn),
    )


def _resolved_hints(fn: Callable[..., Any]) -> dict[str, Any]:
    """Type hints with string annotations resolved where possible (never raising)."""
    import typing

    try:
        return typing.get_type_hints(fn, include_extras=True)
    except Exception:
        return dict(getattr(fn, "__annotations__", {}))
