"""``AssetSpec``, ``AssetDep``, ``AssetIn`` and ``AssetOut``: the plain descriptions of assets."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Union

from ..asset_key import AssetKey, CoercibleToAssetKey
from ..errors import InvalidDefinitionError
from ..metadata import MetadataValue, normalize_metadata

DEFAULT_GROUP_NAME = "default"
DEFAULT_IO_MANAGER_KEY = "io_manager"


def _key_of(value: Any) -> AssetKey:
    if isinstance(value, AssetDep):
        return value.asset_key
    keys = getattr(value, "keys", None)
    if keys is not None and not isinstance(value, (Mapping, str)) and not callable(keys):
        keys = list(keys)
        if len(keys) != 1:
            raise InvalidDefinitionError(
                f"Cannot depend on a definition of {len(keys)} assets; list its keys instead: "
                + ", ".join(k.to_user_string() for k in keys)
            )
        return keys[0]
    return AssetKey.from_coercible(value)


@dataclass(frozen=True)
class AssetDep:
    """An upstream asset this asset depends on, without loading its value.

    Examples:
        >>> AssetDep("raw_users").asset_key
        AssetKey(['raw_users'])
    """

    asset: Any
    partition_mapping: Any = None

    @property
    def asset_key(self) -> AssetKey:
        return _key_of(self.asset)

    @staticmethod
    def from_coercible(value: Any) -> "AssetDep":
        if isinstance(value, AssetDep):
            return AssetDep(value.asset_key, value.partition_mapping)
        return AssetDep(_key_of(value))


CoercibleToAssetDep = Union[CoercibleToAssetKey, AssetDep, Any]


def normalize_deps(deps: Iterable[Any] | None) -> tuple[AssetDep, ...]:
    """Coerce and de-duplicate ``deps``; a key listed twice keeps its partition mapping."""
    out: dict[AssetKey, AssetDep] = {}
    for dep in deps or ():
        d = AssetDep.from_coercible(dep)
        if d.asset_key not in out or d.partition_mapping is not None:
            out[d.asset_key] = d
    return tuple(out.values())


def _tuple_of(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(values or ())


@dataclass(frozen=True)
class AssetSpec:
    """Everything known about an asset apart from how to compute it.

    An ``AssetSpec`` passed to ``Definitions(assets=[...])`` declares an external
    asset: shown in the catalog and lineage, never materialized by a run.

    Examples:
        >>> spec = AssetSpec("landing/orders", group_name="landing", kinds={"s3"})
        >>> spec.key.to_user_string(), spec.group_name
        ('landing/orders', 'landing')
    """

    key: Any
    deps: Iterable[Any] = ()
    description: str | None = None
    metadata: Mapping[str, Any] | None = None
    skippable: bool = False
    group_name: str | None = None
    code_version: str | None = None
    automation_condition: Any = None
    owners: Sequence[str] | None = None
    tags: Mapping[str, str] | None = None
    kinds: Iterable[str] | None = None
    partitions_def: Any = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "key", AssetKey.from_coercible(self.key))
        set_(self, "deps", normalize_deps(self.deps))
        set_(self, "metadata", normalize_metadata(self.metadata))
        set_(self, "owners", _tuple_of(self.owners))
        set_(self, "tags", validate_tags(self.tags, owner=f"asset '{self.key.to_user_string()}'"))
        set_(self, "kinds", frozenset(self.kinds or ()))
        if self.group_name is not None:
            validate_name(self.group_name, what="group_name")

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def dep_keys(self) -> tuple[AssetKey, ...]:
        return tuple(d.asset_key for d in self.deps)  # type: ignore[union-attr]

    @property
    def resolved_group_name(self) -> str:
        return self.group_name or DEFAULT_GROUP_NAME

    def replace_attributes(self, **changes: Any) -> "AssetSpec":
        """A copy with the given fields changed (as Dagster's ``replace_attributes``)."""
        return replace(self, **changes)

    def merge_attributes(
        self,
        *,
        deps: Iterable[Any] = (),
        metadata: Mapping[str, Any] | None = None,
        owners: Sequence[str] = (),
        tags: Mapping[str, str] | None = None,
        kinds: Iterable[str] = (),
    ) -> "AssetSpec":
        """A copy with deps, metadata, owners, tags and kinds added to the existing ones."""
        return replace(
            self,
            deps=[*self.deps, *deps],  # type: ignore[misc]
            metadata={**(self.metadata or {}), **(metadata or {})},
            owners=[*(self.owners or ()), *owners],
            tags={**(self.tags or {}), **(tags or {})},
            kinds={*(self.kinds or ()), *kinds},
        )

    @property
    def normalized_metadata(self) -> dict[str, MetadataValue]:
        return dict(self.metadata or {})  # type: ignore[arg-type]


@dataclass(frozen=True)
class AssetIn:
    """How an asset parameter maps to an upstream asset.

    Examples:
        >>> AssetIn(key_prefix="raw").key is None
        True
    """

    key: Any = None
    metadata: Mapping[str, Any] | None = None
    key_prefix: Any = None
    input_manager_key: str | None = None
    partition_mapping: Any = None
    dagster_type: Any = None

    def resolve_key(self, param_name: str) -> AssetKey:
        if self.key is not None:
            return AssetKey.from_coercible(self.key)
        prefix = [self.key_prefix] if isinstance(self.key_prefix, str) else list(self.key_prefix or [])
        return AssetKey([*prefix, param_name])


@dataclass(frozen=True)
class AssetOut:
    """One output of a ``@multi_asset``.

    Examples:
        >>> AssetOut(key_prefix="warehouse").is_required
        True
    """

    key_prefix: Any = None
    key: Any = None
    dagster_type: Any = None
    description: str | None = None
    is_required: bool = True
    io_manager_key: str | None = None
    metadata: Mapping[str, Any] | None = None
    group_name: str | None = None
    code_version: str | None = None
    owners: Sequence[str] | None = None
    tags: Mapping[str, str] | None = None
    kinds: Iterable[str] | None = None

    def to_spec(self, output_name: str, deps: Iterable[Any], **defaults: Any) -> AssetSpec:
        if self.key is not None:
            key = AssetKey.from_coercible(self.key)
        else:
            prefix = [self.key_prefix] if isinstance(self.key_prefix, str) else list(self.key_prefix or [])
            key = AssetKey([*prefix, output_name])
        return AssetSpec(
            key=key,
            deps=deps,
            description=self.description,
            metadata=self.metadata,
            skippable=not self.is_required,
            group_name=self.group_name or defaults.get("group_name"),
            code_version=self.code_version,
            owners=self.owners,
            tags=self.tags,
            kinds=self.kinds,
        )


def validate_name(name: str, *, what: str) -> str:
    """Names of assets, groups, jobs and resources: letters, digits and underscores."""
    if not isinstance(name, str) or not name or not all(c.isalnum() or c == "_" for c in name):
        raise InvalidDefinitionError(f"Invalid {what} {name!r}: use only letters, digits and underscores")
    return name


def validate_tags(tags: Mapping[str, Any] | None, *, owner: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in (tags or {}).items():
        if not isinstance(k, str) or not isinstance(v, str):
            raise InvalidDefinitionError(f"Tag {k!r}={v!r} on {owner} must map a string to a string")
        out[k] = v
    return out


def spec_with_defaults(spec: AssetSpec, **defaults: Any) -> AssetSpec:
    """Fill ``group_name`` and other unset fields of ``spec`` from ``defaults``."""
    changes = {k: v for k, v in defaults.items() if v is not None and not getattr(spec, k)}
    return replace(spec, **changes) if changes else spec
