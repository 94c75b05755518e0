"""``CodeLocation`` and ``load_code_location``: import user code and keep its load error, never raising it."""

import importlib
import os
import threading
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..definitions.definitions_class import Definitions
from ..errors import CodeLocationLoadError
from .discovery import definitions_from_attribute, find_definitions
from .importing import import_file, import_module
from .origin import CodeLocationOrigin, resolve_origin

_HIDDEN_DIRS = (
    os.path.dirname(os.path.abspath(__file__)),
    os.path.dirname(os.path.abspath(importlib.__file__)),
)


def _is_noise(filename: str) -> bool:
    """Frames of the import machinery and of this loader, which say nothing about the user's code."""
    return (
        filename.startswith("<frozen importlib") or os.path.dirname(os.path.abspath(filename)) in _HIDDEN_DIRS
    )


def _strip_frames(te: traceback.TracebackException, seen: set[int]) -> None:
    if id(te) in seen:
        return
    seen.add(id(te))
    te.stack = traceback.StackSummary.from_list([f for f in te.stack if not _is_noise(f.filename)])
    for chained in (te.__cause__, te.__context__):
        if chained is not None:
            _strip_frames(chained, seen)


def format_load_error(exc: BaseException) -> str:
    """The formatted traceback of ``exc``, without the frames of the import machinery and this loader.

    Examples:
        >>> try:
        ...     raise ValueError("bad")
        ... except ValueError as e:
        ...     print(format_load_error(e).splitlines()[-1])
        ValueError: bad
    """
    te = traceback.TracebackException.from_exception(exc)
    _strip_frames(te, set())
    return "".join(te.format())


def load_error_info(exc: BaseException, origin_label: str) -> dict[str, str]:
    """``{"message", "cls", "traceback"}`` describing why a code location failed to load."""
    detail = str(exc) or type(exc).__name__
    return {
        "message": f"Error loading {origin_label}: {type(exc).__name__}: {detail}",
        "cls": type(exc).__name__,
        "traceback": format_load_error(exc),
    }


class CodeLocation:
    """A loaded (or failed) code location: its name, origin, ``Definitions`` and load error.

    Exactly one of ``definitions`` and ``load_error`` is None. ``origin`` is plain
    JSON; ``load_code_location_from_origin(origin)`` loads the location again.

    Examples:
        >>> loc = load_code_location(module_name="no_such_module_anywhere")
        >>> loc.definitions is None, loc.load_error["cls"]
        (True, 'ModuleNotFoundError')
    """

    def __init__(
        self,
        *,
        name: str,
        origin: Mapping[str, Any],
        definitions: Definitions | None,
        load_error: Mapping[str, str] | None = None,
    ):
        self.name = name
        self.origin = dict(origin)
        self.definitions = definitions
        self.load_error = dict(load_error) if load_error is not None else None
        self._snapshot: Any = None
        self._lock = threading.Lock()

    @property
    def is_loaded(self) -> bool:
        """Whether the code loaded and its ``Definitions`` validated."""
        return self.definitions is not None

    def raise_for_error(self) -> Definitions:
        """The ``Definitions``, or raise ``CodeLocationLoadError`` with the load error and traceback."""
        if self.definitions is None:
            error = self.load_error or {
                "message": f"Code location '{self.name}' is not loaded",
                "traceback": "",
            }
            raise CodeLocationLoadError(error["message"], traceback=error.get("traceback", ""))
        return self.definitions

    def snapshot(self) -> Any:
        """The ``DefinitionsSnapshot`` of this location (computed once).

        Raises:
            CodeLocationLoadError: if the location failed to load.
        """
        definitions = self.raise_for_error()
        with self._lock:
            if self._snapshot is None:
                from ..snapshot import DefinitionsSnapshot

                self._snapshot = DefinitionsSnapshot.from_definitions(definitions, location_name=self.name)
            return self._snapshot

    def reload(self) -> "CodeLocation":
        """Load this location again from its origin, reading changed source files."""
        return load_code_location_from_origin(self.origin)

    def __repr__(self) -> str:
        state = "loaded" if self.is_loaded else "failed"
        return f"<CodeLocation {self.name} ({state})>"


