"""Collecting asset definitions from modules and packages."""

import importlib
import pkgutil
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import Any

from ..asset_key import AssetKey
from .asset_checks import AssetChecksDefinition
from .asset_spec import AssetSpec
from .assets_definition import AssetsDefinition


def _module_assets(module: ModuleType) -> list[Any]:
    found = []
    for value in vars(module).values():
        if isinstance(value, (AssetsDefinition, AssetSpec)):
            found.append(value)
        elif (
            isinstance(value, (list, tuple))
            and value
            and all(isinstance(v, (AssetsDefinition, AssetSpec)) for v in value)
        ):
            found.extend(value)
    return found


def _dedupe(values: Iterable[Any]) -> list[Any]:
    seen: dict[int, Any] = {}
    for value in values:
        seen.setdefault(id(value), value)
    return list(seen.values())


def _apply(assets: list[Any], key_prefix: Any, group_name: str | None) -> list[Any]:
    if key_prefix is None and group_name is None:
        return assets
    prefix = [key_prefix] if isinstance(key_prefix, str) else list(key_prefix or [])
    own_keys = {k for a in assets if isinstance(a, AssetsDefinition) for k in a.keys}
    replacements = {k: AssetKey([*prefix, *k.path]) for k in own_keys} if prefix else {}
    out = []
    for a in assets:
        if isinstance(a, AssetsDefinition):
            out.append(a.with_attributes(asset_key_replacements=replacements, group_name=group_name))
        else:
            out.append(
                a.replace_attributes(
                    key=replacements.get(a.key, a.key), group_name=group_name or a.group_name
                )
            )
    return out


def load_assets_from_modules(
    modules: Sequence[ModuleType],
    group_name: str | None = None,
    key_prefix: Any = None,
    include_specs: bool = True,
    **_ignored: Any,
) -> list[Any]:
    """Every asset defined at module level in ``modules`` (each once).

    ``key_prefix`` prefixes the keys of the loaded assets, and the dependencies
    between them; ``group_name`` sets their group.

    Examples:
        >>> import types
        >>> from orchestrator import asset
        >>> m = types.ModuleType("m")
        >>> m.a = asset(lambda: 1, name="a")
        >>> [a.key for a in load_assets_from_modules([m], key_prefix="x")]
        [AssetKey(['x', 'a'])]
    """
    assets = _dedupe(a for m in modules for a in _module_assets(m))
    if not include_specs:
        assets = [a for a in assets if isinstance(a, AssetsDefinition)]
    return _apply(assets, key_prefix, group_name)


def _walk_package(package: ModuleType) -> list[ModuleType]:
    modules = [package]
    path = getattr(package, "__path__", None)
    if path:
        for info in pkgutil.walk_packages(path, prefix=package.__name__ + "."):
            modules.append(importlib.import_module(info.name))
    return modules


def load_assets_from_package_module(
    package_module: ModuleType, group_name: str | None = None, key_prefix: Any = None, **kwargs: Any
) -> list[Any]:
    """Every asset defined in ``package_module`` and its submodules."""
    return load_assets_from_modules(
        _walk_package(package_module), group_name=group_name, key_prefix=key_prefix, **kwargs
    )


def load_assets_from_package_name(
    package_name: str, group_name: str | None = None, key_prefix: Any = None
) -> list[Any]:
    return load_assets_from_package_module(importlib.import_module(package_name), group_name, key_prefix)


def load_asset_checks_from_modules(
    modules: Sequence[ModuleType], asset_key_prefix: Any = None
) -> list[AssetChecksDefinition]:
    """Every ``@asset_check`` defined at module level in ``modules``."""
    checks = _dedupe(v for m in modules for v in vars(m).values() if isinstance(v, AssetChecksDefinition))
    if asset_key_prefix is None:
        return checks
    prefix = [asset_key_prefix] if isinstance(asset_key_prefix, str) else list(asset_key_prefix)
    return [
        c.with_asset_key_replacements({c.asset_key: AssetKey([*prefix, *c.asset_key.path])}) for c in checks
    ]


def load_asset_checks_from_package_module(
    package_module: ModuleType, asset_key_prefix: Any = None
) -> list[AssetChecksDefinition]:
    return load_asset_checks_from_modules(_walk_package(package_module), asset_key_prefix)
