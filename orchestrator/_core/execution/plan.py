"""The execution plan: steps in dependency order, each with its inputs and outputs."""

import enum
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..asset_key import AssetKey
from ..definitions.asset_checks import AssetChecksDefinition, AssetCheckSpec
from ..definitions.asset_layer import AssetLayer
from ..definitions.assets_definition import AssetsDefinition, InputBinding
from ..definitions.compute_fn import ComputeFn
from ..errors import InvalidDefinitionError, InvalidSubsetError


class StepKind(str, enum.Enum):
    ASSET = "asset"
    CHECK = "check"
    OP = "op"


@dataclass(frozen=True)
class StepInput:
    """Where a parameter's value comes from: an earlier step of this run, or storage."""

    param: str
    asset_key: AssetKey | None = None
    source_step: str | None = None
    source_output: str = "result"
    io_manager_key: str = "io_manager"
    upstream_partitions_def: Any = None
    partition_mapping: Any = None
    metadata: Mapping[str, Any] | None = None
    upstream_metadata: Mapping[str, Any] | None = None
    default: Any = None
    has_default: bool = False


@dataclass(frozen=True)
class StepOutput:
    """One output of a step and where it is stored."""

    name: str
    asset_key: AssetKey | None = None
    io_manager_key: str = "io_manager"
    is_required: bool = True
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class ExecutionStep:
    """One unit of work; a whole run is these executed in order."""

    key: str
    kind: StepKind
    compute: ComputeFn
    inputs: tuple[StepInput, ...] = ()
    outputs: dict[str, StepOutput] = field(default_factory=dict)
    upstream: dict[str, set[str]] = field(default_factory=dict)
    resource_keys: frozenset[str] = frozenset()
    partitions_def: Any = None
    retry_policy: Any = None
    check_specs: tuple[AssetCheckSpec, ...] = ()
    config_key: str = ""
    config_schema: Any = None
    tags: Mapping[str, Any] = field(default_factory=dict)

    @property
    def asset_keys(self) -> list[AssetKey]:
        return [o.asset_key for o in self.outputs.values() if o.asset_key is not None]

    @property
    def output_names_by_key(self) -> dict[AssetKey, str]:
        return {o.asset_key: o.name for o in self.outputs.values() if o.asset_key is not None}


@dataclass
class ExecutionPlan:
    """Steps in an order where every step follows the steps it depends on."""

    steps: list[ExecutionStep]
    by_key: dict[str, ExecutionStep] = field(init=False)

    def __post_init__(self) -> None:
        self.by_key = {s.key: s for s in self.steps}

    def step(self, key: str) -> ExecutionStep:
        return self.by_key[key]

    @property
    def step_keys(self) -> list[str]:
        return [s.key for s in self.steps]

    @property
    def resource_keys(self) -> set[str]:
        return {rk for s in self.steps for rk in s.resource_keys}

    @property
    def asset_keys(self) -> set[AssetKey]:
        return {k for s in self.steps for k in s.asset_keys}

    @property
    def partitions_defs(self) -> list[Any]:
        seen: list[Any] = []
        for s in self.steps:
            if s.partitions_def is not None and s.partitions_def not in seen:
                seen.append(s.partitions_def)
        return seen


def order_steps(steps: Iterable[ExecutionStep]) -> list[ExecutionStep]:
    """Kahn's algorithm over step upstreams, keeping the given order among ready steps."""
    steps = list(steps)
    by_key = {s.key: s for s in steps}
    indegree = {s.key: sum(1 for u in s.upstream if u in by_key) for s in steps}
    children: dict[str, list[str]] = {s.key: [] for s in steps}
    for s in steps:
        for u in s.upstream:
            if u in children:
                children[u].append(s.key)
    queue = deque(s.key for s in steps if indegree[s.key] == 0)
    order = []
    while queue:
        key = queue.popleft()
        order.append(by_key[key])
        for child in children[key]:
            indegree[child] -= 1
            if indegree[child] == 0:
                queue.append(child)
    if len(order) != len(steps):
        stuck = sorted(k for k, n in indegree.items() if n > 0)
        raise InvalidDefinitionError(f"Dependency cycle between steps: {', '.join(stuck)}")
    return order


def plan_assets(
    layer: AssetLayer,
    asset_keys: Iterable[AssetKey],
    *,
    check_keys: Iterable[Any] | None = None,
) -> ExecutionPlan:
    """Plan materializing ``asset_keys`` (and their checks) from ``layer``.

    Raises:
        InvalidSubsetError: naming keys that are undefined or not materializable.
    """
    wanted = list(dict.fromkeys(asset_keys))
    unknown = [k for k in wanted if k not in layer.by_key]
    if unknown:
        raise InvalidSubsetError(
            "Unknown asset key(s) in selection: " + ", ".join(k.to_user_string() for k in unknown)
        )
    external = [k for k in wanted if not layer.by_key[k].is_executable]
    if external:
        raise InvalidSubsetError(
            "Cannot materialize external asset(s): " + ", ".join(k.to_user_string() for k in external)
        )
    selected: dict[str, set[AssetKey]] = {}
    nodes: dict[str, AssetsDefinition] = {}
    for key in wanted:
        adef = layer.by_key[key]
        nodes[adef.node_name] = adef
        selected.setdefault(adef.node_name, set()).add(key)
    producer: dict[AssetKey, tuple[str, str]] = {}
    for name, adef in nodes.items():
        keys = selected[name] if adef.can_subset else adef.keys
        selected[name] = set(keys)
        for k in keys:
            producer[k] = (name, adef.output_names[k])
    steps = [_asset_step(layer, nodes[n], selected[n], producer) for n in _node_order(layer, nodes)]
    wanted_checks = set(check_keys) if check_keys is not None else None
    for check in layer.checks_for(producer):
        if wanted_checks is None or check.check_key in wanted_checks:
            steps.append(_check_step(layer, check, producer))
    _wait_for_blocking_checks(steps)
    return ExecutionPlan(order_steps(steps))


