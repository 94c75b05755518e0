"""Selections built from other selections: set operators and graph traversals."""

from collections.abc import Sequence, Set
from dataclasses import dataclass

from ..asset_key import AssetKey
from .base import AssetSelection
from .leaves import AllAssetCheckSelection, AllSelection
from .resolution import ResolveContext


@dataclass(frozen=True)
class OrAssetSelection(AssetSelection):
    """Union of the operands; ``a | b | c`` builds one flat ``OrAssetSelection``.

    Examples:
        >>> len((AssetSelection.keys("a") | AssetSelection.keys("b") | AssetSelection.keys("c")).operands)
        3
    """

    operands: tuple[AssetSelection, ...]

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        result: set[AssetKey] = set()
        for operand in self.operands:
            result |= operand._resolve(ctx)
        return result

    def needs_parentheses_when_operand(self) -> bool:
        return len(self.operands) > 1

    def to_selection_str(self) -> str:
        return ", ".join(operand.to_selection_str() for operand in self.operands) or "<none>"


def union_of(selections: Sequence[AssetSelection]) -> AssetSelection:
    """One flat union of ``selections`` in linear time (``a | b | ...`` copies operands each step).

    Examples:
        >>> union_of([AssetSelection.keys("a"), AssetSelection.keys("b")]) == (
        ...     AssetSelection.keys("a") | AssetSelection.keys("b")
        ... )
        True
    """
    if len(selections) == 1:
        return selections[0]
    operands: list[AssetSelection] = []
    for selection in selections:
        if isinstance(selection, OrAssetSelection):
            operands.extend(selection.operands)
        else:
            operands.append(selection)
    return OrAssetSelection(operands=tuple(operands))


@dataclass(frozen=True)
class AndAssetSelection(AssetSelection):
    """Intersection of the operands.

    Examples:
        >>> str(AssetSelection.groups("g") & AssetSelection.kind("dbt"))
        'group:g and kind:dbt'
    """

    operands: tuple[AssetSelection, ...]

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        results = [operand._resolve(ctx) for operand in self.operands]
        if not results:
            return frozenset()
        result = set(results[0])
        for other in results[1:]:
            result &= other
        return result

    def needs_parentheses_when_operand(self) -> bool:
        return True

    def to_selection_str(self) -> str:
        return " and ".join(operand.operand_to_selection_str() for operand in self.operands)


@dataclass(frozen=True)
class SubtractAssetSelection(AssetSelection):
    """Assets of ``left`` that are not in ``right``.

    Examples:
        >>> str(AssetSelection.groups("g") - AssetSelection.keys("a"))
        'group:g and not a'
    """

    left: AssetSelection
    right: AssetSelection

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        left = self.left._resolve(ctx)
        return set(left) - set(self.right._resolve(ctx))

    def needs_parentheses_when_operand(self) -> bool:
        return (
            not isinstance(self.right, AllAssetCheckSelection) or self.left.needs_parentheses_when_operand()
        )

    def to_selection_str(self) -> str:
        if isinstance(self.right, AllAssetCheckSelection):
            return self.left.to_selection_str()
        if isinstance(self.left, AllSelection):
            return f"not {self.right.operand_to_selection_str()}"
        return f"{self.left.operand_to_selection_str()} and not {self.right.operand_to_selection_str()}"


@dataclass(frozen=True)
class ChainedAssetSelection(AssetSelection):
    """Base of selections computed from the result of one ``child`` selection.

    Examples:
        >>> AssetSelection.keys("a").sinks().child == AssetSelection.keys("a")
        True
    """

    child: AssetSelection

    def _child_str(self) -> str:
        child = self.child
        text = child.to_selection_str()
        nested = isinstance(child, (UpstreamAssetSelection, DownstreamAssetSelection))
        return f"({text})" if nested or child.needs_parentheses_when_operand() else text

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        return self.child._resolve(ctx)

    def to_selection_str(self) -> str:
        return self.child.to_selection_str()


def _traversal_str(base: str, child: AssetSelection, include_self: bool) -> str:
    if include_self:
        return base
    return f"{base} and not {child.operand_to_selection_str()}"


