"""``AssetSelection``: an immutable, hashable query over the assets of an ``AssetGraph``."""

import warnings
from abc import ABC, abstractmethod
from collections.abc import Sequence, Set
from typing import TYPE_CHECKING, Any, Union

from ..asset_graph import AssetGraph
from ..asset_key import AssetKey
from ..errors import InvalidSubsetError
from .coercion import (
    CoercibleToAssetKeyPrefix,
    as_asset_graph,
    check_depth,
    coerce_asset_keys,
    coerce_key_prefix,
)
from .resolution import ResolveContext, unknown_keys_message

if TYPE_CHECKING:
    from .leaves import (
        AllAssetCheckSelection,
        AllSelection,
        GroupsAssetSelection,
        KeyPrefixesAssetSelection,
        KeysAssetSelection,
        KeySubstringAssetSelection,
    )
    from .operations import (
        AndAssetSelection,
        DownstreamAssetSelection,
        MaterializableAssetSelection,
        OrAssetSelection,
        ParentSourcesAssetSelection,
        RequiredNeighborsAssetSelection,
        RootsAssetSelection,
        SinksAssetSelection,
        SubtractAssetSelection,
        UpstreamAssetSelection,
    )

CoercibleToAssetSelection = Union[str, Sequence[str], Sequence[AssetKey], Sequence[Any], "AssetSelection"]


