"""Ops: ``@op``, ``In`` and ``Out`` — the building blocks of op graphs and jobs."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Union

from .asset_spec import validate_name
from .compute_fn import ComputeFn, parse_compute_fn

_NO_DEFAULT = object()


@dataclass(frozen=True)
class In:
    """An op input: its type, default value and where it loads from.

    Examples:
        >>> In(default_value=3).has_default
        True
    """

    dagster_type: Any = None
    description: str | None = None
    default_value: Any = _NO_DEFAULT
    metadata: Mapping[str, Any] | None = None
    asset_key: Any = None
    asset_partitions: Any = None
    input_manager_key: str | None = None

    @property
    def has_default(self) -> bool:
        return self.default_value is not _NO_DEFAULT


@dataclass(frozen=True)
class Out:
    """An op output and the IO manager that stores it.

    Examples:
        >>> Out(io_manager_key="warehouse").is_required
        True
    """

    dagster_type: Any = None
    description: str | None = None
    is_required: bool = True
    io_manager_key: str | None = None
    metadata: Mapping[str, Any] | None = None
    code_version: str | None = None


class OpDefinition:
    """A function with declared inputs and outputs, composed into graphs and jobs."""

    def __init__(
        self,
        *,
        name: str,
        compute: ComputeFn,
        ins: Mapping[str, In],
        outs: Mapping[str, Out],
        required_resource_keys: frozenset[str] = frozenset(),
        config_schema: Any = None,
        retry_policy: Any = None,
        tags: Mapping[str, Any] | None = None,
        description: str | None = None,
        code_version: str | None = None,
    ):
        self.name = name
        self.compute = compute
        self.ins = dict(ins)
        self.outs = dict(outs)
        self.required_resource_keys = required_resource_keys
        self.config_schema = config_schema
        self.retry_policy = retry_policy
        self.tags = dict(tags or {})
        self.description = description
        self.code_version = code_version

    @property
    def input_names(self) -> list[str]:
        return list(self.compute.input_params)

    def resource_keys(self) -> frozenset[str]:
        keys = set(self.required_resource_keys) | set(self.compute.resource_params)
        keys.update(o.io_manager_key or "io_manager" for o in self.outs.values())
        keys.update(i.input_manager_key for i in self.ins.values() if i.input_manager_key)
        return frozenset(keys)

    def alias(self, name: str) -> "PendingInvocation":
        return PendingInvocation(self, validate_name(name, what="op alias"))

    def with_retry_policy(self, retry_policy: Any) -> "PendingInvocation":
        return PendingInvocation(self, self.name, retry_policy)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from .graph_definition import current_composition

        composition = current_composition()
        if composition is not None:
            return composition.invoke(self, self.name, None, args, kwargs)
        fn = self.compute
        if (
            fn.context_param
            and (not args or not _looks_like_context(args[0]))
            and fn.context_param not in kwargs
        ):
            from ..execution.build_context import build_op_context

            args = (build_op_context(), *args)
        return fn.fn(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<OpDefinition {self.name}>"


def _looks_like_context(value: Any) -> bool:
    from ..execution.context import OpExecutionContext

    return isinstance(value, OpExecutionContext)


@dataclass(frozen=True)
class PendingInvocation:
    """An op under another node name (``my_op.alias("other")``) or with a retry policy."""

    op_def: OpDefinition
    name: str
    retry_policy: Any = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from .graph_definition import current_composition

        composition = current_composition()
        if composition is None:
            return self.op_def(*args, **kwargs)
        return composition.invoke(self.op_def, self.name, self.retry_policy, args, kwargs)


def op(
    compute_fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    ins: Mapping[str, In] | None = None,
    out: Union[Out, Mapping[str, Out], None] = None,
    config_schema: Any = None,
    required_resource_keys: Iterable[str] | None = None,
    tags: Mapping[str, Any] | None = None,
    retry_policy: Any = None,
    code_version: str | None = None,
    pool: str | None = None,
) -> Union[OpDefinition, Callable[[Callable[..., Any]], OpDefinition]]:
    """Define an op: a step of a graph or job.

    Examples:
        >>> from orchestrator import job, op
        >>> @op
        ... def one():
        ...     return 1
        >>> @op
        ... def plus_one(x):
        ...     return x + 1
        >>> @job
        ... def add():
        ...     plus_one(one())
        >>> add.execute_in_process().output_for_node("plus_one")
        2
    """

    def decorate(fn: Callable[..., Any]) -> OpDefinition:
        op_name = validate_name(name or fn.__name__, what="op name")
        compute = parse_compute_fn(fn, node_name=op_name, node_kind="op", explicit_inputs=list(ins or {}))
        outs: dict[str, Out]
        if out is None:
            outs = {"result": Out()}
        elif isinstance(out, Out):
            outs = {"result": out}
        else:
            outs = dict(out)
        declared = dict(ins or {})
        for param in compute.input_params:
            if param not in declared:
                declared[param] = In()
        return OpDefinition(
            name=op_name,
            compute=compute,
            ins=declared,
            outs=outs,
            required_resource_keys=frozenset(required_resource_keys or ()),
            config_schema=config_schema,
            retry_policy=retry_policy,
            tags=tags,
            description=description or (fn.__doc__ or "").strip() or None,
            code_version=code_version,
        )

    return decorate(compute_fn) if compute_fn is not None else decorate
