"""A broken code location becomes a load error naming the user's file and line; it never raises."""

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from orchestrator import CodeLocationLoadError
from orchestrator._core.code_location import load_code_location, load_code_location_or_raise

Write = Callable[[str, str], Path]


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


IMPORT_ERROR = """
    from orchestrator import Definitions
    import not_a_real_package_for_tests

    defs = Definitions()
"""

SYNTAX_ERROR = """
    from orchestrator import Definitions, asset

    @asset
    def broken(:
        return 1
"""

CYCLE = """
    from orchestrator import Definitions, asset


    @asset
    def a(b):
        return b


    @asset
    def b(a):
        return a


    defs = Definitions(assets=[a, b])
"""

MISSING_RESOURCE = """
    from orchestrator import ConfigurableResource, Definitions, asset


    class Warehouse(ConfigurableResource):
        url: str


    @asset
    def users(warehouse: Warehouse):
        return []


    defs = Definitions(assets=[users])
"""

CASES = {
    "import_error": (
        IMPORT_ERROR,
        "ModuleNotFoundError",
        "import not_a_real_package_for_tests",
        "not_a_real",
    ),
    "syntax_error": (SYNTAX_ERROR, "SyntaxError", "def broken(:", "invalid syntax"),
    "cycle": (CYCLE, "InvalidDefinitionError", "defs = Definitions", "Dependency cycle between assets"),
    "missing_resource": (MISSING_RESOURCE, "ResourceNotFoundError", "defs = Definitions", "'warehouse'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_error_in_a_file_names_the_file_and_line(write: Write, case: str) -> None:
    source, cls, line_text, message_part = CASES[case]
    path = write(f"broken_{case}.py", source)
    location = load_code_location(python_file=str(path))
    assert location.definitions is None
    assert not location.is_loaded
    error = location.load_error
    assert error is not None
    assert sorted(error) == ["cls", "message", "traceback"]
    assert error["cls"] == cls
    assert error["message"].startswith(
        f"Error loading code location 'broken_{case}' from file '{path}': {cls}: "
    )
    assert message_part in error["message"]
    assert f'File "{path}", line {_line_of(path, line_text)}' in error["traceback"]
    assert "<frozen importlib" not in error["traceback"]
    assert error["traceback"].rstrip().splitlines()[-1].split(":")[0].split(".")[-1] == cls


@pytest.mark.parametrize("case", sorted(CASES))
def test_error_in_a_package_module_names_the_file(tmp_path: Path, write: Write, case: str) -> None:
    source, cls, line_text, _ = CASES[case]
    write(f"pkg_{case}/__init__.py", "from .definitions import defs\n")
    path = write(f"pkg_{case}/definitions.py", source)
    location = load_code_location(module_name=f"pkg_{case}", working_directory=str(tmp_path))
    assert location.load_error is not None
    assert location.load_error["cls"] == cls
    assert f'File "{path}", line {_line_of(path, line_text)}' in location.load_error["traceback"]


def test_cycle_in_module_level_assets_without_definitions(write: Write) -> None:
    path = write("loose_cycle.py", CYCLE.replace("defs = Definitions(assets=[a, b])", ""))
    location = load_code_location(python_file=str(path))
    assert location.load_error is not None
    assert location.load_error["cls"] == "InvalidDefinitionError"
    assert "Dependency cycle between assets" in location.load_error["message"]
    assert f"module-level definitions of module 'loose_cycle' ({path})" in location.load_error["traceback"]


def test_missing_module(tmp_path: Path) -> None:
    location = load_code_location(module_name="no_such_module_for_tests", working_directory=str(tmp_path))
    assert location.name == "no_such_module_for_tests"
    assert location.load_error is not None
    assert location.load_error["cls"] == "ModuleNotFoundError"
    assert location.load_error["message"] == (
        "Error loading code location 'no_such_module_for_tests' from module 'no_such_module_for_tests': "
        "ModuleNotFoundError: No module named 'no_such_module_for_tests'"
    )


def test_missing_file(tmp_path: Path) -> None:
    location = load_code_location(python_file=str(tmp_path / "absent_defs.py"))
    assert location.name == "absent_defs"
    assert location.load_error is not None
    assert location.load_error["cls"] == "FileNotFoundError"


def test_module_without_any_definitions(write: Write) -> None:
    path = write("empty_defs.py", "VALUE = 1\n")
    location = load_code_location(python_file=str(path))
    assert location.load_error is not None
    assert "defines no Definitions and no assets" in location.load_error["message"]


def test_error_raised_by_user_code_at_import(write: Write) -> None:
    path = write(
        "raising_defs.py",
        """
        import sys

        raise RuntimeError("warehouse unreachable")
        """,
    )
    location = load_code_location(python_file=str(path))
    assert location.load_error is not None
    assert location.load_error["cls"] == "RuntimeError"
    assert f'File "{path}", line 3' in location.load_error["traceback"]


def test_sys_exit_at_import_is_a_load_error(write: Write) -> None:
    path = write("exiting_defs.py", "import sys\n\nsys.exit(3)\n")
    location = load_code_location(python_file=str(path))
    assert location.load_error is not None
    assert location.load_error["cls"] == "SystemExit"


def test_no_pyproject(tmp_path: Path) -> None:
    location = load_code_location(pyproject_dir=str(tmp_path))
    assert location.load_error is not None
    assert location.load_error["cls"] == "CodeLocationLoadError"
    assert "pass a module (-m) or a Python file (-f)" in location.load_error["message"]
    assert location.origin == {
        "kind": "pyproject",
        "location_name": tmp_path.name,
        "pyproject": str(tmp_path / "pyproject.toml"),
    }


def test_pyproject_without_module_name(tmp_path: Path, write: Write) -> None:
    write("pyproject.toml", "[tool.orchestrator]\nattribute = 'defs'\n")
    location = load_code_location(pyproject_dir=str(tmp_path))
    assert location.load_error is not None
    assert "has no [tool.orchestrator] (or [tool.dagster]) module_name" in location.load_error["message"]


def test_invalid_pyproject(tmp_path: Path, write: Write) -> None:
    write("pyproject.toml", "[tool.orchestrator\n")
    location = load_code_location(pyproject_dir=str(tmp_path))
    assert location.load_error is not None
    assert location.load_error["cls"] == "TOMLDecodeError"


def test_or_raise_raises_with_the_traceback(write: Write) -> None:
    path = write("raise_cycle.py", CYCLE)
    with pytest.raises(CodeLocationLoadError, match="Dependency cycle between assets") as info:
        load_code_location_or_raise(python_file=str(path))
    assert f'File "{path}", line {_line_of(path, "defs = Definitions")}' in info.value.traceback


def test_a_fixed_file_loads_after_an_error(write: Write) -> None:
    path = write("fixable_defs.py", SYNTAX_ERROR)
    assert load_code_location(python_file=str(path)).load_error is not None
    fixed_source = textwrap.dedent(SYNTAX_ERROR).replace("def broken(:", "def broken():")
    write("fixable_defs.py", fixed_source + "\n\ndefs = Definitions(assets=[broken])\n")
    fixed = load_code_location(python_file=str(path))
    assert fixed.load_error is None
    assert fixed.snapshot().assets[0].key_string == "broken"
