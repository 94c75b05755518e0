"""``@multi_asset``: one function that materializes several assets."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..asset_key import AssetKey
from ..errors import InvalidDefinitionError
from .asset_checks import AssetCheckSpec
from .asset_decorator import bind_inputs, kinds_with_compute_kind, merged_deps
from .asset_spec import AssetDep, AssetIn, AssetOut, AssetSpec, normalize_deps, spec_with_defaults
from .assets_definition import AssetsDefinition
from .compute_fn import parse_compute_fn


def multi_asset(
    *,
    outs: Mapping[str, AssetOut] | None = None,
    specs: Sequence[AssetSpec] | None = None,
    name: str | None = None,
    ins: Mapping[str, AssetIn] | None = None,
    deps: Iterable[Any] | None = None,
    description: str | None = None,
    required_resource_keys: Iterable[str] | None = None,
    compute_kind: str | None = None,
    internal_asset_deps: Mapping[str, set[AssetKey]] | None = None,
    partitions_def: Any = None,
    backfill_policy: Any = None,
    op_tags: Mapping[str, Any] | None = None,
    can_subset: bool = False,
    retry_policy: Any = None,
    group_name: str | None = None,
    check_specs: Sequence[AssetCheckSpec] | None = None,
    code_version: str | None = None,
    pool: str | None = None,
) -> Callable[[Callable[..., Any]], AssetsDefinition]:
    """Define several assets computed by one function.

    With ``outs``, return one value per output (a tuple in declaration order) or
    yield ``Output(value, output_name=...)``; with ``specs``, return or yield one
    ``MaterializeResult(asset_key=...)`` per asset.

    Examples:
        >>> from orchestrator import AssetOut, multi_asset
        >>> @multi_asset(outs={"a": AssetOut(), "b": AssetOut()})
        ... def split():
        ...     return 1, 2
        >>> sorted(k.to_user_string() for k in split.keys)
        ['a', 'b']
    """
    if bool(outs) == bool(specs):
        raise InvalidDefinitionError(f"@multi_asset '{name or '?'}' takes outs or specs (exactly one)")

    def decorate(fn: Callable[..., Any]) -> AssetsDefinition:
        node_name = name or fn.__name__
        compute = parse_compute_fn(
            fn, node_name=node_name, node_kind="multi_asset", explicit_inputs=list(ins or {})
        )
        order_deps = list(normalize_deps(deps))
        bindings = bind_inputs(compute, dict(ins or {}), order_deps)
        all_deps = merged_deps(bindings, order_deps)
        kinds = kinds_with_compute_kind((), compute_kind)
        asset_specs: list[AssetSpec] = []
        output_names: dict[AssetKey, str] = {}
        io_keys: dict[AssetKey, str] = {}
        if outs:
            for out_name, out in outs.items():
                own = _internal_deps(internal_asset_deps, out_name, all_deps)
                spec = out.to_spec(out_name, own, group_name=group_name)
                spec = spec_with_defaults(spec, code_version=code_version, kinds=kinds or None)
                asset_specs.append(spec)
                output_names[spec.key] = out_name
                if out.io_manager_key:
                    io_keys[spec.key] = out.io_manager_key
        else:
            for s in specs or ():
                spec = s if s.deps else spec_with_defaults(s, deps=tuple(all_deps))
                spec = spec_with_defaults(spec, group_name=group_name, code_version=code_version)
                asset_specs.append(spec)
                output_names[spec.key] = spec.key.to_python_identifier()
        own_keys = set(output_names)
        for spec in asset_specs:
            if spec.key in spec.dep_keys:
                raise InvalidDefinitionError(f"Asset '{spec.key.to_user_string()}' depends on itself")
        for check in check_specs or ():
            if check.asset_key not in own_keys:
                raise InvalidDefinitionError(
                    f"@multi_asset '{node_name}' declares check '{check.name}' on asset "
                    f"'{check.asset_key.to_user_string()}' that it does not define"
                )
        return AssetsDefinition(
            node_name=node_name,
            specs=asset_specs,
            compute=compute,
            output_names=output_names,
            io_manager_keys=io_keys,
            inputs=bindings,
            partitions_def=partitions_def,
            required_resource_keys=frozenset(required_resource_keys or ()),
            retry_policy=retry_policy,
            backfill_policy=backfill_policy,
            check_specs=list(check_specs or ()),
            can_subset=can_subset,
            op_tags=op_tags,
            description=description or (fn.__doc__ or "").strip() or None,
        )

    return decorate


def _internal_deps(
    internal: Mapping[str, set[AssetKey]] | None, out_name: str, all_deps: list[AssetDep]
) -> list[AssetDep]:
    if internal is None or out_name not in internal:
        return all_deps
    return [AssetDep(AssetKey.from_coercible(k)) for k in internal[out_name]]