def _load(origin: CodeLocationOrigin, reload: bool) -> CodeLocation:
    try:
        if origin.kind == "python_file":
            assert origin.python_file is not None
            module = import_file(
                origin.python_file, working_directory=origin.working_directory, reload=reload
            )
        else:
            assert origin.module_name is not None
            working_directory = origin.working_directory or os.getcwd()
            module = import_module(origin.module_name, working_directory=working_directory, reload=reload)
        if origin.attribute:
            definitions = definitions_from_attribute(module, origin.attribute)
        else:
            definitions = find_definitions(module)
    except (Exception, SystemExit) as exc:
        label = f"code location '{origin.location_name}' from {origin.describe()}"
        return CodeLocation(
            name=origin.location_name,
            origin=origin.to_json(),
            definitions=None,
            load_error=load_error_info(exc, label),
        )
    return CodeLocation(name=origin.location_name, origin=origin.to_json(), definitions=definitions)


def load_code_location(
    *,
    module_name: str | None = None,
    python_file: str | None = None,
    working_directory: str | None = None,
    attribute: str | None = None,
    pyproject_dir: str | None = None,
    location_name: str | None = None,
    reload: bool = True,
) -> CodeLocation:
    """Import a code location and find its ``Definitions``; failures become ``load_error``.

    The code is a module (``module_name``, imported with ``working_directory`` —
    default the current directory — first on ``sys.path``), a Python file
    (``python_file``, with its directory first on ``sys.path``) or, when neither is
    given, the ``module_name`` of ``[tool.orchestrator]`` (or ``[tool.dagster]``) in
    ``<pyproject_dir or cwd>/pyproject.toml``. The ``Definitions`` is ``attribute``
    when given, else the module's only ``Definitions`` (``defs`` when there are
    several), else one built from the module-level definitions.

    Import errors, syntax errors, invalid definitions and missing modules do not
    raise: the returned location has ``definitions=None`` and ``load_error`` holds
    ``{"message", "cls", "traceback"}``. With ``reload`` (the default) the module's
    package and the user modules an earlier load imported are dropped from
    ``sys.modules`` first (installed packages never are), so changed source files
    are read again.

    Raises:
        CodeLocationLoadError: only when both ``module_name`` and ``python_file`` are given.

    Examples:
        >>> loc = load_code_location(python_file="/nonexistent/defs.py")
        >>> loc.name, loc.load_error["cls"]
        ('defs', 'FileNotFoundError')
    """
    if module_name and python_file:
        raise CodeLocationLoadError("Pass a module (-m) or a Python file (-f), not both")
    try:
        origin = resolve_origin(
            module_name=module_name,
            python_file=python_file,
            working_directory=working_directory,
            attribute=attribute,
            pyproject_dir=pyproject_dir,
            location_name=location_name,
        )
    except Exception as exc:
        return _origin_failure(exc, pyproject_dir, location_name)
    return _load(origin, reload)


def _origin_failure(exc: Exception, pyproject_dir: str | None, location_name: str | None) -> CodeLocation:
    directory = Path(pyproject_dir or os.getcwd()).resolve()
    path = str(directory / "pyproject.toml")
    name = location_name or directory.name
    origin = {"kind": "pyproject", "location_name": name, "pyproject": path}
    error = load_error_info(exc, f"code location '{name}' from {path}")
    return CodeLocation(name=name, origin=origin, definitions=None, load_error=error)


def load_code_location_or_raise(**kwargs: Any) -> CodeLocation:
    """``load_code_location(**kwargs)``, raising ``CodeLocationLoadError`` when it fails (for the CLI).

    Raises:
        CodeLocationLoadError: with the load error's message and ``.traceback``.

    Examples:
        >>> try:
        ...     load_code_location_or_raise(module_name="no_such_module_anywhere")
        ... except CodeLocationLoadError as exc:
        ...     print(exc.traceback.splitlines()[-1])
        ModuleNotFoundError: No module named 'no_such_module_anywhere'
    """
    location = load_code_location(**kwargs)
    location.raise_for_error()
    return location


def load_code_location_from_origin(origin: Mapping[str, Any], *, reload: bool = True) -> CodeLocation:
    """Load a code location again from the ``origin`` of an earlier ``CodeLocation``.

    Examples:
        >>> first = load_code_location(module_name="no_such_module_anywhere")
        >>> load_code_location_from_origin(first.origin).name
        'no_such_module_anywhere'
    """
    if origin.get("kind") == "pyproject":
        pyproject = origin.get("pyproject")
        return load_code_location(
            pyproject_dir=os.path.dirname(pyproject) if pyproject else None,
            location_name=origin.get("location_name"),
            reload=reload,
        )
    return _load(CodeLocationOrigin.from_json(origin), reload)
