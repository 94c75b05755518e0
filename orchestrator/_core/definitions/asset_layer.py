"""``AssetLayer``: every asset and check of a code location, validated and indexed by key."""

from collections.abc import Iterable, Sequence
from typing import Any

from ..asset_graph import AssetGraph, AssetNode
from ..asset_key import AssetKey
from ..errors import InvalidDefinitionError
from .asset_checks import AssetCheckKey, AssetChecksDefinition, AssetCheckSpec
from .asset_spec import AssetSpec
from .assets_definition import AssetsDefinition, external_assets_from_spec


def coerce_assets(values: Iterable[Any]) -> list[AssetsDefinition]:
    """Accept ``AssetsDefinition``, ``AssetSpec`` and ``SourceAsset``-like objects."""
    out: list[AssetsDefinition] = []
    for value in values:
        if isinstance(value, AssetsDefinition):
            out.append(value)
        elif isinstance(value, AssetSpec):
            out.append(external_assets_from_spec(value))
        elif hasattr(value, "to_spec"):
            out.append(external_assets_from_spec(value.to_spec()))
        else:
            raise InvalidDefinitionError(
                f"{value!r} is not an asset: pass functions decorated with @asset, @multi_asset or AssetSpec objects"
            )
    return out


class AssetLayer:
    """Assets and checks validated together: unique keys and names, no cycles, checks on known assets.

    Keys that assets depend on but nobody defines become external assets, as
    they are shown (and loaded through their IO manager) but never materialized.
    """

    def __init__(self, assets: Sequence[Any] = (), checks: Sequence[AssetChecksDefinition] = ()):
        self.assets_defs = coerce_assets(assets)
        self.by_key: dict[AssetKey, AssetsDefinition] = {}
        names: dict[str, AssetsDefinition] = {}
        for adef in self.assets_defs:
            for key in adef.keys:
                other = self.by_key.get(key)
                if other is not None and other is not adef:
                    raise InvalidDefinitionError(
                        f"Asset key '{key.to_user_string()}' is defined more than once: "
                        f"by '{other.node_name}' and by '{adef.node_name}'"
                    )
                self.by_key[key] = adef
            if adef.is_executable:
                prev = names.get(adef.node_name)
                if prev is not None and prev is not adef:
                    raise InvalidDefinitionError(
                        f"Two asset definitions share the node name '{adef.node_name}': "
                        f"{sorted(k.to_user_string() for k in prev.keys)} and "
                        f"{sorted(k.to_user_string() for k in adef.keys)}"
                    )
                names[adef.node_name] = adef
        for adef in list(self.assets_defs):
            for dep in adef.dependency_keys:
                if dep not in self.by_key:
                    stub = external_assets_from_spec(AssetSpec(dep))
                    self.assets_defs.append(stub)
                    self.by_key[dep] = stub
        self.checks: list[AssetChecksDefinition] = list(checks)
        self.check_specs: dict[AssetCheckKey, AssetCheckSpec] = {}
        for adef in self.assets_defs:
            for spec in adef.check_specs:
                self._add_check_spec(spec, adef.node_name)
        for check in self.checks:
            if not isinstance(check, AssetChecksDefinition):
                raise InvalidDefinitionError(
                    f"{check!r} is not an asset check: decorate it with @asset_check"
                )
            self._add_check_spec(check.spec, check.node_name)
        self.graph = AssetGraph(self._node(key, adef) for key, adef in self.by_key.items())
        self.topological_keys = self.graph.toposort(self.graph.keys)

    def _add_check_spec(self, spec: AssetCheckSpec, owner: str) -> None:
        if spec.asset_key not in self.by_key:
            raise InvalidDefinitionError(
                f"Check '{spec.name}' ({owner}) targets asset '{spec.asset_key.to_user_string()}', which is not defined"
            )
        if spec.key in self.check_specs:
            raise InvalidDefinitionError(
                f"Asset check '{spec.key.to_user_string()}' is defined more than once"
            )
        self.check_specs[spec.key] = spec

    @staticmethod
    def _node(key: AssetKey, adef: AssetsDefinition) -> AssetNode:
        spec = adef.specs_by_key[key]
        return AssetNode(
            key=key,
            deps=frozenset(spec.dep_keys),
            group_name=spec.resolved_group_name,
            tags=dict(spec.tags or {}),
            kinds=frozenset(spec.kinds or ()),
            owners=tuple(spec.owners or ()),
            is_materializable=adef.is_executable,
            partitions_def=adef.partitions_def,
        )

    def assets_def(self, key: AssetKey) -> AssetsDefinition:
        try:
            return self.by_key[key]
        except KeyError:
            raise InvalidDefinitionError(f"No asset '{key.to_user_string()}' is defined") from None

    def checks_for(self, keys: Iterable[AssetKey]) -> list[AssetChecksDefinition]:
        wanted = set(keys)
        return [c for c in self.checks if c.asset_key in wanted]

    def resource_keys(self) -> dict[str, list[str]]:
        """Resource key -> names of the assets and checks that need it."""
        needs: dict[str, list[str]] = {}
        for adef in self.assets_defs:
            if adef.is_executable:
                for rk in adef.all_resource_keys():
                    needs.setdefault(rk, []).append(adef.node_name)
        for check in self.checks:
            for rk in check.all_resource_keys():
                needs.setdefault(rk, []).append(check.spec.key.to_user_string())
        return needs