def _wait_for_blocking_checks(steps: list[ExecutionStep]) -> None:
    """Steps reading an asset wait for its blocking checks, which may make it unavailable."""
    blocking: dict[AssetKey, list[str]] = {}
    for step in steps:
        for spec in step.check_specs:
            if spec.blocking:
                blocking.setdefault(spec.asset_key, []).append(step.key)
    if not blocking:
        return
    producers = {k: s.key for s in steps for k in s.asset_keys}
    for step in steps:
        for key, check_steps in blocking.items():
            producer = producers.get(key)
            if producer is None or producer == step.key or producer not in step.upstream:
                continue
            for check_step in check_steps:
                if check_step != step.key and step.kind != StepKind.CHECK:
                    step.upstream.setdefault(check_step, set())


def _node_order(layer: AssetLayer, nodes: Mapping[str, AssetsDefinition]) -> list[str]:
    position = {k: i for i, k in enumerate(layer.topological_keys)}
    return sorted(nodes, key=lambda n: min(position[k] for k in nodes[n].keys))


def _inputs_from(
    layer: AssetLayer, bindings: Iterable[InputBinding], producer: Mapping[AssetKey, tuple[str, str]]
) -> tuple[StepInput, ...]:
    """Step inputs for parameters bound to upstream assets: from this run's step, else from storage."""
    inputs = []
    for b in bindings:
        up = layer.assets_def(b.asset_key)
        source = producer.get(b.asset_key)
        inputs.append(
            StepInput(
                param=b.param,
                asset_key=b.asset_key,
                source_step=source[0] if source else None,
                source_output=source[1] if source else up.output_names.get(b.asset_key, "result"),
                io_manager_key=b.input_manager_key or up.io_manager_key_for(b.asset_key),
                upstream_partitions_def=up.partitions_def,
                upstream_metadata=up.specs_by_key[b.asset_key].metadata,
                partition_mapping=b.partition_mapping,
                metadata=b.metadata,
            )
        )
    return tuple(inputs)


def _upstream(
    step_key: str, dep_keys: Iterable[AssetKey], producer: Mapping[AssetKey, tuple[str, str]]
) -> dict[str, set[str]]:
    upstream: dict[str, set[str]] = {}
    for dep in dep_keys:
        source = producer.get(dep)
        if source is not None and source[0] != step_key:
            upstream.setdefault(source[0], set()).add(source[1])
    return upstream


def _asset_step(
    layer: AssetLayer,
    adef: AssetsDefinition,
    keys: set[AssetKey],
    producer: Mapping[AssetKey, tuple[str, str]],
) -> ExecutionStep:
    assert adef.compute is not None
    inputs = _inputs_from(layer, adef.inputs, producer)
    outputs = {
        adef.output_names[k]: StepOutput(
            name=adef.output_names[k],
            asset_key=k,
            io_manager_key=adef.io_manager_key_for(k),
            is_required=not adef.specs_by_key[k].skippable,
            metadata=dict(adef.specs_by_key[k].metadata or {}),
        )
        for k in sorted(keys)
    }
    deps = {d for k in keys for d in adef.specs_by_key[k].dep_keys}
    return ExecutionStep(
        key=adef.node_name,
        kind=StepKind.ASSET,
        compute=adef.compute,
        inputs=inputs,
        outputs=dict(sorted(outputs.items(), key=lambda kv: list(adef.output_names.values()).index(kv[0]))),
        upstream=_upstream(adef.node_name, deps, producer),
        resource_keys=adef.all_resource_keys(),
        partitions_def=adef.partitions_def,
        retry_policy=adef.retry_policy,
        check_specs=tuple(c for c in adef.check_specs if c.asset_key in keys),
        config_key=adef.node_name,
        config_schema=adef.config_schema,
        tags=adef.op_tags,
    )


def _check_step(
    layer: AssetLayer, check: AssetChecksDefinition, producer: Mapping[AssetKey, tuple[str, str]]
) -> ExecutionStep:
    asset_def = layer.assets_def(check.asset_key)
    inputs = _inputs_from(layer, check.inputs, producer)
    return ExecutionStep(
        key=check.node_name,
        kind=StepKind.CHECK,
        compute=check.compute,
        inputs=inputs,
        upstream=_upstream(check.node_name, check.dep_keys, producer),
        resource_keys=check.all_resource_keys(),
        partitions_def=asset_def.partitions_def if inputs else None,
        retry_policy=check.retry_policy,
        check_specs=(check.spec,),
        config_key=check.node_name,
    )


def check_plan_partitions(plan: ExecutionPlan, partition_keys: Sequence[str]) -> None:
    """A partitioned plan needs partition keys, and they must exist in each definition."""
    defs = plan.partitions_defs
    if partition_keys and not defs:
        raise InvalidSubsetError(
            f"Partition key(s) {list(partition_keys)[:3]} given, but none of the selected assets is partitioned"
        )
    if defs and not partition_keys:
        partitioned = sorted(k.to_user_string() for s in plan.steps if s.partitions_def for k in s.asset_keys)
        raise InvalidSubsetError(
            "Asset(s) " + ", ".join(partitioned) + " are partitioned: pass a partition key"
        )
