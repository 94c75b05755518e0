"""Fixtures for the code-location tests: projects written to ``tmp_path``, imports undone afterwards."""

import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def undo_imports(tmp_path: Path) -> Iterator[None]:
    """Restore ``sys.path`` and forget modules imported from ``tmp_path`` after each test."""
    saved_path = list(sys.path)
    yield
    sys.path[:] = saved_path
    base = str(tmp_path.resolve())
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if isinstance(file, str) and str(Path(file).resolve()).startswith(base):
            del sys.modules[name]


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented ``source`` to ``tmp_path / relative`` (creating folders) and return the path."""

    def write_file(relative: str, source: str) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip())
        return path

    return write_file
