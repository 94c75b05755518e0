"""Loading code locations by module, file and ``pyproject.toml``, and finding their ``Definitions``."""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from orchestrator import AssetKey, CodeLocationLoadError, Definitions
from orchestrator._core.code_location import (
    CodeLocation,
    load_code_location,
    load_code_location_from_origin,
    load_code_location_or_raise,
)

Write = Callable[[str, str], Path]

PACKAGE_INIT = """
    from orchestrator import Definitions, define_asset_job

    from . import assets

    defs = Definitions(
        assets=[assets.orders, assets.revenue],
        jobs=[define_asset_job("revenue_job", selection="revenue")],
    )
"""

PACKAGE_ASSETS = """
    from orchestrator import asset


    @asset(group_name="raw")
    def orders():
        return [1, 2]


    @asset(group_name="analytics")
    def revenue(orders):
        return sum(orders)
"""


def _keys(location: CodeLocation) -> list[str]:
    assert location.definitions is not None, location.load_error
    return sorted(k.to_user_string() for k in location.definitions.get_asset_graph().keys)


def test_load_by_module(tmp_path: Path, write: Write) -> None:
    write("shop_pipeline/__init__.py", PACKAGE_INIT)
    write("shop_pipeline/assets.py", PACKAGE_ASSETS)
    location = load_code_location(module_name="shop_pipeline", working_directory=str(tmp_path))
    assert location.load_error is None
    assert location.is_loaded
    assert location.name == "shop_pipeline"
    assert isinstance(location.definitions, Definitions)
    assert _keys(location) == ["orders", "revenue"]
    assert location.origin == {
        "kind": "module",
        "location_name": "shop_pipeline",
        "module_name": "shop_pipeline",
        "python_file": None,
        "working_directory": str(tmp_path),
        "attribute": None,
        "pyproject": None,
    }
    snap = location.snapshot()
    assert snap.location_name == "shop_pipeline"
    assert [j.name for j in snap.jobs] == ["revenue_job"]
    assert location.snapshot() is snap


def test_load_by_file_with_a_sibling_import(tmp_path: Path, write: Write) -> None:
    write("helpers_for_defs.py", "GROUP = 'sales'\n")
    path = write(
        "my_defs.py",
        """
        from helpers_for_defs import GROUP
        from orchestrator import Definitions, asset


        @asset(group_name=GROUP)
        def leads():
            return []


        defs = Definitions(assets=[leads])
        """,
    )
    location = load_code_location(python_file=str(path))
    assert location.load_error is None
    assert location.name == "my_defs"
    assert _keys(location) == ["leads"]
    assert location.definitions.get_assets_def("leads").specs[0].group_name == "sales"
    assert location.origin["kind"] == "python_file"
    assert location.origin["python_file"] == str(path)


def test_load_from_pyproject(tmp_path: Path, write: Write) -> None:
    write("src/shop_pipeline/__init__.py", PACKAGE_INIT)
    write("src/shop_pipeline/assets.py", PACKAGE_ASSETS)
    write(
        "pyproject.toml",
        """
        [project]
        name = "shop"

        [tool.orchestrator]
        module_name = "shop_pipeline"
        working_directory = "src"
        """,
    )
    location = load_code_location(pyproject_dir=str(tmp_path))
    assert location.load_error is None
    assert location.name == "shop_pipeline"
    assert _keys(location) == ["orders", "revenue"]
    assert location.origin["pyproject"] == str(tmp_path / "pyproject.toml")
    assert location.origin["working_directory"] == str(tmp_path / "src")


