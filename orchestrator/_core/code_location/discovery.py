"""Finding the ``Definitions`` of an imported module, or building one from its module-level definitions."""

import inspect
from types import ModuleType
from typing import Any

from ..definitions.asset_checks import AssetChecksDefinition
from ..definitions.asset_spec import AssetSpec
from ..definitions.assets_definition import AssetsDefinition
from ..definitions.definitions_class import Definitions
from ..definitions.job_definition import JobDefinition, UnresolvedAssetJobDefinition
from ..errors import CodeLocationLoadError

PREFERRED_ATTRIBUTE = "defs"


def _module_label(module: ModuleType) -> str:
    file = getattr(module, "__file__", None)
    return f"module '{module.__name__}'" + (f" ({file})" if file else "")


def definitions_from_attribute(module: ModuleType, attribute: str) -> Definitions:
    """``module.<attribute>``: a ``Definitions``, or a function without parameters returning one.

    Examples:
        >>> import types
        >>> from orchestrator import Definitions
        >>> module = types.ModuleType("m")
        >>> module.make = lambda: Definitions()
        >>> isinstance(definitions_from_attribute(module, "make"), Definitions)
        True
    """
    if not hasattr(module, attribute):
        found = sorted(n for n, v in vars(module).items() if isinstance(v, Definitions))
        hint = f"; Definitions found: {', '.join(found)}" if found else ""
        raise CodeLocationLoadError(f"{_module_label(module)} has no attribute '{attribute}'{hint}")
    value = getattr(module, attribute)
    if inspect.isfunction(value):
        value = value()
    if not isinstance(value, Definitions):
        raise CodeLocationLoadError(
            f"'{attribute}' of {_module_label(module)} is a {type(value).__name__}, not a Definitions"
        )
    return value


def find_definitions(module: ModuleType) -> Definitions:
    """The module's ``Definitions``: the only one, else the one named ``defs``.

    Without any, one is built from the module-level assets, asset checks, jobs,
    schedules and sensors (also those in module-level lists), as Dagster does.

    Raises:
        CodeLocationLoadError: if several ``Definitions`` exist and none is ``defs``, or
            the module defines nothing at all.

    Examples:
        >>> import types
        >>> from orchestrator import asset
        >>> module = types.ModuleType("m")
        >>> module.a = asset(lambda: 1, name="a")
        >>> [k.to_user_string() for k in find_definitions(module).get_asset_graph().keys]
        ['a']
    """
    by_identity: dict[int, list[str]] = {}
    objects: dict[int, Definitions] = {}
    for name, value in vars(module).items():
        if isinstance(value, Definitions):
            by_identity.setdefault(id(value), []).append(name)
            objects[id(value)] = value
    if len(objects) == 1:
        return next(iter(objects.values()))
    if objects:
        preferred = getattr(module, PREFERRED_ATTRIBUTE, None)
        if isinstance(preferred, Definitions):
            return preferred
        names = sorted(", ".join(sorted(names)) for names in by_identity.values())
        raise CodeLocationLoadError(
            f"{_module_label(module)} has {len(objects)} Definitions objects ({'; '.join(names)}): "
            f"name the one to load with attribute (-a), or call it '{PREFERRED_ATTRIBUTE}'"
        )
    return definitions_from_module_objects(module)


def _is_schedule_or_sensor(value: Any) -> str | None:
    from ..automation import ScheduleDefinition, SensorDefinition

    if isinstance(value, ScheduleDefinition):
        return "schedules"
    if isinstance(value, SensorDefinition):
        return "sensors"
    return None


def _kind(value: Any) -> str | None:
    if isinstance(value, (AssetsDefinition, AssetSpec)):
        return "assets"
    if isinstance(value, AssetChecksDefinition):
        return "asset_checks"
    if isinstance(value, (JobDefinition, UnresolvedAssetJobDefinition)):
        return "jobs"
    return _is_schedule_or_sensor(value)


def module_level_definitions(module: ModuleType) -> dict[str, list[Any]]:
    """Module-level definitions by ``Definitions`` argument, each object once, in name order.

    Lists and tuples holding only definitions count too (``all_assets = [...]``).

    Examples:
        >>> import types
        >>> from orchestrator import asset, define_asset_job
        >>> module = types.ModuleType("m")
        >>> module.a = asset(lambda: 1, name="a")
        >>> module.group = [module.a]
        >>> module.job = define_asset_job("everything")
        >>> {k: len(v) for k, v in module_level_definitions(module).items() if v}
        {'assets': 1, 'jobs': 1}
    """
    found: dict[str, list[Any]] = {
        "assets": [],
        "asset_checks": [],
        "jobs": [],
        "schedules": [],
        "sensors": [],
    }
    seen: set[int] = set()
    for name in sorted(vars(module)):
        value = vars(module)[name]
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        kinds = [_kind(item) for item in items]
        if not items or any(kind is None for kind in kinds):
            continue
        for item, kind in zip(items, kinds, strict=True):
            if id(item) not in seen and kind is not None:
                seen.add(id(item))
                found[kind].append(item)
    return found


def definitions_from_module_objects(module: ModuleType) -> Definitions:
    """A ``Definitions`` of everything defined at module level in ``module``."""
    found = module_level_definitions(module)
    if not any(found.values()):
        raise CodeLocationLoadError(
            f"{_module_label(module)} defines no Definitions and no assets, asset checks, jobs, "
            "schedules or sensors at module level"
        )
    try:
        return Definitions(
            assets=found["assets"],
            asset_checks=found["asset_checks"],
            jobs=found["jobs"],
            schedules=found["schedules"],
            sensors=found["sensors"],
        )
    except Exception as exc:
        exc.add_note(
            f"While building Definitions from the module-level definitions of {_module_label(module)}"
        )
        raise
