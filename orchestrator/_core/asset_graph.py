"""``AssetGraph``: plain data about assets and their dependencies.

Built from definitions in-process and from a stored snapshot on the server, so
selection and planning work the same in both places without importing user code.
"""

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .asset_key import AssetKey
from .errors import InvalidDefinitionError


@dataclass(frozen=True)
class AssetNode:
    """What selection and planning need to know about one asset."""

    key: AssetKey
    deps: frozenset[AssetKey] = frozenset()
    group_name: str = "default"
    tags: Mapping[str, str] = field(default_factory=dict)
    kinds: frozenset[str] = frozenset()
    owners: tuple[str, ...] = ()
    is_materializable: bool = True
    partitions_def: Any = None


class AssetGraph:
    """Nodes by key with parent and child adjacency.

    Examples:
        >>> g = AssetGraph([AssetNode(AssetKey("a")), AssetNode(AssetKey("b"), deps=frozenset({AssetKey("a")}))])
        >>> [k.to_user_string() for k in g.toposort(g.keys)]
        ['a', 'b']
    """

    def __init__(self, nodes: Iterable[AssetNode]):
        self.nodes: dict[AssetKey, AssetNode] = {}
        for node in nodes:
            self.nodes[node.key] = node
        self._children: dict[AssetKey, set[AssetKey]] = {k: set() for k in self.nodes}
        for node in self.nodes.values():
            for dep in node.deps:
                self._children.setdefault(dep, set()).add(node.key)

    @property
    def keys(self) -> set[AssetKey]:
        return set(self.nodes)

    def __contains__(self, key: object) -> bool:
        return key in self.nodes

    def get(self, key: AssetKey) -> AssetNode:
        return self.nodes[key]

    def parents(self, key: AssetKey) -> frozenset[AssetKey]:
        node = self.nodes.get(key)
        return node.deps if node else frozenset()

    def children(self, key: AssetKey) -> set[AssetKey]:
        return self._children.get(key, set())

    def upstream(self, keys: Iterable[AssetKey], depth: int | None = None) -> set[AssetKey]:
        """``keys`` and their ancestors up to ``depth`` hops (all when ``None``)."""
        return self._walk(keys, self.parents, depth)

    def downstream(self, keys: Iterable[AssetKey], depth: int | None = None) -> set[AssetKey]:
        """``keys`` and their descendants up to ``depth`` hops (all when ``None``)."""
        return self._walk(keys, self.children, depth)

    @staticmethod
    def _walk(keys: Iterable[AssetKey], step: Any, depth: int | None) -> set[AssetKey]:
        seen = set(keys)
        queue = deque((k, 0) for k in seen)
        while queue:
            key, d = queue.popleft()
            if depth is not None and d >= depth:
                continue
            for nxt in step(key):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append((nxt, d + 1))
        return seen

    def toposort(self, keys: Iterable[AssetKey]) -> list[AssetKey]:
        """``keys`` ordered so each comes after its parents within the set (stable by key).

        Raises:
            InvalidDefinitionError: if the dependencies among ``keys`` form a cycle,
                naming the assets on it.
        """
        wanted = set(keys)
        indegree = {k: sum(1 for p in self.parents(k) if p in wanted) for k in wanted}
        ready = sorted(k for k, n in indegree.items() if n == 0)
        order: list[AssetKey] = []
        queue = deque(ready)
        while queue:
            key = queue.popleft()
            order.append(key)
            released = []
            for child in self.children(key):
                if child in indegree:
                    indegree[child] -= 1
                    if indegree[child] == 0:
                        released.append(child)
            queue.extend(sorted(released))
        if len(order) != len(wanted):
            raise InvalidDefinitionError(
                "Dependency cycle between assets: " + " -> ".join(self._find_cycle(wanted - set(order)))
            )
        return order

    def _find_cycle(self, remaining: set[AssetKey]) -> list[str]:
        start = min(remaining)
        path: list[AssetKey] = []
        index: dict[AssetKey, int] = {}
        key = start
        while key not in index:
            index[key] = len(path)
            path.append(key)
            key = min(p for p in self.parents(key) if p in remaining)
        cycle = [*path[index[key] :], key]
        return [k.to_user_string() for k in reversed(cycle)]