@dataclass(frozen=True)
class UpstreamAssetSelection(ChainedAssetSelection):
    """The child and its materializable ancestors up to ``depth`` hops (breadth-first).

    Examples:
        >>> str(AssetSelection.keys("a").upstream())
        '*a'
    """

    depth: int | None = None
    include_self: bool = True

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        selected = self.child._resolve(ctx)
        if not selected:
            return frozenset()
        result = ctx.upstream(selected, self.depth)
        if not self.include_self:
            result -= selected
        return result & ctx.materializable

    def needs_parentheses_when_operand(self) -> bool:
        return not self.include_self

    def to_selection_str(self) -> str:
        ops = "*" if self.depth is None else "+" * self.depth
        return _traversal_str(f"{ops}{self._child_str()}", self.child, self.include_self)


@dataclass(frozen=True)
class DownstreamAssetSelection(ChainedAssetSelection):
    """The child and its descendants up to ``depth`` hops (breadth-first).

    Examples:
        >>> str(AssetSelection.keys("a").downstream(depth=1))
        'a+'
    """

    depth: int | None = None
    include_self: bool = True

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        selected = self.child._resolve(ctx)
        if not selected:
            return frozenset()
        result = ctx.downstream(selected, self.depth)
        if not self.include_self:
            result -= selected
        return result

    def needs_parentheses_when_operand(self) -> bool:
        return not self.include_self

    def to_selection_str(self) -> str:
        ops = "*" if self.depth is None else "+" * self.depth
        return _traversal_str(f"{self._child_str()}{ops}", self.child, self.include_self)


@dataclass(frozen=True)
class SinksAssetSelection(ChainedAssetSelection):
    """Assets of the child with no descendant inside the child's result.

    Examples:
        >>> str(AssetSelection.all().sinks())
        'sinks(*)'
    """

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        selected = self.child._resolve(ctx)
        return set(selected) - ctx.strict_ancestors(selected)

    def to_selection_str(self) -> str:
        return f"sinks({self.child.to_selection_str()})"


@dataclass(frozen=True)
class RootsAssetSelection(ChainedAssetSelection):
    """Assets of the child with no ancestor inside the child's result.

    Examples:
        >>> str(AssetSelection.all().roots())
        'roots(*)'
    """

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        selected = self.child._resolve(ctx)
        return set(selected) - ctx.strict_descendants(selected)

    def to_selection_str(self) -> str:
        return f"roots({self.child.to_selection_str()})"


@dataclass(frozen=True)
class MaterializableAssetSelection(ChainedAssetSelection):
    """The child without external assets.

    Examples:
        >>> str(AssetSelection.keys("a").materializable())
        'materializable(a)'
    """

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        return set(self.child._resolve(ctx)) & ctx.materializable

    def to_selection_str(self) -> str:
        return f"materializable({self.child.to_selection_str()})"


@dataclass(frozen=True)
class ParentSourcesAssetSelection(ChainedAssetSelection):
    """External assets among the child and its ancestors.

    Examples:
        >>> str(AssetSelection.keys("a").upstream_source_assets())
        'upstream_sources(a)'
    """

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        selected = self.child._resolve(ctx)
        if not selected:
            return frozenset()
        return ctx.upstream(selected, None) - ctx.materializable

    def to_selection_str(self) -> str:
        return f"upstream_sources({self.child.to_selection_str()})"


@dataclass(frozen=True)
class RequiredNeighborsAssetSelection(ChainedAssetSelection):
    """The child plus assets that must execute with it (``execution_set_asset_keys`` of a node).

    Examples:
        >>> str(AssetSelection.keys("a").required_multi_asset_neighbors())
        'a'
    """

    def _resolve(self, ctx: ResolveContext) -> Set[AssetKey]:
        selected = self.child._resolve(ctx)
        result = set(selected)
        for key in selected:
            result.update(getattr(ctx.graph.nodes[key], "execution_set_asset_keys", ()) or ())
        return result & ctx.all_keys
