"""Leaf selections: all assets, keys, groups, tags, kinds, owners and key patterns."""

import fnmatch
import re
from collections.abc import Set
from dataclasses import dataclass

from ..asset_key import AssetKey
from .base import AssetSelection
from .resolution import ResolveContext

KIND_TAG_PREFIX = "dagster/kind/"
_PLAIN_VALUE = re.compile(r"^[A-Za-z0-9_\-.@/:]+$")
_PLAIN_PATTERN = re.compile(r"^[A-Za-z0-9_\-.@/:*?\[\]!]+$")


def format_value(value: str, pattern: bool = False) -> str:
    """``value`` as written in the selection syntax: bare when safe, else in double quotes.

    Examples:
        >>> format_value("raw"), format_value("a b"), format_value("raw_*", pattern=True)
        ('raw', '"a b"', 'raw_*')
    """
    plain = _PLAIN_PATTERN if pattern else _PLAIN_VALUE
    return value if plain.match(value) else f'"{value}"'


def _join_or(parts: list[str]) -> str:
    return ", ".join(parts) if parts else "<none>"


@dataclass(frozen=True)
class AllSelection(AssetSelection):
    """Every materializable asset, and external ones when ``include_sources``.

    Examples:
        >>> AssetSelection.all(include_sources=True)
        AllSelection(include_sources=True)
    """

    include_sources: bool = False

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        return ctx.base_keys(self.include_sources)

    def to_selection_str(self) -> str:
        return "*"


@dataclass(frozen=True)
class AllAssetCheckSelection(AssetSelection):
    """All asset checks: selects no assets.

    Examples:
        >>> AssetSelection.all_asset_checks()
        AllAssetCheckSelection()
    """

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        return frozenset()

    def to_selection_str(self) -> str:
        return "<all asset checks>"


@dataclass(frozen=True)
class KeysAssetSelection(AssetSelection):
    """Assets named by key; naming an undefined key is an error at resolve time.

    Examples:
        >>> AssetSelection.keys("a/b").selected_keys
        (AssetKey(['a', 'b']),)
    """

    selected_keys: tuple[AssetKey, ...]

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        found: set[AssetKey] = set()
        for key in self.selected_keys:
            if key in ctx.all_keys:
                found.add(key)
            else:
                ctx.missing.add(key)
        return found

    def needs_parentheses_when_operand(self) -> bool:
        return len(self.selected_keys) > 1

    def to_selection_str(self) -> str:
        return _join_or([key.to_user_string() for key in self.selected_keys])


@dataclass(frozen=True)
class KeyPrefixesAssetSelection(AssetSelection):
    """Assets whose key path starts with one of the prefixes.

    Examples:
        >>> AssetSelection.key_prefixes("a/b").selected_key_prefixes
        (('a', 'b'),)
    """

    selected_key_prefixes: tuple[tuple[str, ...], ...]
    include_sources: bool = False

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        return {
            key
            for key in ctx.base_keys(self.include_sources)
            if any(key.path[: len(prefix)] == prefix for prefix in self.selected_key_prefixes)
        }

    def needs_parentheses_when_operand(self) -> bool:
        return len(self.selected_key_prefixes) > 1

    def to_selection_str(self) -> str:
        return _join_or([f"key_prefix:{format_value('/'.join(p))}" for p in self.selected_key_prefixes])


@dataclass(frozen=True)
class KeySubstringAssetSelection(AssetSelection):
    """Assets whose ``/``-joined key contains a substring.

    Examples:
        >>> AssetSelection.key_substring("users").selected_key_substring
        'users'
    """

    selected_key_substring: str
    include_sources: bool = False

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        text = self.selected_key_substring
        return {key for key in ctx.base_keys(self.include_sources) if text in key.to_user_string()}

    def to_selection_str(self) -> str:
        return f"key_substring:{format_value(self.selected_key_substring)}"


@dataclass(frozen=True)
class KeyWildCardAssetSelection(AssetSelection):
    """Assets whose ``/``-joined key matches an ``fnmatch`` pattern; no match selects nothing.

    Examples:
        >>> str(AssetSelection.from_string("key:raw_*"))
        'key:raw_*'
    """

    selected_key_wildcard: str
    include_sources: bool = False

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        matcher = re.compile(fnmatch.translate(self.selected_key_wildcard))
        return {key for key in ctx.base_keys(self.include_sources) if matcher.match(key.to_user_string())}

    def to_selection_str(self) -> str:
        return f"key:{format_value(self.selected_key_wildcard, pattern=True)}"


@dataclass(frozen=True)
class GroupsAssetSelection(AssetSelection):
    """Assets in any of the groups.

    Examples:
        >>> AssetSelection.groups("raw").selected_groups
        ('raw',)
    """

    selected_groups: tuple[str, ...]
    include_sources: bool = False

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        groups = set(self.selected_groups)
        nodes = ctx.graph.nodes
        return {key for key in ctx.base_keys(self.include_sources) if nodes[key].group_name in groups}

    def needs_parentheses_when_operand(self) -> bool:
        return len(self.selected_groups) > 1

    def to_selection_str(self) -> str:
        return _join_or([f"group:{format_value(group)}" for group in self.selected_groups])


@dataclass(frozen=True)
class TagAssetSelection(AssetSelection):
    """Assets whose tag ``key`` equals ``value``.

    Examples:
        >>> AssetSelection.tag("tier", "gold")
        TagAssetSelection(key='tier', value='gold', include_sources=False)
    """

    key: str
    value: str
    include_sources: bool = False

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        nodes = ctx.graph.nodes
        return {
            key for key in ctx.base_keys(self.include_sources) if nodes[key].tags.get(self.key) == self.value
        }

    def to_selection_str(self) -> str:
        key = format_value(self.key)
        if not self.value:
            return f"tag:{key}"
        return f"tag:{key}={format_value(self.value)}"


@dataclass(frozen=True)
class KindAssetSelection(AssetSelection):
    """Assets of a kind; ``kind_str=None`` selects assets without any kind.

    Examples:
        >>> AssetSelection.kind("dbt")
        KindAssetSelection(kind_str='dbt', include_sources=False)
    """

    kind_str: str | None
    include_sources: bool = False

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        nodes = ctx.graph.nodes
        base = ctx.base_keys(self.include_sources)
        if self.kind_str is None:
            return {
                key
                for key in base
                if not nodes[key].kinds and not any(t.startswith(KIND_TAG_PREFIX) for t in nodes[key].tags)
            }
        tag = KIND_TAG_PREFIX + self.kind_str
        return {key for key in base if self.kind_str in nodes[key].kinds or tag in nodes[key].tags}

    def to_selection_str(self) -> str:
        return "kind:<null>" if self.kind_str is None else f"kind:{format_value(self.kind_str)}"


@dataclass(frozen=True)
class OwnerAssetSelection(AssetSelection):
    """Assets (external ones included) listing an owner.

    Examples:
        >>> AssetSelection.owner("team:data")
        OwnerAssetSelection(selected_owner='team:data')
    """

    selected_owner: str | None

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        nodes = ctx.graph.nodes
        return {key for key in ctx.all_keys if self.selected_owner in nodes[key].owners}

    def to_selection_str(self) -> str:
        return "owner:<null>" if self.selected_owner is None else f"owner:{format_value(self.selected_owner)}"
