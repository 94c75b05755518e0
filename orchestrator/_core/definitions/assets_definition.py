"""``AssetsDefinition``: one compute function and the asset(s) it materializes."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..asset_key import AssetKey
from ..errors import InvalidDefinitionError
from .asset_spec import DEFAULT_IO_MANAGER_KEY, AssetDep, AssetSpec
from .compute_fn import ComputeFn


@dataclass(frozen=True)
class InputBinding:
    """A function parameter that receives an upstream asset's value."""

    param: str
    asset_key: AssetKey
    partition_mapping: Any = None
    input_manager_key: str | None = None
    metadata: Mapping[str, Any] | None = None


class AssetsDefinition:
    """One node of the asset graph: a function that materializes one or more assets.

    Built by ``@asset`` and ``@multi_asset``; an ``AssetSpec`` passed to
    ``Definitions`` becomes an external (non-executable) ``AssetsDefinition``.

    Examples:
        >>> from orchestrator import asset
        >>> @asset
        ... def users():
        ...     return [1]
        >>> users.key, users()
        (AssetKey(['users']), [1])
    """

    def __init__(
        self,
        *,
        node_name: str,
        specs: Sequence[AssetSpec],
        compute: ComputeFn | None = None,
        output_names: Mapping[AssetKey, str] | None = None,
        io_manager_keys: Mapping[AssetKey, str] | None = None,
        inputs: Sequence[InputBinding] = (),
        partitions_def: Any = None,
        required_resource_keys: frozenset[str] = frozenset(),
        retry_policy: Any = None,
        backfill_policy: Any = None,
        check_specs: Sequence[Any] = (),
        can_subset: bool = False,
        op_tags: Mapping[str, Any] | None = None,
        description: str | None = None,
        config_schema: Any = None,
    ):
        if not specs:
            raise InvalidDefinitionError(f"'{node_name}' defines no assets")
        self.node_name = node_name
        self.specs_by_key: dict[AssetKey, AssetSpec] = {}
        for spec in specs:
            if spec.key in self.specs_by_key:
                raise InvalidDefinitionError(
                    f"'{node_name}' defines asset '{spec.key.to_user_string()}' twice"
                )
            self.specs_by_key[spec.key] = spec
        self.compute = compute
        self.output_names = dict(output_names or {k: "result" for k in self.specs_by_key})
        self.io_manager_keys = dict(io_manager_keys or {})
        self.inputs = tuple(inputs)
        self.partitions_def = partitions_def
        self.required_resource_keys = frozenset(required_resource_keys)
        self.retry_policy = retry_policy
        self.backfill_policy = backfill_policy
        self.check_specs = tuple(check_specs)
        self.can_subset = can_subset
        self.op_tags = dict(op_tags or {})
        self.description = description
        self.config_schema = config_schema

    # -- identity -------------------------------------------------------------
    @property
    def keys(self) -> set[AssetKey]:
        return set(self.specs_by_key)

    @property
    def key(self) -> AssetKey:
        if len(self.specs_by_key) != 1:
            raise InvalidDefinitionError(
                f"'{self.node_name}' defines {len(self.specs_by_key)} assets; use .keys"
            )
        return next(iter(self.specs_by_key))

    @property
    def specs(self) -> list[AssetSpec]:
        return list(self.specs_by_key.values())

    @property
    def op(self) -> "AssetsDefinition":
        return self

    @property
    def name(self) -> str:
        return self.node_name

    @property
    def is_executable(self) -> bool:
        return self.compute is not None

    @property
    def is_external(self) -> bool:
        return self.compute is None

    @property
    def check_keys(self) -> set[Any]:
        return {spec.key for spec in self.check_specs}

    @property
    def group_names_by_key(self) -> dict[AssetKey, str]:
        return {k: s.resolved_group_name for k, s in self.specs_by_key.items()}

    @property
    def asset_deps(self) -> dict[AssetKey, set[AssetKey]]:
        return {k: set(s.dep_keys) for k, s in self.specs_by_key.items()}

    @property
    def dependency_keys(self) -> set[AssetKey]:
        return {d for s in self.specs_by_key.values() for d in s.dep_keys} - self.keys

    def io_manager_key_for(self, key: AssetKey) -> str:
        return self.io_manager_keys.get(key, DEFAULT_IO_MANAGER_KEY)

    def partition_mapping_for(self, key: AssetKey, upstream: AssetKey) -> Any:
        for dep in self.specs_by_key[key].deps:  # type: ignore[union-attr]
            if isinstance(dep, AssetDep) and dep.asset_key == upstream:
                return dep.partition_mapping
        return None

    def all_resource_keys(self) -> frozenset[str]:
        """Resource keys this node needs: declared, injected, IO managers and input managers."""
        keys = set(self.required_resource_keys)
        if self.compute is not None:
            keys.update(self.compute.resource_params)
            keys.update(self.io_manager_key_for(k) for k in self.specs_by_key)
            keys.update(b.input_manager_key for b in self.inputs if b.input_manager_key)
        return frozenset(keys)

    # -- transformation ------------------------------------------------------
    def with_attributes(
        self,
        *,
        asset_key_replacements: Mapping[AssetKey, AssetKey] | None = None,
        group_name: str | None = None,
    ) -> "AssetsDefinition":
        """A copy with keys renamed (in specs, deps, inputs and checks) and/or a new group."""
        repl = dict(asset_key_replacements or {})

        def rk(k: AssetKey) -> AssetKey:
            return repl.get(k, k)

        specs = [
            replace(
                s,
                key=rk(s.key),
                deps=[AssetDep(rk(d.asset_key), d.partition_mapping) for d in s.deps],  # type: ignore[union-attr]
                group_name=group_name or s.group_name,
            )
            for s in self.specs_by_key.values()
        ]
        clone = AssetsDefinition.__new__(AssetsDefinition)
        clone.__dict__.update(self.__dict__)
        clone.specs_by_key = {s.key: s for s in specs}
        clone.output_names = {rk(k): v for k, v in self.output_names.items()}
        clone.io_manager_keys = {rk(k): v for k, v in self.io_manager_keys.items()}
        clone.inputs = tuple(replace(b, asset_key=rk(b.asset_key)) for b in self.inputs)
        clone.check_specs = tuple(c.with_asset_key(rk(c.asset_key)) for c in self.check_specs)
        return clone

    # -- direct invocation ----------------------------------------------------
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the function directly (for unit tests), building a context when it wants one."""
        if self.compute is None:
            raise InvalidDefinitionError(f"External asset '{self.node_name}' has no function to call")
        fn = self.compute
        if fn.context_param and not args and fn.context_param not in kwargs:
            from ..execution.build_context import build_asset_context

            args = (build_asset_context(),)
        return fn.fn(*args, **kwargs)

    def __repr__(self) -> str:
        keys = ", ".join(sorted(k.to_user_string() for k in self.keys))
        return f"<AssetsDefinition {self.node_name}: {keys}>"


def external_assets_from_spec(spec: AssetSpec) -> AssetsDefinition:
    """An ``AssetSpec`` as a node of the graph that no run materializes."""
    return AssetsDefinition(
        node_name=spec.key.to_python_identifier(),
        specs=[spec],
        partitions_def=spec.partitions_def,
    )
