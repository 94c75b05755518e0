"""Where a code location comes from: a module, a Python file or the ``pyproject.toml`` settings."""

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CodeLocationLoadError

PYPROJECT_SECTIONS = ("orchestrator", "dagster")


@dataclass(frozen=True)
class CodeLocationOrigin:
    """How to import a code location: a module or a file, from a working directory.

    Examples:
        >>> origin = CodeLocationOrigin(kind="module", location_name="my_pipeline", module_name="my_pipeline")
        >>> origin.to_json()["kind"], origin.to_json()["module_name"]
        ('module', 'my_pipeline')
    """

    kind: str
    location_name: str
    module_name: str | None = None
    python_file: str | None = None
    working_directory: str | None = None
    attribute: str | None = None
    pyproject: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "location_name": self.location_name,
            "module_name": self.module_name,
            "python_file": self.python_file,
            "working_directory": self.working_directory,
            "attribute": self.attribute,
            "pyproject": self.pyproject,
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "CodeLocationOrigin":
        return CodeLocationOrigin(
            kind=data["kind"],
            location_name=data["location_name"],
            module_name=data.get("module_name"),
            python_file=data.get("python_file"),
            working_directory=data.get("working_directory"),
            attribute=data.get("attribute"),
            pyproject=data.get("pyproject"),
        )

    def describe(self) -> str:
        """``module 'x'`` or ``file '/path/x.py'``, for messages."""
        if self.kind == "python_file":
            return f"file '{self.python_file}'"
        return f"module '{self.module_name}'"


def _abspath(path: str | None) -> str | None:
    return os.path.abspath(path) if path else None


def resolve_origin(
    *,
    module_name: str | None,
    python_file: str | None,
    working_directory: str | None,
    attribute: str | None,
    pyproject_dir: str | None,
    location_name: str | None,
) -> CodeLocationOrigin:
    """The origin that the ``load_code_location`` arguments describe.

    Raises:
        CodeLocationLoadError: if both a module and a file are given, or neither is and
            ``pyproject.toml`` does not name a module.
    """
    if module_name and python_file:
        raise CodeLocationLoadError("Pass a module (-m) or a Python file (-f), not both")
    if module_name:
        return CodeLocationOrigin(
            kind="module",
            location_name=location_name or module_name,
            module_name=module_name,
            working_directory=_abspath(working_directory or os.getcwd()),
            attribute=attribute,
        )
    if python_file:
        path = os.path.abspath(python_file)
        return CodeLocationOrigin(
            kind="python_file",
            location_name=location_name or Path(path).stem,
            python_file=path,
            working_directory=_abspath(working_directory),
            attribute=attribute,
        )
    return origin_from_pyproject(
        pyproject_dir or os.getcwd(),
        working_directory=working_directory,
        attribute=attribute,
        location_name=location_name,
    )


def origin_from_pyproject(
    directory: str,
    *,
    working_directory: str | None = None,
    attribute: str | None = None,
    location_name: str | None = None,
) -> CodeLocationOrigin:
    """The origin named by ``[tool.orchestrator]`` (or ``[tool.dagster]``) in ``directory/pyproject.toml``.

    The section's ``module_name`` is required; ``attribute``, ``working_directory``
    (relative to the file; default its directory) and ``code_location_name`` are
    optional. Arguments given here win over the file's settings.

    Raises:
        CodeLocationLoadError: if the file is missing, unreadable, or names no module.
    """
    path = Path(directory).resolve() / "pyproject.toml"
    if not path.is_file():
        raise CodeLocationLoadError(
            f"No code location given: pass a module (-m) or a Python file (-f), or set "
            f"[tool.orchestrator] module_name in {path} (which does not exist)"
        )
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    tool = data.get("tool", {})
    section_name = next((s for s in PYPROJECT_SECTIONS if isinstance(tool.get(s), dict)), None)
    section: dict[str, Any] = tool.get(section_name, {}) if section_name else {}
    module_name = section.get("module_name")
    if not isinstance(module_name, str) or not module_name:
        raise CodeLocationLoadError(f"{path} has no [tool.orchestrator] (or [tool.dagster]) module_name")
    configured_wd = section.get("working_directory")
    wd = working_directory or (str(path.parent / configured_wd) if configured_wd else str(path.parent))
    return CodeLocationOrigin(
        kind="module",
        location_name=location_name or section.get("code_location_name") or module_name,
        module_name=module_name,
        working_directory=os.path.abspath(wd),
        attribute=attribute or section.get("attribute"),
        pyproject=str(path),
    )
