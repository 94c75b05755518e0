"""Fixtures for the snapshot tests: the analytics project written to disk and imported."""

import importlib.util
import itertools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from snapshot_project import ENV_USER_VALUE, ENV_USER_VAR, PROJECT_SOURCE

_counter = itertools.count()


@pytest.fixture
def import_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., ModuleType]]:
    """A function importing ``PROJECT_SOURCE`` (or other source) as a fresh module each call."""
    monkeypatch.setenv(ENV_USER_VAR, ENV_USER_VALUE)
    names: list[str] = []

    def load(source: str = PROJECT_SOURCE) -> ModuleType:
        name = f"snapshot_analytics_{next(_counter)}"
        path = tmp_path / f"{name}.py"
        path.write_text(source)
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        names.append(name)
        spec.loader.exec_module(module)
        return module

    yield load
    for name in names:
        sys.modules.pop(name, None)


@pytest.fixture
def project(import_project: Callable[..., ModuleType]) -> ModuleType:
    """The analytics project module; its ``defs`` is the ``Definitions`` under test."""
    return import_project()
