"""``@graph`` and ``@job``: compose ops by calling them, then plan and run the result."""

import contextvars
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Union, overload

from ..asset_key import AssetKey
from ..errors import InvalidDefinitionError
from .asset_spec import validate_name
from .op_definition import OpDefinition


class NodeOutput(NamedTuple):
    """A handle on an output of a node, passed to other ops while composing."""

    node: str
    output: str


@dataclass
class NodeInvocation:
    name: str
    op_def: OpDefinition
    inputs: dict[str, NodeOutput]
    retry_policy: Any = None


@dataclass
class Composition:
    """Records op calls made while a graph function runs."""

    graph_name: str
    prefix: str = ""
    nodes: dict[str, NodeInvocation] = field(default_factory=dict)

    def unique_name(self, name: str) -> str:
        full = f"{self.prefix}{name}"
        if full not in self.nodes:
            return full
        n = 2
        while f"{full}_{n}" in self.nodes:
            n += 1
        return f"{full}_{n}"

    def invoke(
        self,
        op_def: OpDefinition,
        name: str,
        retry_policy: Any,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        node_name = self.unique_name(name)
        params = op_def.input_names
        if len(args) > len(params):
            raise InvalidDefinitionError(
                f"Graph '{self.graph_name}': op '{node_name}' takes {len(params)} inputs, got {len(args)}"
            )
        given = {**dict(zip(params, args, strict=False)), **kwargs}
        wired: dict[str, NodeOutput] = {}
        for param, value in given.items():
            if param not in params:
                raise InvalidDefinitionError(
                    f"Graph '{self.graph_name}': op '{node_name}' has no input '{param}'"
                )
            if not isinstance(value, NodeOutput):
                raise InvalidDefinitionError(
                    f"Graph '{self.graph_name}': input '{param}' of op '{node_name}' must come from another op's "
                    f"output, got {type(value).__name__}"
                )
            wired[param] = value
        for param in params:
            spec = op_def.ins[param]
            if param not in wired and not spec.has_default and spec.asset_key is None:
                raise InvalidDefinitionError(
                    f"Graph '{self.graph_name}': input '{param}' of op '{node_name}' is not connected "
                    "and has no default_value"
                )
        self.nodes[node_name] = NodeInvocation(node_name, op_def, wired, retry_policy)
        outputs = [NodeOutput(node_name, out) for out in op_def.outs]
        return outputs[0] if len(outputs) == 1 else tuple(outputs)


_current: contextvars.ContextVar[Composition | None] = contextvars.ContextVar("composition", default=None)


def current_composition() -> Composition | None:
    return _current.get()


class GraphDefinition:
    """Ops wired together by calling them in a function.

    Examples:
        >>> from orchestrator import graph, op
        >>> @op
        ... def two():
        ...     return 2
        >>> @graph
        ... def g():
        ...     two()
        >>> g.to_job().execute_in_process().output_for_node("two")
        2
    """

    def __init__(self, *, name: str, fn: Callable[..., Any], description: str | None = None):
        self.name = validate_name(name, what="graph name")
        self.description = description
        self._fn = fn
        self.input_names = list(inspect.signature(fn).parameters)
        self.nodes, self.output_handles = self._compose("", {})

    def _compose(self, prefix: str, bound: Mapping[str, Any]) -> tuple[dict[str, NodeInvocation], Any]:
        composition = Composition(self.name, prefix)
        token = _current.set(composition)
        try:
            args = [bound.get(n) for n in self.input_names]
            returned = self._fn(*args)
        finally:
            _current.reset(token)
        return composition.nodes, returned

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        outer = current_composition()
        if outer is None:
            raise InvalidDefinitionError(
                f"Graph '{self.name}' can only be called inside another graph or job"
            )
        bound = {**dict(zip(self.input_names, args, strict=False)), **kwargs}
        nodes, returned = self._compose(f"{outer.prefix}{self.name}.", bound)
        outer.nodes.update(nodes)
        return returned

    def build_plan(self, retry_policy: Any = None, partitions_def: Any = None) -> Any:
        from ..execution.plan import (
            ExecutionPlan,
            ExecutionStep,
            StepInput,
            StepKind,
            StepOutput,
            order_steps,
        )

        steps = []
        for node in self.nodes.values():
            op_def = node.op_def
            inputs = []
            upstream: dict[str, set[str]] = {}
            for param in op_def.input_names:
                spec = op_def.ins[param]
                handle = node.inputs.get(param)
                if handle is not None:
                    source = self.nodes[handle.node].op_def.outs[handle.output]
                    inputs.append(
                        StepInput(
                            param=param,
                            source_step=handle.node,
                            source_output=handle.output,
                            io_manager_key=spec.input_manager_key or source.io_manager_key or "io_manager",
                        )
                    )
                    upstream.setdefault(handle.node, set()).add(handle.output)
                elif spec.asset_key is not None:
                    inputs.append(
                        StepInput(
                            param=param,
                            asset_key=AssetKey.from_coercible(spec.asset_key),
                            io_manager_key=spec.input_manager_key or "io_manager",
                        )
                    )
                else:
                    inputs.append(StepInput(param=param, default=spec.default_value, has_default=True))
            outputs = {
                name: StepOutput(
                    name=name,
                    io_manager_key=out.io_manager_key or "io_manager",
                    is_required=out.is_required,
                    metadata=dict(out.metadata or {}),
                )
                for name, out in op_def.outs.items()
            }
            steps.append(
                ExecutionStep(
                    key=node.name,
                    kind=StepKind.OP,
                    compute=op_def.compute,
                    inputs=tuple(inputs),
                    outputs=outputs,
                    upstream=upstream,
                    resource_keys=op_def.resource_keys(),
                    retry_policy=node.retry_policy or op_def.retry_policy or retry_policy,
                    config_key=node.name,
                    config_schema=op_def.config_schema,
                    tags=op_def.tags,
                    partitions_def=partitions_def,
                )
            )
        return ExecutionPlan(order_steps(steps))

    def to_job(
        self,
        name: str | None = None,
        description: str | None = None,
        resource_defs: Mapping[str, Any] | None = None,
        config: Any = None,
        tags: Mapping[str, str] | None = None,
        partitions_def: Any = None,
        op_retry_policy: Any = None,
        **_ignored: Any,
    ) -> Any:
        from .job_definition import JobDefinition

        return JobDefinition(
            name=name or self.name,
            description=description or self.description,
            resource_defs=resource_defs,
            config=config,
            tags=tags,
            partitions_def=partitions_def,
            graph=self,
            op_retry_policy=op_retry_policy,
        )

    def execute_in_process(
        self, run_config: Any = None, resources: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> Any:
        return self.to_job().execute_in_process(run_config=run_config, resources=resources, **kwargs)

    def __repr__(self) -> str:
        return f"<GraphDefinition {self.name}>"


@overload
def graph(compose_fn: Callable[..., Any]) -> GraphDefinition: ...
@overload
def graph(compose_fn: None = None, **kwargs: Any) -> Callable[[Callable[..., Any]], GraphDefinition]: ...


def graph(
    compose_fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    **_ignored: Any,
) -> Union[GraphDefinition, Callable[[Callable[..., Any]], GraphDefinition]]:
    """Define a graph by calling ops inside the decorated function."""

    def decorate(fn: Callable[..., Any]) -> GraphDefinition:
        return GraphDefinition(
            name=name or fn.__name__, fn=fn, description=description or (fn.__doc__ or "").strip() or None
        )

    return decorate(compose_fn) if compose_fn is not None else decorate


def job(
    compose_fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    resource_defs: Mapping[str, Any] | None = None,
    config: Any = None,
    tags: Mapping[str, str] | None = None,
    partitions_def: Any = None,
    op_retry_policy: Any = None,
    **_ignored: Any,
) -> Any:
    """Define a job from ops called inside the decorated function.

    Examples:
        >>> from orchestrator import job, op
        >>> @op
        ... def hello(context):
        ...     context.log.info("hi")
        >>> @job
        ... def hello_job():
        ...     hello()
        >>> hello_job.execute_in_process().success
        True
    """

    def decorate(fn: Callable[..., Any]) -> Any:
        g = GraphDefinition(
            name=name or fn.__name__, fn=fn, description=description or (fn.__doc__ or "").strip() or None
        )
        return g.to_job(
            resource_defs=resource_defs,
            config=config,
            tags=tags,
            partitions_def=partitions_def,
            op_retry_policy=op_retry_policy,
        )

    return decorate(compose_fn) if compose_fn is not None else decorate
