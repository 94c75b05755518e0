"""The seed document's install and CLI blocks, run as written (``dagster`` -> ``orchestrator``).

A fresh virtual environment sees this one's packages (so nothing is downloaded but
the build backend of ``pip install -e``) and gets its own ``orchestrator`` and
``pip`` commands. In it: scaffold ``my_pipeline``, ``pip install -e ".[dev]"``, run
the project's tests, start ``orchestrator dev``, then run the CLI block locally and
again against the server (``ORCHESTRATOR_URL`` and ``ORCHESTRATOR_TOKEN`` set, the
commands unchanged). Both sets of runs show in the server's API.
"""

import os
import re
import signal
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.cli.helpers import SERVER_VARIABLES
from tests.fixtures.processes import living_in_sessions
from tests.fixtures.stack import free_port

pytestmark = pytest.mark.integration

INSTALL_BLOCK = """
dagster project scaffold --name my_pipeline
cd my_pipeline
pip install -e ".[dev]"
"""
CLI_BLOCK = """
dagster asset materialize --select raw_users,raw_orders
dagster asset list
dagster job execute -j analytics_job
dagster definitions validate
"""
STARTUP_TIMEOUT = 120.0
BUILD_BACKEND_UNAVAILABLE = (
    "No matching distribution found for setuptools",
    "Failed to establish a new connection",
)


def as_orchestrator(block: str) -> str:
    return block.replace("dagster", "orchestrator")


@dataclass
class Workspace:
    root: Path
    env: dict[str, str]

    @property
    def python(self) -> str:
        return str(self.root / "venv" / "bin" / "python")

    def bash(self, script: str, cwd: Path, **extra_env: str) -> "subprocess.CompletedProcess[str]":
        return subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=cwd,
            env={**self.env, **extra_env},
            capture_output=True,
            text=True,
            timeout=600,
        )


def _shim(path: Path, python: Path, body: str) -> None:
    path.write_text(f"#!{python}\n{body}")
    path.chmod(0o755)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A virtual environment layered on this one, with ``orchestrator`` and ``pip`` on its PATH."""
    root = tmp_path_factory.mktemp("seed-block")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    parent_site = sysconfig.get_paths()["purelib"]
    Path(site, "_parent_environment.pth").write_text(f"import site; site.addsitedir({parent_site!r})\n")
    _shim(venv / "bin" / "orchestrator", python, "from orchestrator.cli import main\nmain()\n")
    _shim(
        venv / "bin" / "pip",
        python,
        "import sys\nfrom pip._internal.cli.main import main\nsys.exit(main())\n",
    )
    env = {k: v for k, v in os.environ.items() if k not in (*SERVER_VARIABLES, "ORCHESTRATOR_HOME")}
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(venv), PYTHONUNBUFFERED="1"
    )
    return Workspace(root=root, env=env)


@pytest.fixture(scope="module")
def project(workspace: Workspace) -> Path:
    """``my_pipeline``, scaffolded and installed by the seed's install block."""
    result = workspace.bash(as_orchestrator(INSTALL_BLOCK), cwd=workspace.root)
    if result.returncode != 0 and any(s in result.stdout + result.stderr for s in BUILD_BACKEND_UNAVAILABLE):
        pytest.skip("pip cannot get a build backend for `pip install -e` here (no package index)")
    assert result.returncode == 0, result.stdout + result.stderr
    return workspace.root / "my_pipeline"


@dataclass
class Server:
    process: "subprocess.Popen[str]"
    url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def server(workspace: Workspace, project: Path) -> Iterator[Server]:
    """``orchestrator dev`` in the project folder, as the seed's first CLI line starts it."""
    port = free_port()
    log = workspace.root / "dev.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["orchestrator", "dev", "--port", str(port)],
            cwd=project,
            env=workspace.env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    running = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            assert process.poll() is None, running.output()
            try:
                if httpx.get(f"{running.url}/api/schema/", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, running.output()
            time.sleep(0.3)
        yield running
    finally:
        pids = [int(p) for p in re.findall(r"\w+ \(pid (\d+)\)", running.output())]
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        for pid in living_in_sessions(set(pids)):
            os.kill(pid, signal.SIGKILL)


def runs(server: Server, token: str) -> list[dict[str, object]]:
    response = httpx.get(f"{server.url}/api/runs/", headers={"Authorization": f"Token {token}"}, timeout=10)
    assert response.status_code == 200, response.text
    return list(response.json()["results"])


def test_the_scaffolded_project_is_installed_and_its_tests_pass(workspace: Workspace, project: Path) -> None:
    imported = workspace.bash(
        'python -c "import my_pipeline; print(my_pipeline.__file__)"', cwd=workspace.root / "venv"
    )
    tests = workspace.bash("python -m pytest -q -p no:cacheprovider", cwd=project)

    assert imported.stdout.strip() == str(project / "my_pipeline" / "__init__.py")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 passed" in tests.stdout


def test_the_cli_block_locally_then_against_the_server(
    workspace: Workspace, project: Path, server: Server
) -> None:
    local = workspace.bash(as_orchestrator(CLI_BLOCK), cwd=project)

    assert local.returncode == 0, local.stdout + local.stderr
    assert "Materialized raw_users" in local.stdout
    assert "Materialized raw_orders" in local.stdout
    assert "raw_orders\nraw_users\nrevenue_by_user\n" in local.stdout
    assert "Materialized revenue_by_user" in local.stdout
    assert local.stdout.endswith("Definitions are valid: 3 assets, 1 jobs, 1 schedules, 0 sensors\n")

    created = workspace.bash("orchestrator token create admin", cwd=project)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    local_runs = runs(server, token)
    assert [(r["status"], str(r["created_by"]).startswith("cli:")) for r in local_runs] == [
        ("SUCCESS", True)
    ] * 2

    remote = workspace.bash(
        as_orchestrator(CLI_BLOCK), cwd=project, ORCHESTRATOR_URL=server.url, ORCHESTRATOR_TOKEN=token
    )

    assert remote.returncode == 0, remote.stdout + remote.stderr
    assert f"on {server.url} (selection raw_users,raw_orders)" in remote.stdout
    assert "Materialized revenue_by_user" in remote.stdout
    assert "raw_orders\nraw_users\nrevenue_by_user\n" in remote.stdout
    assert "Code location 'my_pipeline' is loaded: 3 assets, 1 jobs, 1 schedules, 0 sensors" in remote.stdout
    all_runs = runs(server, token)
    assert len(all_runs) == 4
    assert [(r["status"], r["created_by"]) for r in all_runs[:2]] == [("SUCCESS", "admin")] * 2