class AssetSelection(ABC):
    """A query over the assets of a project, combined with ``|``, ``&`` and ``-``.

    Selections are immutable and hashable; nothing is looked up until
    :meth:`resolve` is called with an ``AssetGraph``.

    Examples:
        >>> str(AssetSelection.groups("marketing") | AssetSelection.assets("promotion"))
        'group:marketing, promotion'
        >>> str(AssetSelection.groups("marketing") & AssetSelection.assets("leads").downstream())
        'group:marketing and leads*'
        >>> str(AssetSelection.all() - AssetSelection.groups("marketing"))
        'not group:marketing'
        >>> AssetSelection.keys("a/b") == AssetSelection.keys(["a", "b"])
        True
    """

    @staticmethod
    def all(include_sources: bool = False) -> "AllSelection":
        """Every materializable asset; with ``include_sources`` also every external asset.

        Args:
            include_sources: If True, also select external (non-materializable) assets.

        Examples:
            >>> str(AssetSelection.all())
            '*'
        """
        from .leaves import AllSelection

        return AllSelection(include_sources=include_sources)

    @staticmethod
    def all_asset_checks() -> "AllAssetCheckSelection":
        """All asset checks; selects no assets, so ``sel - all_asset_checks()`` keeps ``sel``.

        Examples:
            >>> str(AssetSelection.groups("g") - AssetSelection.all_asset_checks())
            'group:g'
        """
        from .leaves import AllAssetCheckSelection

        return AllAssetCheckSelection()

    @staticmethod
    def assets(*assets_defs: Any) -> "KeysAssetSelection":
        """The given assets: definitions (``.keys`` or ``.key``), specs, keys or key strings.

        Args:
            *assets_defs: Asset definitions, ``AssetSpec``-like objects, ``AssetKey``s,
                ``"a/b"`` strings or sequences of key parts.

        Examples:
            >>> str(AssetSelection.assets("a", AssetKey(["b", "c"])))
            'a, b/c'
        """
        from .leaves import KeysAssetSelection

        return KeysAssetSelection(selected_keys=coerce_asset_keys(assets_defs))

    @staticmethod
    def keys(*asset_keys: Any) -> "KeysAssetSelection":
        """The assets with the given keys (``AssetKey``, ``"a/b"`` string or sequence of parts).

        Args:
            *asset_keys: The keys to select.

        Examples:
            >>> str(AssetSelection.keys("warehouse/users", ["raw", "events"]))
            'warehouse/users, raw/events'
        """
        from .leaves import KeysAssetSelection

        return KeysAssetSelection(selected_keys=coerce_asset_keys(asset_keys))

    @staticmethod
    def key_prefixes(
        *key_prefixes: CoercibleToAssetKeyPrefix, include_sources: bool = False
    ) -> "KeyPrefixesAssetSelection":
        """Assets whose key path starts with any prefix (``"a/b"`` or ``["a", "b"]``).

        Args:
            *key_prefixes: Prefixes as ``/``-separated strings or sequences of parts.
            include_sources: If True, also select matching external assets.

        Examples:
            >>> str(AssetSelection.key_prefixes("warehouse", ["marts", "daily"]))
            'key_prefix:warehouse, key_prefix:marts/daily'
        """
        from .leaves import KeyPrefixesAssetSelection

        prefixes = tuple(coerce_key_prefix(p) for p in key_prefixes)
        return KeyPrefixesAssetSelection(selected_key_prefixes=prefixes, include_sources=include_sources)

    @staticmethod
    def key_substring(key_substring: str, include_sources: bool = False) -> "KeySubstringAssetSelection":
        """Assets whose ``/``-joined key contains ``key_substring``.

        Args:
            key_substring: Text to look for, e.g. ``"b/c"``.
            include_sources: If True, also select matching external assets.

        Examples:
            >>> str(AssetSelection.key_substring("users"))
            'key_substring:users'
        """
        from .leaves import KeySubstringAssetSelection

        return KeySubstringAssetSelection(
            selected_key_substring=key_substring, include_sources=include_sources
        )

    @staticmethod
    def groups(*group_strs: str, include_sources: bool = False) -> "GroupsAssetSelection":
        """Materializable assets in any of the given groups.

        Args:
            *group_strs: Group names.
            include_sources: If True, also select external assets in those groups.

        Examples:
            >>> str(AssetSelection.groups("raw", "marts"))
            'group:raw, group:marts'
        """
        from .leaves import GroupsAssetSelection

        for group in group_strs:
            if not isinstance(group, str):
                raise TypeError(f"Group names must be strings, got {group!r}")
        return GroupsAssetSelection(selected_groups=tuple(group_strs), include_sources=include_sources)

    @staticmethod
    def tag(key: str, value: str, include_sources: bool = False) -> "AssetSelection":
        """Materializable assets whose tag ``key`` equals ``value``.

        Args:
            key: Tag key.
            value: Tag value; ``""`` selects key-only ("label") tags.
            include_sources: If True, also select matching external assets.

        Examples:
            >>> str(AssetSelection.tag("tier", "gold"))
            'tag:tier=gold'
        """
        from .leaves import TagAssetSelection

        return TagAssetSelection(key=key, value=value, include_sources=include_sources)

    @staticmethod
    def tag_string(string: str, include_sources: bool = False) -> "AssetSelection":
        """Like :meth:`tag`, from ``"key=value"`` or ``"key"`` (which means value ``""``).

        Args:
            string: ``"key=value"`` or ``"key"``.
            include_sources: If True, also select matching external assets.

        Raises:
            InvalidSubsetError: If ``string`` holds more than one ``=`` or an empty key.

        Examples:
            >>> AssetSelection.tag_string("tier=gold") == AssetSelection.tag("tier", "gold")
            True
            >>> AssetSelection.tag_string("pii") == AssetSelection.tag("pii", "")
            True
        """
        parts = string.split("=")
        if len(parts) > 2 or not parts[0]:
            raise InvalidSubsetError(
                f"Invalid tag selection string: {string!r}. Use 'key' or 'key=value' with one '='."
            )
        return AssetSelection.tag(parts[0], parts[1] if len(parts) == 2 else "", include_sources)

    @staticmethod
    def kind(kind: str | None, include_sources: bool = False) -> "AssetSelection":
        """Materializable assets of the given kind (``None``: assets without any kind).

        Args:
            kind: Kind name such as ``"snowflake"``, or ``None``.
            include_sources: If True, also select matching external assets.

        Examples:
            >>> str(AssetSelection.kind("dbt"))
            'kind:dbt'
        """
        from .leaves import KindAssetSelection

        return KindAssetSelection(kind_str=kind, include_sources=include_sources)

    @staticmethod
    def owner(owner: str | None) -> "AssetSelection":
        """Assets (external ones included) that list ``owner`` among their owners.

        Args:
            owner: An owner such as ``"alice@example.com"`` or ``"team:data"``.

        Examples:
            >>> str(AssetSelection.owner("team:data"))
            'owner:team:data'
        """
        from .leaves import OwnerAssetSelection

        return OwnerAssetSelection(selected_owner=owner)

    @classmethod
    def from_string(cls, string: str, include_sources: bool = False) -> "AssetSelection":
        """Parse the selection syntax shared by the CLI and the REST API.

        See :func:`orchestrator._core.selection.parser.parse_selection` for the grammar.

        Args:
            string: e.g. ``"*marts/summary, group:raw"``.
            include_sources: If True, filters such as ``group:`` also select external assets.

        Raises:
            InvalidSubsetError: If the text is empty or a clause is malformed.

        Examples:
            >>> str(AssetSelection.from_string("+a++, group:raw"))
            '+a, a++, group:raw'
        """
        from .parser import parse_selection

        return parse_selection(string, include_sources=include_sources)

    @classmethod
    def from_coercible(cls, selection: CoercibleToAssetSelection) -> "AssetSelection":
        """Turn what a ``selection=`` argument accepts into an ``AssetSelection``.

        A selection passes through; a string is parsed; a sequence of strings is the union of
        each parsed; keys, definitions and specs (alone or in a sequence) select those assets.

        Args:
            selection: Any value described above.

        Raises:
            TypeError: If ``selection`` is none of these.

        Examples:
            >>> str(AssetSelection.from_coercible(["a", "group:raw"]))
            'a, group:raw'
            >>> str(AssetSelection.from_coercible([AssetKey(["a", "b"])]))
            'a/b'
        """
        from .coercion import selection_from_coercible

        return selection_from_coercible(selection)

    def upstream(self, depth: int | None = None, include_self: bool = True) -> "UpstreamAssetSelection":
        """Materializable assets upstream of this selection, up to ``depth`` hops.

        External assets are never included; use :meth:`upstream_source_assets` for them.

        Args:
            depth: Number of levels to walk; ``None`` walks to the roots.
            include_self: If False, drop the assets of this selection from the result.

        Examples:
            >>> str(AssetSelection.keys("a").upstream(depth=2))
            '++a'
        """
        from .operations import UpstreamAssetSelection

        check_depth(depth)
        return UpstreamAssetSelection(child=self, depth=depth, include_self=include_self)

    def downstream(self, depth: int | None = None, include_self: bool = True) -> "DownstreamAssetSelection":
        """Assets downstream of this selection, up to ``depth`` hops.

        Args:
            depth: Number of levels to walk; ``None`` walks to the sinks.
            include_self: If False, drop the assets of this selection from the result.

        Examples:
            >>> str(AssetSelection.keys("a").downstream())
            'a*'
        """
        from .operations import DownstreamAssetSelection

        check_depth(depth)
        return DownstreamAssetSelection(child=self, depth=depth, include_self=include_self)

    def sinks(self) -> "SinksAssetSelection":
        """Assets of this selection with no downstream assets inside the selection.

        Examples:
            >>> str(AssetSelection.groups("g").sinks())
            'sinks(group:g)'
        """
        from .operations import SinksAssetSelection

        return SinksAssetSelection(child=self)

    def roots(self) -> "RootsAssetSelection":
        """Assets of this selection with no upstream assets inside the selection.

        Examples:
            >>> str(AssetSelection.groups("g").roots())
            'roots(group:g)'
        """
        from .operations import RootsAssetSelection

        return RootsAssetSelection(child=self)

    def sources(self) -> "RootsAssetSelection":
        """Deprecated alias of :meth:`roots`.

        Examples:
            >>> AssetSelection.groups("g").sources()  # doctest: +SKIP
        """
        warnings.warn(
            "AssetSelection.sources() is deprecated; use AssetSelection.roots() instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.roots()

    def materializable(self) -> "MaterializableAssetSelection":
        """This selection without external (non-materializable) assets.

        Examples:
            >>> str(AssetSelection.all(include_sources=True).materializable())
            'materializable(*)'
        """
        from .operations import MaterializableAssetSelection

        return MaterializableAssetSelection(child=self)

    def upstream_source_assets(self) -> "ParentSourcesAssetSelection":
        """External assets upstream of (or in) this selection.

        Examples:
            >>> str(AssetSelection.keys("a").upstream_source_assets())
            'upstream_sources(a)'
        """
        from .operations import ParentSourcesAssetSelection

        return ParentSourcesAssetSelection(child=self)

    def required_multi_asset_neighbors(self) -> "RequiredNeighborsAssetSelection":
        """This selection plus assets that must run with it (outputs of non-subsettable multi-assets).

        Examples:
            >>> str(AssetSelection.keys("a").required_multi_asset_neighbors())
            'a'
        """
        from .operations import RequiredNeighborsAssetSelection

        return RequiredNeighborsAssetSelection(child=self)

    def without_checks(self) -> "AssetSelection":
        """This selection without asset checks (assets are unchanged).

        Examples:
            >>> str(AssetSelection.groups("g").without_checks())
            'group:g'
        """
        return self - AssetSelection.all_asset_checks()

    def __or__(self, other: "AssetSelection") -> "OrAssetSelection":
        from .operations import OrAssetSelection

        if not isinstance(other, AssetSelection):
            return NotImplemented
        operands: list[AssetSelection] = []
        for selection in (self, other):
            if isinstance(selection, OrAssetSelection):
                operands.extend(selection.operands)
            else:
                operands.append(selection)
        return OrAssetSelection(operands=tuple(operands))

    def __and__(self, other: "AssetSelection") -> "AndAssetSelection":
        from .operations import AndAssetSelection

        if not isinstance(other, AssetSelection):
            return NotImplemented
        operands: list[AssetSelection] = []
        for selection in (self, other):
            if isinstance(selection, AndAssetSelection):
                operands.extend(selection.operands)
            else:
                operands.append(selection)
        return AndAssetSelection(operands=tuple(operands))

    def __sub__(self, other: "AssetSelection") -> "SubtractAssetSelection":
        from .operations import SubtractAssetSelection

        if not isinstance(other, AssetSelection):
            return NotImplemented
        return SubtractAssetSelection(left=self, right=other)

    def __bool__(self) -> bool:
        return True

    def resolve(self, all_assets: Any, allow_missing: bool = False) -> set[AssetKey]:
        """The keys of the assets in ``all_assets`` that this selection matches.

        Args:
            all_assets: An ``AssetGraph``, an object holding one (``get_asset_graph()``,
                ``resolve_asset_graph()``, ``.asset_graph`` or ``.graph``), or ``AssetNode``s.
            allow_missing: If True, keys named explicitly but not defined are ignored.

        Raises:
            InvalidSubsetError: If keys named explicitly (``keys()``, ``assets()``, an exact
                key in a string) are not defined; the message lists them all and suggests
                close matches.

        Examples:
            >>> from orchestrator._core.asset_graph import AssetNode
            >>> a, b = AssetKey("a"), AssetKey("b")
            >>> graph = AssetGraph([AssetNode(a), AssetNode(b, deps=frozenset({a}))])
            >>> sorted(k.to_user_string() for k in AssetSelection.keys("b").upstream().resolve(graph))
            ['a', 'b']
        """
        ctx = ResolveContext(as_asset_graph(all_assets))
        keys = set(self._resolve(ctx))
        if ctx.missing and not allow_missing:
            raise InvalidSubsetError(unknown_keys_message(ctx.missing, ctx.all_keys))
        return keys

    @abstractmethod
    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        """Matched keys; the returned set must not be mutated by the caller."""

    def to_serializable_asset_selection(self, asset_graph: AssetGraph) -> "AssetSelection":
        """A plain key selection holding what this selection resolves to in ``asset_graph``.

        Examples:
            >>> from orchestrator._core.asset_graph import AssetNode
            >>> graph = AssetGraph([AssetNode(AssetKey("a"))])
            >>> str(AssetSelection.all().to_serializable_asset_selection(graph))
            'a'
        """
        return AssetSelection.keys(*sorted(self.resolve(asset_graph)))

    @abstractmethod
    def to_selection_str(self) -> str:
        """A readable form; for selections built from the string syntax it parses back.

        Examples:
            >>> AssetSelection.keys("a").upstream(1).to_selection_str()
            '+a'
        """

    def needs_parentheses_when_operand(self) -> bool:
        """Whether this selection's string must be parenthesised inside a larger expression."""
        return False

    def operand_to_selection_str(self) -> str:
        """The string form, parenthesised when needed as an operand of ``and``/``not``."""
        text = self.to_selection_str()
        return f"({text})" if self.needs_parentheses_when_operand() else text

    def __str__(self) -> str:
        return self.to_selection_str()
