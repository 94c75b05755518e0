"""Importing user code by module name or file path, optionally dropping its earlier imports first."""

import contextlib
import hashlib
import importlib
import importlib.util
import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

# Imports change ``sys.modules`` and ``sys.path``: one location loads at a time per process.
IMPORT_LOCK = threading.RLock()

_NEVER_DROPPED = frozenset({"orchestrator", "__main__"}) | frozenset(sys.stdlib_module_names)

# Origin key -> names of the modules that loading that origin added to ``sys.modules``.
_IMPORTED_BY: dict[str, set[str]] = {}


def prepend_sys_path(directory: str) -> None:
    """Put ``directory`` first on ``sys.path`` (moving it there if it is already listed)."""
    directory = os.path.abspath(directory)
    while directory in sys.path:
        sys.path.remove(directory)
    sys.path.insert(0, directory)


def _is_user_module(name: str) -> bool:
    """Whether ``name`` is a module of user code: a source file that is not an installed package."""
    if name.split(".")[0] in _NEVER_DROPPED:
        return False
    file = getattr(sys.modules.get(name), "__file__", None)
    if not isinstance(file, str):
        return False
    return not any(part in ("site-packages", "dist-packages") for part in Path(file).parts)


def forget_modules(names: Iterable[str], *, package: str | None = None) -> list[str]:
    """Remove user modules among ``names`` (and every module of ``package``) from ``sys.modules``.

    Installed packages, the standard library and the SDK are never removed, so a
    later import reads only the user's source files again (their cached bytecode is
    deleted too). Returns the removed names.
    """
    root = package.split(".")[0] if package and package.split(".")[0] not in _NEVER_DROPPED else None
    dropped = {n for n in names if n in sys.modules and _is_user_module(n)}
    if root is not None:
        dropped.update(n for n in sys.modules if n == root or n.startswith(root + "."))
    for name in dropped:
        _discard_bytecode(sys.modules.pop(name, None))
    importlib.invalidate_caches()
    return sorted(dropped)


def _discard_bytecode(module: ModuleType | None) -> None:
    """Delete the cached bytecode of ``module``'s source file.

    Bytecode is reused when the source's size and modification second are unchanged,
    which misses an edit made within the same second that keeps the size.
    """
    file = getattr(module, "__file__", None)
    if not isinstance(file, str) or not file.endswith(".py"):
        return
    with contextlib.suppress(OSError, NotImplementedError, ValueError):
        os.remove(importlib.util.cache_from_source(file))


def _recording(key: str, import_fn: Callable[[], ModuleType]) -> ModuleType:
    """Run ``import_fn`` and remember which modules it added, even when it fails."""
    before = set(sys.modules)
    try:
        return import_fn()
    finally:
        _IMPORTED_BY.setdefault(key, set()).update(set(sys.modules) - before)


def import_module(module_name: str, *, working_directory: str, reload: bool) -> ModuleType:
    """Import ``module_name`` with ``working_directory`` first on ``sys.path``.

    With ``reload``, the module's top-level package and every user module an earlier
    load of it imported are dropped first, so changed source files are read again.
    """
    key = f"module:{module_name}"
    with IMPORT_LOCK:
        prepend_sys_path(working_directory)
        if reload:
            forget_modules(_IMPORTED_BY.pop(key, ()), package=module_name)
        return _recording(key, lambda: importlib.import_module(module_name))


def file_module_name(path: str) -> str:
    """The module name a file is imported under: its stem, unless another module already has it.

    Examples:
        >>> file_module_name("/nonexistent/my_defs.py")
        'my_defs'
    """
    stem = Path(path).stem
    existing = sys.modules.get(stem)
    if existing is None or _same_file(getattr(existing, "__file__", None), path):
        return stem
    digest = hashlib.sha1(os.path.abspath(path).encode("utf-8")).hexdigest()[:10]
    return f"_orchestrator_location_{digest}_{stem}"


def _same_file(a: str | None, b: str) -> bool:
    return a is not None and os.path.abspath(a) == os.path.abspath(b)


def import_file(path: str, *, working_directory: str | None, reload: bool) -> ModuleType:
    """Import the Python file ``path`` as a module, with its directory first on ``sys.path``.

    With ``reload``, the file and every user module an earlier load of it imported
    are dropped first, so changed source files are read again.
    """
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"Python file not found: {path}")
    key = f"file:{path}"
    with IMPORT_LOCK:
        if working_directory:
            prepend_sys_path(working_directory)
        prepend_sys_path(os.path.dirname(path))
        if reload:
            forget_modules(_IMPORTED_BY.pop(key, ()))
        name = file_module_name(path)
        existing = sys.modules.get(name)
        if existing is not None and not reload:
            return existing
        return _recording(key, lambda: _exec_file(name, path))


def _exec_file(name: str, path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"Cannot import {path}: not a Python source file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module
