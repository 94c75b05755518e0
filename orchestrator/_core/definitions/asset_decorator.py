"""``@asset``: turn a function into a software-defined asset."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Union

from ..asset_key import AssetKey
from ..errors import InvalidDefinitionError
from .asset_checks import AssetCheckSpec
from .asset_spec import AssetDep, AssetIn, AssetSpec, normalize_deps, validate_name
from .assets_definition import AssetsDefinition, InputBinding
from .compute_fn import ComputeFn, parse_compute_fn


def bind_inputs(
    compute: ComputeFn, ins: Mapping[str, AssetIn], deps: Sequence[AssetDep]
) -> list[InputBinding]:
    """Each input parameter bound to its upstream key (``ins`` first, then the parameter name).

    A parameter named like an asset in ``deps`` loads that asset, so ``deps=[a]``
    plus a parameter ``a`` is one dependency, not two.
    """
    deps_by_name = {d.asset_key.path[-1]: d for d in deps}
    bindings = []
    for param in compute.input_params:
        if param in ins:
            ain = ins[param]
            bindings.append(
                InputBinding(
                    param, ain.resolve_key(param), ain.partition_mapping, ain.input_manager_key, ain.metadata
                )
            )
        elif param in deps_by_name:
            dep = deps_by_name[param]
            bindings.append(InputBinding(param, dep.asset_key, dep.partition_mapping))
        else:
            bindings.append(InputBinding(param, AssetKey([param])))
    return bindings


def merged_deps(bindings: Sequence[InputBinding], deps: Sequence[AssetDep]) -> list[AssetDep]:
    """Inputs and order-only deps as one list of ``AssetDep`` (one per upstream key)."""
    out: dict[AssetKey, AssetDep] = {
        b.asset_key: AssetDep(b.asset_key, b.partition_mapping) for b in bindings
    }
    for d in deps:
        if d.asset_key not in out or d.partition_mapping is not None:
            out[d.asset_key] = d
    return list(out.values())


def resolve_key(name: str, key: Any, key_prefix: Any) -> AssetKey:
    if key is not None:
        if key_prefix is not None:
            raise InvalidDefinitionError(f"Asset '{name}': pass key or key_prefix, not both")
        return AssetKey.from_coercible(key)
    prefix = [key_prefix] if isinstance(key_prefix, str) else list(key_prefix or [])
    return AssetKey([*prefix, name])


def kinds_with_compute_kind(kinds: Iterable[str] | None, compute_kind: str | None) -> set[str]:
    out = set(kinds or ())
    if compute_kind:
        out.add(compute_kind)
    return out


def asset(
    compute_fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    key: Any = None,
    key_prefix: Any = None,
    group_name: str | None = None,
    deps: Iterable[Any] | None = None,
    ins: Mapping[str, AssetIn] | None = None,
    description: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    tags: Mapping[str, str] | None = None,
    owners: Sequence[str] | None = None,
    kinds: Iterable[str] | None = None,
    compute_kind: str | None = None,
    code_version: str | None = None,
    partitions_def: Any = None,
    io_manager_key: str | None = None,
    required_resource_keys: Iterable[str] | None = None,
    retry_policy: Any = None,
    check_specs: Sequence[AssetCheckSpec] | None = None,
    backfill_policy: Any = None,
    op_tags: Mapping[str, Any] | None = None,
    output_required: bool = True,
    automation_condition: Any = None,
    non_argument_deps: Iterable[Any] | None = None,
    config_schema: Any = None,
    dagster_type: Any = None,
    pool: str | None = None,
) -> Union[AssetsDefinition, Callable[[Callable[..., Any]], AssetsDefinition]]:
    """Define an asset computed by the decorated function.

    Upstream assets arrive in parameters by name (or as mapped by ``ins``);
    ``deps`` adds dependencies whose values are not loaded. The docstring is the
    default description.

    Examples:
        >>> from orchestrator import asset, materialize_to_memory
        >>> @asset(group_name="raw")
        ... def numbers():
        ...     return [1, 2, 3]
        >>> @asset
        ... def total(numbers):
        ...     return sum(numbers)
        >>> materialize_to_memory([numbers, total]).asset_value("total")
        6
    """

    def decorate(fn: Callable[..., Any]) -> AssetsDefinition:
        node_name = name or (AssetKey.from_coercible(key).path[-1] if key is not None else fn.__name__)
        asset_key = resolve_key(node_name, key, key_prefix)
        label = asset_key.to_user_string()
        validate_name(node_name.replace("-", "_").replace(".", "_"), what="asset name")
        compute = parse_compute_fn(fn, node_name=label, explicit_inputs=list(ins or {}))
        order_deps = list(normalize_deps([*(deps or ()), *(non_argument_deps or ())]))
        bindings = bind_inputs(compute, dict(ins or {}), order_deps)
        if asset_key in {b.asset_key for b in bindings} | {d.asset_key for d in order_deps}:
            raise InvalidDefinitionError(f"Asset '{label}' depends on itself")
        spec = AssetSpec(
            key=asset_key,
            deps=merged_deps(bindings, order_deps),
            description=description or _doc(fn),
            metadata=metadata,
            skippable=not output_required,
            group_name=group_name,
            code_version=code_version,
            automation_condition=automation_condition,
            owners=owners,
            tags=tags,
            kinds=kinds_with_compute_kind(kinds, compute_kind),
            partitions_def=partitions_def,
        )
        checks = [_own_check(c, asset_key, label) for c in (check_specs or ())]
        return AssetsDefinition(
            node_name=asset_key.to_python_identifier(),
            specs=[spec],
            compute=compute,
            io_manager_keys={asset_key: io_manager_key} if io_manager_key else None,
            inputs=bindings,
            partitions_def=partitions_def,
            required_resource_keys=frozenset(required_resource_keys or ()),
            retry_policy=retry_policy,
            backfill_policy=backfill_policy,
            check_specs=checks,
            op_tags=op_tags,
            description=spec.description,
            config_schema=config_schema,
        )

    return decorate(compute_fn) if compute_fn is not None else decorate


def _own_check(spec: AssetCheckSpec, asset_key: AssetKey, label: str) -> AssetCheckSpec:
    if spec.asset_key != asset_key:
        raise InvalidDefinitionError(
            f"Asset '{label}' declares check '{spec.name}' on another asset "
            f"'{spec.asset_key.to_user_string()}'"
        )
    return spec


def _doc(fn: Callable[..., Any]) -> str | None:
    import inspect

    doc = inspect.getdoc(fn)
    return doc or None
