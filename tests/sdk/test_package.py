"""The package as users meet it: imports, public names, the README example."""

import re
import subprocess
import sys
from pathlib import Path

import orchestrator

ROOT = Path(__file__).resolve().parents[2]


def test_importing_orchestrator_does_not_import_django():
    code = "import orchestrator, sys; assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_public_name_resolves():
    missing = [name for name in orchestrator.__all__ if not hasattr(orchestrator, name)]
    assert missing == []


def test_dagster_names_ported_code_imports_exist():
    for name in (
        "DagsterInstance",
        "DagsterInvalidDefinitionError",
        "DagsterInvalidConfigError",
        "DagsterExecutionStepExecutionError",
        "DagsterRunStatus",
        "DagsterEventType",
        "AssetExecutionContext",
        "OpExecutionContext",
        "resource",
        "ConfigurableResource",
    ):
        assert name in orchestrator.__all__, name


def test_readme_python_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks, "README has a python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
