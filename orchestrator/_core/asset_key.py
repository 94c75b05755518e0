"""``AssetKey``: the hierarchical, hashable identity of an asset."""

import re
from collections.abc import Iterable, Sequence
from typing import Any, Union

_VALID_PART = re.compile(r"^[A-Za-z0-9_\-.]+$")


class AssetKey:
    """A path of strings naming an asset, e.g. ``AssetKey(["warehouse", "users"])``.

    Examples:
        >>> AssetKey("raw_users").to_user_string()
        'raw_users'
        >>> AssetKey(["warehouse", "users"]).to_user_string()
        'warehouse/users'
        >>> AssetKey.from_user_string("a/b") == AssetKey(["a", "b"])
        True
    """

    __slots__ = ("_hash", "path")

    def __init__(self, path: Union[str, Sequence[str]]):
        if isinstance(path, str):
            parts: tuple[str, ...] = (path,)
        else:
            parts = tuple(path)
        if not parts:
            raise ValueError("AssetKey path must not be empty")
        for part in parts:
            if not isinstance(part, str) or not _VALID_PART.match(part):
                raise ValueError(f"Invalid asset key part {part!r}: use letters, digits, '_', '-' or '.'")
        object.__setattr__(self, "path", parts)
        object.__setattr__(self, "_hash", hash(parts))

    path: tuple[str, ...]
    _hash: int

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("AssetKey is immutable")

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AssetKey) and other.path == self.path

    def __lt__(self, other: "AssetKey") -> bool:
        return self.path < other.path

    def __repr__(self) -> str:
        return f"AssetKey({list(self.path)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (AssetKey, (list(self.path),))

    def to_user_string(self) -> str:
        """The key as users type it: parts joined with ``/``."""
        return "/".join(self.path)

    def to_string(self) -> str:
        """Alias of :meth:`to_user_string` kept for ported code."""
        return self.to_user_string()

    def to_python_identifier(self, suffix: str | None = None) -> str:
        """A valid Python identifier derived from the key (used for node names)."""
        name = "__".join(self.path).replace("-", "_").replace(".", "_")
        return f"{name}_{suffix}" if suffix else name

    @property
    def name(self) -> str:
        """The last part of the path."""
        return self.path[-1]

    def with_prefix(self, prefix: Union[str, Sequence[str]]) -> "AssetKey":
        """A new key with ``prefix`` prepended."""
        pre = [prefix] if isinstance(prefix, str) else list(prefix)
        return AssetKey([*pre, *self.path])

    def has_prefix(self, prefix: Sequence[str]) -> bool:
        return self.path[: len(prefix)] == tuple(prefix)

    @staticmethod
    def from_user_string(value: str) -> "AssetKey":
        """Parse ``a/b/c`` into ``AssetKey(["a", "b", "c"])``."""
        return AssetKey(value.split("/"))

    @staticmethod
    def from_coercible(value: "CoercibleToAssetKey") -> "AssetKey":
        """Accept an ``AssetKey``, a ``str`` (``/``-separated) or a sequence of parts."""
        if isinstance(value, AssetKey):
            return value
        if isinstance(value, str):
            return AssetKey.from_user_string(value)
        if isinstance(value, (list, tuple)):
            return AssetKey(list(value))
        key = getattr(value, "key", None)
        if isinstance(key, AssetKey):
            return key
        raise TypeError(f"Cannot interpret {value!r} as an asset key")


CoercibleToAssetKey = Union[AssetKey, str, Sequence[str]]


def keys_from(values: Iterable[Any]) -> list[AssetKey]:
    """Coerce each value (key, string, asset definition, spec) into an ``AssetKey``."""
    return [AssetKey.from_coercible(v) for v in values]
