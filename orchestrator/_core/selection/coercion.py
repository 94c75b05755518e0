"""Turning keys, definitions, prefixes and ``selection=`` arguments into selection parts."""

from collections.abc import Iterable, Mapping, Sequence, Set
from typing import TYPE_CHECKING, Any, Union

from ..asset_graph import AssetGraph, AssetNode
from ..asset_key import AssetKey
from ..errors import InvalidSubsetError

if TYPE_CHECKING:
    from .base import AssetSelection

CoercibleToAssetKeyPrefix = Union[str, Sequence[str]]


def is_asset_like(value: object) -> bool:
    """Whether ``value`` looks like an asset definition (``.keys``) or a spec (``.key``).

    Examples:
        >>> class Spec:
        ...     key = AssetKey("a")
        >>> is_asset_like(Spec()), is_asset_like({"a": 1}), is_asset_like("a")
        (True, False, False)
    """
    keys = getattr(value, "keys", None)
    if keys is not None and not callable(keys):
        return True
    return isinstance(getattr(value, "key", None), AssetKey)


def coerce_asset_keys(values: Iterable[Any]) -> tuple[AssetKey, ...]:
    """Keys from keys, ``"a/b"`` strings, part sequences, definitions (``.keys``) or specs (``.key``).

    Examples:
        >>> coerce_asset_keys(["a/b", ["c"], AssetKey("d")])
        (AssetKey(['a', 'b']), AssetKey(['c']), AssetKey(['d']))
    """
    result: list[AssetKey] = []
    for value in values:
        if isinstance(value, AssetKey):
            result.append(value)
        elif isinstance(value, str):
            result.append(AssetKey.from_user_string(value))
        elif (keys := getattr(value, "keys", None)) is not None and not callable(keys):
            coerced = [AssetKey.from_coercible(key) for key in keys]
            # Unordered collections are sorted so equal selections print and compare the same.
            result.extend(sorted(coerced) if isinstance(keys, Set) else coerced)
        else:
            result.append(AssetKey.from_coercible(value))
    return tuple(result)


def coerce_key_prefix(prefix: CoercibleToAssetKeyPrefix) -> tuple[str, ...]:
    """Parts of a key prefix given as ``"a/b"``, ``["a", "b"]`` or an ``AssetKey``.

    Examples:
        >>> coerce_key_prefix("a/b"), coerce_key_prefix(["a"])
        (('a', 'b'), ('a',))
    """
    if isinstance(prefix, str):
        parts: tuple[str, ...] = tuple(prefix.split("/"))
    elif isinstance(prefix, AssetKey):
        parts = prefix.path
    else:
        parts = tuple(prefix)
    if not parts or not all(isinstance(p, str) and p for p in parts):
        raise InvalidSubsetError(f"Invalid asset key prefix: {prefix!r}")
    return parts


def check_depth(depth: int | None) -> None:
    """Reject depths that are not ``None`` or a non-negative ``int``.

    Examples:
        >>> check_depth(-1)
        Traceback (most recent call last):
        ...
        ValueError: depth must be a non-negative int or None, got -1
    """
    if depth is not None and (not isinstance(depth, int) or isinstance(depth, bool) or depth < 0):
        raise ValueError(f"depth must be a non-negative int or None, got {depth!r}")


def as_asset_graph(all_assets: Any) -> AssetGraph:
    """An ``AssetGraph`` from a graph, an object holding one (``Definitions``, an asset layer) or nodes.

    Examples:
        >>> len(as_asset_graph([AssetNode(AssetKey("a"))]).nodes)
        1
    """
    if isinstance(all_assets, AssetGraph):
        return all_assets
    for method in ("get_asset_graph", "resolve_asset_graph"):
        get_graph = getattr(all_assets, method, None)
        if callable(get_graph) and isinstance(graph := get_graph(), AssetGraph):
            return graph
    for attribute in ("asset_graph", "graph"):
        if isinstance(graph := getattr(all_assets, attribute, None), AssetGraph):
            return graph
    if isinstance(all_assets, Iterable):
        nodes = list(all_assets)
        if all(isinstance(node, AssetNode) for node in nodes):
            return AssetGraph(nodes)
    raise TypeError(
        f"Cannot resolve an asset selection against {type(all_assets).__name__}; pass an AssetGraph"
    )


def selection_from_coercible(selection: Any) -> "AssetSelection":
    """Implementation of ``AssetSelection.from_coercible``.

    Examples:
        >>> str(selection_from_coercible(("a", "b+")))
        'a, b+'
    """
    from .base import AssetSelection
    from .operations import union_of

    if isinstance(selection, AssetSelection):
        return selection
    if isinstance(selection, str):
        return AssetSelection.from_string(selection)
    if isinstance(selection, AssetKey) or is_asset_like(selection):
        return AssetSelection.assets(selection)
    if isinstance(selection, Iterable) and not isinstance(selection, (bytes, Mapping)):
        items = list(selection)
        if not any(isinstance(item, (str, AssetSelection)) for item in items):
            return AssetSelection.assets(*items)
        return union_of([selection_from_coercible(item) for item in items])
    raise TypeError(
        "selection must be an AssetSelection, a str, or a sequence of str, AssetKey or asset "
        f"definitions; got {type(selection).__name__}"
    )
