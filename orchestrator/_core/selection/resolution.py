"""State shared while resolving one selection against one ``AssetGraph``."""

import difflib
from collections.abc import Iterable, Set

from ..asset_graph import AssetGraph
from ..asset_key import AssetKey

_MAX_KEYS_WITH_SUGGESTIONS = 10
_MAX_SUGGESTIONS = 5


class ResolveContext:
    """The graph being resolved against, cached key sets, and keys named but not defined.

    Examples:
        >>> from orchestrator._core.asset_graph import AssetNode
        >>> ctx = ResolveContext(AssetGraph([AssetNode(AssetKey("a"), is_materializable=False)]))
        >>> sorted(k.to_user_string() for k in ctx.base_keys(include_sources=True))
        ['a']
        >>> ctx.base_keys(include_sources=False)
        frozenset()
    """

    def __init__(self, graph: AssetGraph):
        self.graph = graph
        self.all_keys: frozenset[AssetKey] = frozenset(graph.nodes)
        self.missing: set[AssetKey] = set()
        self._materializable: frozenset[AssetKey] | None = None

    @property
    def materializable(self) -> frozenset[AssetKey]:
        """Keys of assets that can be materialized (everything but external assets)."""
        if self._materializable is None:
            self._materializable = frozenset(
                key for key, node in self.graph.nodes.items() if node.is_materializable
            )
        return self._materializable

    def base_keys(self, include_sources: bool) -> frozenset[AssetKey]:
        """All keys when ``include_sources``, otherwise only materializable ones."""
        return self.all_keys if include_sources else self.materializable

    def upstream(self, keys: Set[AssetKey], depth: int | None) -> set[AssetKey]:
        """``keys`` plus defined ancestors within ``depth`` hops (breadth-first, linear time)."""
        return self.graph.upstream(keys, depth) & self.all_keys

    def downstream(self, keys: Set[AssetKey], depth: int | None) -> set[AssetKey]:
        """``keys`` plus defined descendants within ``depth`` hops (breadth-first, linear time)."""
        return self.graph.downstream(keys, depth) & self.all_keys

    def strict_ancestors(self, keys: Set[AssetKey]) -> set[AssetKey]:
        """Every key reachable upstream from ``keys`` through at least one edge."""
        starts = {parent for key in keys for parent in self.graph.parents(key)}
        return self.graph.upstream(starts)

    def strict_descendants(self, keys: Set[AssetKey]) -> set[AssetKey]:
        """Every key reachable downstream from ``keys`` through at least one edge."""
        starts = {child for key in keys for child in self.graph.children(key)}
        return self.graph.downstream(starts)


def similar_keys(missing: AssetKey, candidates: Iterable[AssetKey]) -> list[AssetKey]:
    """Defined keys a user may have meant instead of ``missing``, best first.

    Keys sharing the last path part come first, then close spellings (``difflib``).

    Examples:
        >>> names = [AssetKey("raw_users"), AssetKey(["warehouse", "users"]), AssetKey("orders")]
        >>> [k.to_user_string() for k in similar_keys(AssetKey("raw_usres"), names)]
        ['raw_users']
        >>> [k.to_user_string() for k in similar_keys(AssetKey("users"), names)]
        ['warehouse/users', 'raw_users']
    """
    by_string = {key.to_user_string(): key for key in candidates if key != missing}
    same_name = sorted(key for key in by_string.values() if key.name == missing.name)
    close = difflib.get_close_matches(
        missing.to_user_string(), list(by_string), n=_MAX_SUGGESTIONS, cutoff=0.6
    )
    result = list(same_name)
    for text in close:
        if by_string[text] not in result:
            result.append(by_string[text])
    return result[:_MAX_SUGGESTIONS]


def unknown_keys_message(missing: Iterable[AssetKey], defined: Iterable[AssetKey]) -> str:
    """The ``InvalidSubsetError`` message for keys that were selected but are not defined.

    Examples:
        >>> message = unknown_keys_message([AssetKey("raw_usrs")], [AssetKey("raw_users")])
        >>> print(message.splitlines()[0][:53])
        AssetKey(s) ['raw_usrs'] were selected, but no assets
        >>> for line in message.splitlines()[2:]:
        ...     print(line)
        For selected asset raw_usrs, did you mean one of the following?
            raw_users
    """
    missing_sorted = sorted(set(missing))
    defined_keys = list(defined)
    names = [key.to_user_string() for key in missing_sorted]
    message = (
        f"AssetKey(s) {names} were selected, but no assets with these keys are defined. "
        "Make sure all keys are spelled correctly and all assets are added to the `Definitions`."
    )
    for key in missing_sorted[:_MAX_KEYS_WITH_SUGGESTIONS]:
        suggestions = similar_keys(key, defined_keys)
        if suggestions:
            listed = ", ".join(s.to_user_string() for s in suggestions)
            message += (
                f"\n\nFor selected asset {key.to_user_string()}, did you mean one of the following?"
                f"\n    {listed}"
            )
    return message
