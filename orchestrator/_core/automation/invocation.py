"""Calling user schedule/sensor functions: context and resource parameters, outputs, targets."""

import inspect
import re
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..asset_key import AssetKey
from ..errors import InvalidDefinitionError, InvalidInvocationError

ANONYMOUS_ASSET_JOB_PREFIX = "__anonymous_asset_job"
_VALID_NAME = re.compile(r"^[A-Za-z0-9_]+$")

# Class names whose subclasses, used as a parameter annotation, mark a resource parameter.
_RESOURCE_BASE_NAMES = frozenset(
    {
        "ConfigurableResource",
        "ConfigurableResourceFactory",
        "ConfigurableIOManager",
        "ConfigurableIOManagerFactory",
        "ResourceDefinition",
        "IOManager",
        "IOManagerDefinition",
    }
)


class MissingJobError(InvalidDefinitionError, AttributeError):
    """A job attribute was read on a schedule or sensor that has no such job.

    Also an ``AttributeError``, so ``getattr(definition, "job", None)`` returns None.
    """


class UserCodeError(Exception):
    """User code raised; ``original`` is the exception and ``message`` says where."""

    def __init__(self, message: str, original: BaseException):
        super().__init__(message)
        self.message = message
        self.original = original


@contextmanager
def user_code_boundary(message: str) -> Iterator[None]:
    """Re-raise any exception from the block as a :class:`UserCodeError` with ``message``."""
    try:
        yield
    except UserCodeError:
        raise
    except Exception as exc:
        raise UserCodeError(message, exc) from exc


def check_valid_name(name: str, kind: str) -> str:
    """Reject names that are not identifiers made of letters, digits and ``_``."""
    if not isinstance(name, str) or not _VALID_NAME.match(name):
        raise InvalidDefinitionError(f'Invalid {kind} name: "{name}". Must be of the form "^[A-Za-z0-9_]+$".')
    return name


def _annotation_is_resource(annotation: Any) -> bool:
    if annotation is inspect.Parameter.empty:
        return False
    if typing.get_origin(annotation) is typing.Annotated:
        return any(meta == "resource_param" for meta in getattr(annotation, "__metadata__", ()))
    if isinstance(annotation, type):
        return any(base.__name__ in _RESOURCE_BASE_NAMES for base in annotation.__mro__)
    return False


def _annotation_is_context(annotation: Any, context_types: tuple[type, ...]) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, context_types)


@dataclass(frozen=True)
class FunctionParams:
    """How to call a user function: the leading (context-like) parameters, then resources.

    ``leading`` holds the names of the first non-resource parameters in order (the
    context, then e.g. the asset event of an asset sensor); every other named
    parameter is a resource key injected from ``context.resources``.
    """

    leading: tuple[str, ...]
    resource_params: tuple[str, ...]
    optional_resources: frozenset[str]

    @property
    def context_param(self) -> str | None:
        return self.leading[0] if self.leading else None


