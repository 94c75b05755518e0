"""``Supervisor.run_once`` with a time limit: the child and its process group are killed, the caller told."""

import io
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from orchestrator.cli.supervisor import Supervisor
from tests.fixtures.processes import alive


def test_a_child_past_its_timeout_is_killed_with_its_group(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    code = f"""
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
        open({str(pid_file)!r}, "w").write(str(child.pid))
        print("loading", flush=True)
        time.sleep(3600)
    """
    out = io.StringIO()
    supervisor = Supervisor(os.environ, out=out)

    with pytest.raises(subprocess.TimeoutExpired):
        supervisor.run_once("load", [sys.executable, "-c", textwrap.dedent(code)], timeout=3)

    assert out.getvalue() == "load   | loading\n"
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(grandchild)


def test_a_child_within_its_timeout_returns_its_exit_code() -> None:
    supervisor = Supervisor(os.environ, out=io.StringIO())

    assert supervisor.run_once("load", [sys.executable, "-c", "raise SystemExit(2)"], timeout=60) == 2
