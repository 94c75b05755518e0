"""Asset selection: the ``AssetSelection`` query API and its string syntax."""

from .base import AssetSelection, CoercibleToAssetSelection
from .coercion import CoercibleToAssetKeyPrefix
from .leaves import (
    AllAssetCheckSelection,
    AllSelection,
    GroupsAssetSelection,
    KeyPrefixesAssetSelection,
    KeysAssetSelection,
    KeySubstringAssetSelection,
    KeyWildCardAssetSelection,
    KindAssetSelection,
    OwnerAssetSelection,
    TagAssetSelection,
)
from .operations import (
    AndAssetSelection,
    ChainedAssetSelection,
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
from .parser import parse_selection

__all__ = [
    "AllAssetCheckSelection",
    "AllSelection",
    "AndAssetSelection",
    "AssetSelection",
    "ChainedAssetSelection",
    "CoercibleToAssetKeyPrefix",
    "CoercibleToAssetSelection",
    "DownstreamAssetSelection",
    "GroupsAssetSelection",
    "KeyPrefixesAssetSelection",
    "KeySubstringAssetSelection",
    "KeyWildCardAssetSelection",
    "KeysAssetSelection",
    "KindAssetSelection",
    "MaterializableAssetSelection",
    "OrAssetSelection",
    "OwnerAssetSelection",
    "ParentSourcesAssetSelection",
    "RequiredNeighborsAssetSelection",
    "RootsAssetSelection",
    "SinksAssetSelection",
    "SubtractAssetSelection",
    "TagAssetSelection",
    "UpstreamAssetSelection",
    "parse_selection",
]