def analyze_function(
    fn: Callable[..., Any], *, max_leading: int, context_types: tuple[type, ...] = ()
) -> FunctionParams:
    """Split ``fn``'s parameters into up to ``max_leading`` leading ones and resource ones.

    A parameter annotated with a context type is always leading. Otherwise the first
    parameters that are not annotated as resources (``ResourceParam[...]`` or a
    resource class) are leading, the rest are resources, matched by name.
    """
    try:
        signature = inspect.signature(fn, eval_str=True)
    except Exception:
        signature = inspect.signature(fn)
    params = [
        p
        for p in signature.parameters.values()
        if p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    leading: list[str] = []
    for p in params:
        if context_types and _annotation_is_context(p.annotation, context_types):
            leading.append(p.name)
    for p in params:
        if len(leading) >= max_leading:
            break
        if p.name in leading or _annotation_is_resource(p.annotation):
            continue
        leading.append(p.name)
    leading = [p.name for p in params if p.name in leading][:max_leading]
    resources = [p for p in params if p.name not in leading]
    return FunctionParams(
        leading=tuple(leading),
        resource_params=tuple(p.name for p in resources),
        optional_resources=frozenset(p.name for p in resources if p.default is not inspect.Parameter.empty),
    )


def resource_kwargs(params: FunctionParams, resources: Any, kind: str, name: str) -> dict[str, Any]:
    """Values for ``params.resource_params`` read from a resources view, or a clear error."""
    values: dict[str, Any] = {}
    for key in params.resource_params:
        if key in resources:
            values[key] = getattr(resources, key)
        elif key not in params.optional_resources:
            raise InvalidDefinitionError(
                f"Resource with key '{key}' required by {kind} '{name}' was not provided."
            )
    return values


def call_user_fn(
    fn: Callable[..., Any],
    params: FunctionParams,
    leading_values: Sequence[Any],
    resources: Any,
    kind: str,
    name: str,
) -> Any:
    """Call ``fn`` with its leading parameters bound positionally-by-name and resources injected."""
    kwargs = dict(zip(params.leading, leading_values, strict=False))
    kwargs.update(resource_kwargs(params, resources, kind, name))
    return fn(**kwargs)


def collect_outputs(raw: Any) -> list[Any]:
    """Flatten a function result (generator, iterator, list or scalar) into a list, dropping ``None``."""
    if inspect.isgenerator(raw):
        items: list[Any] = []
        try:
            while True:
                items.append(next(raw))
        except StopIteration as stop:
            if stop.value is not None:
                items.extend(stop.value if isinstance(stop.value, list) else [stop.value])
    elif isinstance(raw, (list, tuple, Iterator)):
        items = list(raw)
    else:
        items = [raw]
    return [item for item in items if item is not None]


def resolve_invocation_context(
    params: FunctionParams,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    context_type: type,
    build_default: Callable[[], Any],
    kind: str,
) -> tuple[Any, dict[str, Any]]:
    """For a direct call ``definition(context, **resources)``: the context and resource overrides."""
    resource_overrides = {k: v for k, v in kwargs.items() if k in params.resource_params}
    other_kwargs = {k: v for k, v in kwargs.items() if k not in params.resource_params}
    if len(args) + len(other_kwargs) > 1:
        raise InvalidInvocationError(
            f"{kind.capitalize()} invocation received multiple non-resource arguments. Only a first "
            "positional context parameter should be provided when invoking."
        )
    context: Any = None
    if args:
        context = args[0]
    elif other_kwargs:
        key = params.context_param or "context"
        if key not in other_kwargs:
            raise InvalidInvocationError(f"{kind.capitalize()} invocation expected argument '{key}'.")
        context = other_kwargs[key]
    elif params.context_param:
        raise InvalidInvocationError(
            f"{kind.capitalize()} evaluation function expected context argument, but no context "
            "argument was provided when invoking."
        )
    if context is None:
        context = build_default()
    if not isinstance(context, context_type):
        raise InvalidInvocationError(
            f"{kind.capitalize()} invocation expected a {context_type.__name__}, got {context!r}"
        )
    return context, resource_overrides


def is_job_like(value: Any) -> bool:
    """Whether ``value`` looks like a job definition (has a string ``name``, is not an asset)."""
    if value is None or isinstance(value, (str, AssetKey, Mapping, list, tuple, set, frozenset)):
        return False
    if hasattr(value, "key") or hasattr(value, "keys"):
        return False
    return isinstance(getattr(value, "name", None), str)


@dataclass(frozen=True)
class AutomationTarget:
    """What a schedule or sensor launches: a job (object or name) or an asset selection.

    An asset selection target runs as an anonymous asset job named
    ``__anonymous_asset_job_<schedule or sensor name>``, to be defined by ``Definitions``.

    Examples:
        >>> AutomationTarget.from_coercible(["raw/users"], "nightly", "schedule 'nightly'").job_name
        '__anonymous_asset_job_nightly'
    """

    job_name: str
    job: Any = None
    asset_selection: Any = None

    @property
    def has_job_def(self) -> bool:
        return self.job is not None

    @staticmethod
    def from_job(job: Any, owner: str) -> "AutomationTarget":
        if isinstance(job, str):
            return AutomationTarget(job_name=job)
        if not is_job_like(job):
            raise InvalidDefinitionError(f"{owner}: expected a job with a name, got {job!r}")
        return AutomationTarget(job_name=job.name, job=job)

    @staticmethod
    def from_coercible(target: Any, automation_name: str | None, owner: str) -> "AutomationTarget":
        if is_job_like(target):
            return AutomationTarget(job_name=target.name, job=target)
        if not automation_name:
            raise InvalidDefinitionError(f"{owner}: a name is required when target is an asset selection")
        return AutomationTarget(
            job_name=f"{ANONYMOUS_ASSET_JOB_PREFIX}_{automation_name}", asset_selection=target
        )
