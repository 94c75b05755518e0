"""Selections over large graphs resolve correctly with a linear number of graph lookups."""

import pytest
from selection_graphs import node

from orchestrator._core.asset_graph import AssetGraph, AssetNode
from orchestrator._core.asset_key import AssetKey
from orchestrator._core.selection import AssetSelection, parse_selection

N = 10_000


class CountingGraph(AssetGraph):
    """Counts adjacency lookups, the unit of work of every traversal."""

    def __init__(self, nodes: list[AssetNode]):
        super().__init__(nodes)
        self.lookups = 0

    def parents(self, key: AssetKey) -> frozenset[AssetKey]:
        self.lookups += 1
        return super().parents(key)

    def children(self, key: AssetKey) -> set[AssetKey]:
        self.lookups += 1
        return super().children(key)


def chain(n: int) -> CountingGraph:
    """``n0 -> n1 -> ... -> n{n-1}``."""
    return CountingGraph([node(f"n{i}", deps=[f"n{i - 1}"] if i else []) for i in range(n)])


@pytest.fixture(scope="module")
def big_chain() -> CountingGraph:
    return chain(N)


def _check_linear(graph: CountingGraph, selection: AssetSelection) -> set[AssetKey]:
    graph.lookups = 0
    result = selection.resolve(graph)
    assert graph.lookups <= 4 * N
    return result


def test_star_last_selects_whole_chain(big_chain):
    result = _check_linear(big_chain, parse_selection(f"*n{N - 1}"))
    assert result == set(big_chain.nodes)


def test_first_star_selects_whole_chain(big_chain):
    result = _check_linear(big_chain, parse_selection("n0*"))
    assert len(result) == N


def test_both_directions_from_the_middle(big_chain):
    result = _check_linear(big_chain, parse_selection(f"*n{N // 2}*"))
    assert len(result) == N


def test_depth_limited_walk_on_chain(big_chain):
    result = _check_linear(big_chain, AssetSelection.keys(f"n{N - 1}").upstream(depth=3))
    assert {k.to_user_string() for k in result} == {f"n{N - 1}", f"n{N - 2}", f"n{N - 3}", f"n{N - 4}"}


def test_roots_and_sinks_of_whole_chain(big_chain):
    assert _check_linear(big_chain, AssetSelection.all().roots()) == {AssetKey("n0")}
    assert _check_linear(big_chain, AssetSelection.all().sinks()) == {AssetKey(f"n{N - 1}")}


def test_roots_and_sinks_of_every_other_node(big_chain):
    every_other = AssetSelection.keys(*(f"n{i}" for i in range(0, N, 2)))
    assert _check_linear(big_chain, every_other.roots()) == {AssetKey("n0")}
    assert _check_linear(big_chain, every_other.sinks()) == {AssetKey(f"n{N - 2}")}


def test_union_of_many_clauses(big_chain):
    text = ", ".join(f"n{i}" for i in range(N))
    result = _check_linear(big_chain, parse_selection(text))
    assert len(result) == N


def test_wide_fan_out():
    graph = CountingGraph([node("hub"), *(node(f"leaf{i}", deps=["hub"]) for i in range(N))])
    graph.lookups = 0
    assert len(AssetSelection.keys("hub").downstream(depth=1).resolve(graph)) == N + 1
    assert AssetSelection.all().sinks().resolve(graph) == set(graph.nodes) - {AssetKey("hub")}
    assert AssetSelection.all().roots().resolve(graph) == {AssetKey("hub")}
    assert graph.lookups <= 10 * N
