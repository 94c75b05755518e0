"""``orchestrator dev`` supervising its children: nothing outlives it, one per home, dead children restarted."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.fixtures.dev import DevStack, start_dev, stop_dev
from tests.fixtures.locations import BASIC_PROJECT
from tests.fixtures.processes import descendants, running
from tests.fixtures.stack import free_port, wait_until

pytestmark = pytest.mark.integration


def port_free(url: str) -> bool:
    port = int(url.rsplit(":", 1)[1])
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture
def dev(tmp_path: Path) -> DevStack:
    stack = start_dev(tmp_path / "home", BASIC_PROJECT)
    yield stack
    stop_dev(stack)


def test_nothing_outlives_a_killed_dev_and_its_port_is_freed(dev: DevStack) -> None:
    dev.wait_for_output(r"Orchestrator is running at ")
    # web (+ its worker), worker (+ 2 pool processes), daemon (+ beat): all started
    tree = wait_until(
        lambda: len(found := descendants(dev.process.pid)) >= 7 and found, timeout=60, what="the tree"
    )

    dev.process.send_signal(signal.SIGKILL)
    dev.process.wait(timeout=10)
    deadline = time.monotonic() + 5
    while running(tree) and time.monotonic() < deadline:
        time.sleep(0.1)

    assert running(tree) == set(), subprocess.run(
        ["ps", "-fp", ",".join(map(str, tree))], capture_output=True, text=True
    ).stdout
    assert port_free(dev.base_url)


def test_a_second_dev_on_the_same_home_refuses_naming_the_first(dev: DevStack) -> None:
    dev.wait_for_output(r"Orchestrator is running at ")

    second = subprocess.run(
        [
            sys.executable,
            "-m",
            "orchestrator.cli",
            "dev",
            "-f",
            str(BASIC_PROJECT),
            "--port",
            str(free_port()),
        ],
        env=dev.env,
        cwd=dev.cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert second.returncode == 2
    assert (
        f"orchestrator dev is already running on {dev.env['ORCHESTRATOR_HOME']} (pid {dev.process.pid}, "
        in second.stderr
    )
    assert dev.process.poll() is None


def test_a_killed_worker_is_restarted_and_runs_go_on(dev: DevStack) -> None:
    dev.wait_for_output(r"Orchestrator is running at ")
    headers = dev.token("admin")
    worker = dev.child_pids()["worker"]

    os.kill(worker, signal.SIGKILL)
    dev.wait_for_output(r"worker exited unexpectedly \(killed by SIGKILL\); restarting it in 0.5s")
    dev.wait_for_output(r"Restarted worker \(pid \d+\)")
    dev.wait_for_output(r"worker \| .*celery@\S+ ready\.", timeout=60)

    launched = httpx.post(
        f"{dev.base_url}/api/runs/", json={"selection": ["numbers"]}, headers=headers, timeout=30
    )
    assert launched.status_code == 201, launched.text
    run_id = launched.json()["id"]
    deadline = time.monotonic() + 60
    status = "QUEUED"
    while status not in ("SUCCESS", "FAILURE", "CANCELED") and time.monotonic() < deadline:
        time.sleep(0.3)
        status = httpx.get(f"{dev.base_url}/api/runs/{run_id}/", headers=headers, timeout=10).json()["status"]
    assert status == "SUCCESS", dev.output
    assert dev.process.poll() is None