def test_load_from_dagster_pyproject_section_in_cwd(
    tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("shop_pipeline/__init__.py", PACKAGE_INIT)
    write("shop_pipeline/assets.py", PACKAGE_ASSETS)
    write(
        "pyproject.toml",
        """
        [tool.dagster]
        module_name = "shop_pipeline"
        code_location_name = "shop"
        """,
    )
    monkeypatch.chdir(tmp_path)
    location = load_code_location()
    assert location.load_error is None
    assert location.name == "shop"
    assert location.origin["working_directory"] == str(tmp_path)
    assert location.snapshot().location_name == "shop"


def test_module_level_definitions_without_a_definitions_object(write: Write) -> None:
    path = write(
        "loose_defs.py",
        """
        from orchestrator import (
            AssetCheckResult,
            ScheduleDefinition,
            asset,
            asset_check,
            define_asset_job,
        )


        @asset
        def a():
            return 1


        @asset
        def b(a):
            return a + 1


        more_assets = [a]


        @asset_check(asset=b)
        def b_positive(b):
            return AssetCheckResult(passed=b > 0)


        everything = define_asset_job("everything")
        hourly = ScheduleDefinition(job=everything, cron_schedule="0 * * * *")
        """,
    )
    location = load_code_location(python_file=str(path))
    assert location.load_error is None
    defs = location.definitions
    assert _keys(location) == ["a", "b"]
    assert [c.check_key.to_user_string() for c in defs.asset_checks] == ["b:b_positive"]
    assert [j.name for j in defs.jobs] == ["everything"]
    assert [s.name for s in defs.schedules] == ["everything_schedule"]
    assert defs.get_job_def("everything").asset_keys == [AssetKey("a"), AssetKey("b")]


TWO_DEFS = """
    from orchestrator import Definitions, asset


    @asset
    def first():
        return 1


    @asset
    def second():
        return 2


    {first_name} = Definitions(assets=[first])
    {second_name} = Definitions(assets=[second])
    alias = {first_name}
"""


def test_ambiguous_definitions_is_a_load_error(write: Write) -> None:
    path = write("two_defs.py", TWO_DEFS.format(first_name="a_defs", second_name="b_defs"))
    location = load_code_location(python_file=str(path))
    assert location.definitions is None
    assert location.load_error is not None
    assert location.load_error["cls"] == "CodeLocationLoadError"
    assert "2 Definitions objects (a_defs, alias; b_defs)" in location.load_error["message"]
    assert str(path) in location.load_error["message"]
    with pytest.raises(CodeLocationLoadError, match="attribute"):
        location.snapshot()


def test_defs_is_preferred_among_several(write: Write) -> None:
    path = write("prefer_defs.py", TWO_DEFS.format(first_name="other_defs", second_name="defs"))
    location = load_code_location(python_file=str(path))
    assert _keys(location) == ["second"]


def test_attribute_picks_one(write: Write) -> None:
    path = write("pick_defs.py", TWO_DEFS.format(first_name="a_defs", second_name="b_defs"))
    assert _keys(load_code_location(python_file=str(path), attribute="a_defs")) == ["first"]
    missing = load_code_location(python_file=str(path), attribute="c_defs")
    assert missing.load_error is not None
    assert (
        "has no attribute 'c_defs'; Definitions found: a_defs, alias, b_defs" in missing.load_error["message"]
    )


def test_attribute_may_be_a_function_returning_definitions(write: Write) -> None:
    path = write(
        "factory_defs.py",
        """
        from orchestrator import Definitions, asset


        @asset
        def built():
            return 1


        def make_defs():
            return Definitions(assets=[built])
        """,
    )
    assert _keys(load_code_location(python_file=str(path), attribute="make_defs")) == ["built"]


def test_reload_reads_changed_sources(tmp_path: Path, write: Write) -> None:
    write("shop_pipeline/__init__.py", PACKAGE_INIT)
    write("shop_pipeline/assets.py", PACKAGE_ASSETS)
    first = load_code_location(module_name="shop_pipeline", working_directory=str(tmp_path))
    assert _keys(first) == ["orders", "revenue"]
    write(
        "shop_pipeline/assets.py",
        PACKAGE_ASSETS.replace("def orders", "def orders_v2").replace("(orders)", "(orders_v2)"),
    )
    write("shop_pipeline/__init__.py", PACKAGE_INIT.replace("assets.orders,", "assets.orders_v2,"))
    second = first.reload()
    assert _keys(second) == ["orders_v2", "revenue"]
    assert second.origin == first.origin
    third = load_code_location_from_origin(first.origin)
    assert _keys(third) == ["orders_v2", "revenue"]


def test_reload_of_a_file_reads_changed_sibling_modules(
    tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Bytecode is written, and the edit below keeps the file's size within the same second.
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    write("sibling_groups.py", "GROUP = 'one'\n")
    path = write(
        "sibling_defs.py",
        """
        from sibling_groups import GROUP
        from orchestrator import Definitions, asset


        @asset(group_name=GROUP)
        def thing():
            return 1


        defs = Definitions(assets=[thing])
        """,
    )
    first = load_code_location(python_file=str(path))
    assert first.definitions.get_assets_def("thing").specs[0].group_name == "one"
    assert (tmp_path / "__pycache__").is_dir()
    write("sibling_groups.py", "GROUP = 'two'\n")
    second = load_code_location(python_file=str(path))
    assert second.definitions.get_assets_def("thing").specs[0].group_name == "two"


def test_or_raise_returns_the_loaded_location(write: Write) -> None:
    path = write("ok_defs.py", "from orchestrator import Definitions\n\ndefs = Definitions()\n")
    location = load_code_location_or_raise(python_file=str(path))
    assert location.is_loaded
    assert location.snapshot().assets == ()


def test_module_and_file_together_are_refused(write: Write) -> None:
    path = write("either_defs.py", "")
    with pytest.raises(CodeLocationLoadError, match="not both"):
        load_code_location(module_name="either_defs", python_file=str(path))


def test_origin_paths_are_absolute(tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    write("rel_defs.py", "from orchestrator import Definitions\n\ndefs = Definitions()\n")
    monkeypatch.chdir(tmp_path)
    location = load_code_location(python_file="rel_defs.py")
    assert location.origin["python_file"] == os.path.join(str(tmp_path), "rel_defs.py")
    assert location.is_loaded


def test_loading_and_snapshotting_never_import_django(write: Write) -> None:
    path = write(
        "plain_defs.py", "from orchestrator import Definitions, asset\n\n\n@asset\ndef x():\n    return 1\n"
    )
    script = (
        "import sys\n"
        "from orchestrator._core.code_location import load_code_location\n"
        f"load_code_location(python_file={str(path)!r}).snapshot()\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_reload_keeps_installed_and_sdk_modules(write: Write) -> None:
    path = write(
        "lib_defs.py",
        """
        import croniter
        import json

        import orchestrator
        from orchestrator import Definitions

        defs = Definitions()
        """,
    )
    assert load_code_location(python_file=str(path)).is_loaded
    kept = {name: sys.modules[name] for name in ("croniter", "json", "orchestrator")}
    first_module = sys.modules["lib_defs"]
    assert load_code_location(python_file=str(path)).is_loaded
    assert {name: sys.modules[name] for name in kept} == kept
    assert sys.modules["lib_defs"] is not first_module
