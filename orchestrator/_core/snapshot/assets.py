"""Snapshots of assets and asset checks."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..asset_key import AssetKey
from ._convert import (
    KeyPath,
    backfill_policy_json,
    compute_config_schema,
    key_path,
    metadata_json,
    paths_from_json,
    retry_policy_json,
    sorted_paths,
    string_map,
    to_snapshot_or_none,
)


@dataclass(frozen=True)
class AssetDepSnapshot:
    """One upstream asset of an asset and how their partitions map.

    Examples:
        >>> AssetDepSnapshot(asset_key=("raw", "users"), partition_mapping=None).to_json()
        {'asset_key': ['raw', 'users'], 'partition_mapping': None}
    """

    asset_key: KeyPath
    partition_mapping: Mapping[str, Any] | None

    @staticmethod
    def from_def(upstream: AssetKey, partition_mapping: Any) -> "AssetDepSnapshot":
        return AssetDepSnapshot(
            asset_key=key_path(upstream), partition_mapping=to_snapshot_or_none(partition_mapping)
        )

    def to_json(self) -> dict[str, Any]:
        return {"asset_key": list(self.asset_key), "partition_mapping": self.partition_mapping}

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "AssetDepSnapshot":
        return AssetDepSnapshot(
            asset_key=tuple(data["asset_key"]), partition_mapping=data["partition_mapping"]
        )


@dataclass(frozen=True)
class AssetSnapshot:
    """Everything the catalog, lineage graph and partition grid show about one asset.

    Examples:
        >>> from orchestrator import Definitions, asset
        >>> @asset(group_name="raw")
        ... def users():
        ...     return [1]
        >>> defs = Definitions(assets=[users])
        >>> snap = AssetSnapshot.from_def(defs, users.key)
        >>> snap.key_string, snap.group_name, snap.io_manager_key
        ('users', 'raw', 'io_manager')
    """

    key: KeyPath
    key_string: str
    node_name: str
    group_name: str
    description: str | None
    deps: tuple[AssetDepSnapshot, ...]
    dependents: tuple[KeyPath, ...]
    is_materializable: bool
    is_external: bool
    skippable: bool
    can_subset: bool
    partitions: Mapping[str, Any] | None
    metadata: Mapping[str, Any]
    code_version: str | None
    kinds: tuple[str, ...]
    owners: tuple[str, ...]
    tags: Mapping[str, str]
    io_manager_key: str
    required_resource_keys: tuple[str, ...]
    backfill_policy: Mapping[str, Any] | None
    retry_policy: Mapping[str, Any] | None
    check_names: tuple[str, ...]
    config_schema: Mapping[str, Any] | None

    @staticmethod
    def from_def(defs: Any, key: AssetKey, *, check_names: Iterable[str] | None = None) -> "AssetSnapshot":
        """The snapshot of asset ``key`` of ``defs`` (a ``Definitions``).

        ``check_names`` are the names of the checks on the asset, found in ``defs`` when None.
        """
        layer = defs.asset_layer
        if check_names is None:
            check_names = [k.name for k in layer.check_specs if k.asset_key == key]
        adef = layer.by_key[key]
        spec = adef.specs_by_key[key]
        deps = sorted(spec.deps, key=lambda d: d.asset_key)
        return AssetSnapshot(
            key=key_path(key),
            key_string=key.to_user_string(),
            node_name=adef.node_name,
            group_name=spec.resolved_group_name,
            description=spec.description,
            deps=tuple(AssetDepSnapshot.from_def(d.asset_key, d.partition_mapping) for d in deps),
            dependents=sorted_paths(layer.graph.children(key)),
            is_materializable=adef.is_executable,
            is_external=adef.is_external,
            skippable=bool(spec.skippable),
            can_subset=bool(adef.can_subset),
            partitions=to_snapshot_or_none(adef.partitions_def),
            metadata=metadata_json(spec.metadata),
            code_version=spec.code_version,
            kinds=tuple(sorted(spec.kinds or ())),
            owners=tuple(spec.owners or ()),
            tags=string_map(spec.tags),
            io_manager_key=adef.io_manager_key_for(key),
            required_resource_keys=tuple(sorted(adef.all_resource_keys())),
            backfill_policy=backfill_policy_json(adef.backfill_policy),
            retry_policy=retry_policy_json(adef.retry_policy),
            check_names=tuple(sorted(check_names)),
            config_schema=compute_config_schema(adef.compute, getattr(adef, "config_schema", None)),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "key": list(self.key),
            "key_string": self.key_string,
            "node_name": self.node_name,
            "group_name": self.group_name,
            "description": self.description,
            "deps": [d.to_json() for d in self.deps],
            "dependents": [list(p) for p in self.dependents],
            "is_materializable": self.is_materializable,
            "is_external": self.is_external,
            "skippable": self.skippable,
            "can_subset": self.can_subset,
            "partitions": self.partitions,
            "metadata": self.metadata,
            "code_version": self.code_version,
            "kinds": list(self.kinds),
            "owners": list(self.owners),
            "tags": self.tags,
            "io_manager_key": self.io_manager_key,
            "required_resource_keys": list(self.required_resource_keys),
            "backfill_policy": self.backfill_policy,
            "retry_policy": self.retry_policy,
            "check_names": list(self.check_names),
            "config_schema": self.config_schema,
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "AssetSnapshot":
        return AssetSnapshot(
            key=tuple(data["key"]),
            key_string=data["key_string"],
            node_name=data["node_name"],
            group_name=data["group_name"],
            description=data["description"],
            deps=tuple(AssetDepSnapshot.from_json(d) for d in data["deps"]),
            dependents=paths_from_json(data["dependents"]),
            is_materializable=data["is_materializable"],
            is_external=data["is_external"],
            skippable=data["skippable"],
            can_subset=data["can_subset"],
            partitions=data["partitions"],
            metadata=data["metadata"],
            code_version=data["code_version"],
            kinds=tuple(data["kinds"]),
            owners=tuple(data["owners"]),
            tags=data["tags"],
            io_manager_key=data["io_manager_key"],
            required_resource_keys=tuple(data["required_resource_keys"]),
            backfill_policy=data["backfill_policy"],
            retry_policy=data["retry_policy"],
            check_names=tuple(data["check_names"]),
            config_schema=data["config_schema"],
        )


@dataclass(frozen=True)
class AssetCheckSnapshot:
    """A check on an asset: what it checks, which node evaluates it and whether it blocks.

    Examples:
        >>> from orchestrator import AssetCheckSpec
        >>> snap = AssetCheckSnapshot.from_def(AssetCheckSpec("not_empty", asset="users"), node_name="users")
        >>> snap.key_string, snap.blocking
        ('users:not_empty', False)
    """

    asset_key: KeyPath
    name: str
    key_string: str
    node_name: str
    description: str | None
    blocking: bool
    additional_deps: tuple[KeyPath, ...]
    metadata: Mapping[str, Any]
    config_schema: Mapping[str, Any] | None

    @staticmethod
    def from_def(spec: Any, *, node_name: str, compute: Any = None) -> "AssetCheckSnapshot":
        """The snapshot of ``spec`` (an ``AssetCheckSpec``), evaluated by node ``node_name``."""
        return AssetCheckSnapshot(
            asset_key=key_path(spec.asset_key),
            name=spec.name,
            key_string=spec.key.to_user_string(),
            node_name=node_name,
            description=spec.description,
            blocking=bool(spec.blocking),
            additional_deps=sorted_paths(d.asset_key for d in spec.additional_deps or ()),
            metadata=metadata_json(spec.metadata),
            config_schema=compute_config_schema(compute),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "asset_key": list(self.asset_key),
            "name": self.name,
            "key_string": self.key_string,
            "node_name": self.node_name,
            "description": self.description,
            "blocking": self.blocking,
            "additional_deps": [list(p) for p in self.additional_deps],
            "metadata": self.metadata,
            "config_schema": self.config_schema,
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "AssetCheckSnapshot":
        return AssetCheckSnapshot(
            asset_key=tuple(data["asset_key"]),
            name=data["name"],
            key_string=data["key_string"],
            node_name=data["node_name"],
            description=data["description"],
            blocking=data["blocking"],
            additional_deps=paths_from_json(data["additional_deps"]),
            metadata=data["metadata"],
            config_schema=data["config_schema"],
        )


def asset_check_snapshots(defs: Any) -> list[AssetCheckSnapshot]:
    """Snapshots of every check of ``defs``: declared on assets and ``@asset_check`` functions.

    Examples:
        >>> from orchestrator import AssetCheckSpec, Definitions, asset
        >>> @asset(check_specs=[AssetCheckSpec("positive", asset="n")])
        ... def n():
        ...     return 1
        >>> [c.key_string for c in asset_check_snapshots(Definitions(assets=[n]))]
        ['n:positive']
    """
    layer = defs.asset_layer
    out = []
    for adef in layer.assets_defs:
        for spec in adef.check_specs:
            out.append(AssetCheckSnapshot.from_def(spec, node_name=adef.node_name))
    for check in layer.checks:
        out.append(AssetCheckSnapshot.from_def(check.spec, node_name=check.node_name, compute=check.compute))
    return sorted(out, key=lambda c: (c.asset_key, c.name))
