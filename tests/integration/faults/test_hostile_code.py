"""User code that raises, hangs or prints hundreds of MB takes down neither the web, the daemon, the
workers nor other runs: real web, prefork worker and daemon processes, driven over HTTP.

The stack's location is a copy of ``faults_project.py`` named ``hostile_project.py``; tests append hostile module-level code
to the copy and reload it through the API, as a user editing their project would.
"""

import json
import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fixtures.locations import PROJECTS
from tests.fixtures.stack import ServerStack, wait_until

from .conftest import control_dir

pytestmark = pytest.mark.integration

LOCATION = "hostile_project"
LOAD_TIMEOUT_SECONDS = 5
# Start-up of the loading process, storing its result and polling, beyond the time-out itself.
RELOAD_MARGIN_SECONDS = 30
MAX_STEP_OUTPUT_BYTES = 4 * 1024 * 1024
LOUD_BYTES = 300 * 1024 * 1024
# A bound on memory, not on time: the worker never holds more than the capped output at once.
WORKER_PEAK_BOUND_BYTES = 600 * 1024 * 1024
HOLD_SELECTION = ["before", "hold", "after_hold"]

RAISES = "\nraise RuntimeError('hostile: raised at import')\n"
HANGS = "\nimport time\n\ntime.sleep(3600)\n"
PRINTS = (
    "\nfor _ in range(300):\n    sys.stdout.write('y' * (1024 * 1024))\n"
    "raise RuntimeError('hostile: raised after printing 300 MB')\n"
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / f"{LOCATION}.py"
    shutil.copy(PROJECTS / "faults_project.py", path)
    return path


@pytest.fixture(scope="module")
def stack(project: Path) -> Iterator[ServerStack]:
    """web + a prefork worker (2 processes) + daemon, loads stopped after ``LOAD_TIMEOUT_SECONDS``."""
    settings = {
        "ORCHESTRATOR_LOCATION_LOAD_TIMEOUT_SECONDS": str(LOAD_TIMEOUT_SECONDS),
        "ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES": str(MAX_STEP_OUTPUT_BYTES),
    }
    running = ServerStack(project.parent / "home", project, settings=settings)
    try:
        running.prepare().start_all()
        yield running
    finally:
        running.stop()


@pytest.fixture
def good_code(project: Path) -> Iterator[str]:
    """The project's good source; the file is restored to it after the test."""
    source = (PROJECTS / "faults_project.py").read_text()
    yield source
    project.write_text(source)


def health(stack: ServerStack) -> dict[str, Any]:
    response = httpx.get(f"{stack.base_url}/api/health/", timeout=10)
    assert response.status_code == 200, response.text
    return dict(response.json())


def assert_web_answers(stack: ServerStack) -> None:
    """The health check reports every component up, and the runs list answers."""
    assert health(stack)["failing"] == []
    with stack.client(timeout=10) as client:
        assert client.get("/api/runs/").status_code == 200


def reload(stack: ServerStack) -> dict[str, Any]:
    """Reload through the API; checks the web answers while the worker loads; returns the location."""
    with stack.client() as client:
        response = client.post(f"/api/code-locations/{LOCATION}/reload/")
        assert response.status_code == 202, response.text
        previous = response.json()["previous_loaded_at"]

        def reloaded() -> dict[str, Any] | None:
            assert_web_answers(stack)
            location = dict(client.get(f"/api/code-locations/{LOCATION}/").json())
            return location if location["loaded_at"] != previous else None

        location: dict[str, Any] = wait_until(
            reloaded,
            timeout=LOAD_TIMEOUT_SECONDS + RELOAD_MARGIN_SECONDS,
            what="the reload to be stored",
            poll=0.2,
        )
        return location


def launch_refusal(stack: ServerStack) -> Any:
    with stack.client() as client:
        response = client.post("/api/runs/", json={"selection": ["single"]})
    assert response.status_code == 400, response.text
    return response.json()


def by_type(events: list[dict[str, Any]], kind: str, step: str | None = None) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == kind and (step is None or e["step_key"] == step)]


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    pids, index = [pid], 0
    while index < len(pids):
        for task in Path(f"/proc/{pids[index]}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            pids.extend(int(child) for child in children)
        index += 1
    return pids


def peak_memory_bytes(pid: int) -> int:
    """The peak resident memory (``VmHWM``) of a process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmHWM for {pid}")


def test_hostile_reloads_spare_the_web_the_daemon_and_a_running_run(
    stack: ServerStack, project: Path, good_code: str
) -> None:
    release = control_dir(stack) / "release"
    release.unlink(missing_ok=True)
    alive_before = health(stack)["workers"]["alive"]
    run_id = stack.launch({"selection": HOLD_SELECTION})["id"]
    wait_until((control_dir(stack) / f"holding-{run_id}").exists, timeout=60, what="hold to start")

    project.write_text(good_code + RAISES)
    location = reload(stack)
    assert location["status"] == "ERROR"
    assert location["load_error"]["message"] == (
        f"Error loading code location '{LOCATION}' from file '{project}': "
        "RuntimeError: hostile: raised at import"
    )
    assert location["load_error"]["traceback"].endswith("RuntimeError: hostile: raised at import\n")
    assert launch_refusal(stack) == {
        "code_location": [f"Code location '{LOCATION}' is not loaded: {location['load_error']['message']}"]
    }

    project.write_text(good_code + HANGS)
    started = time.monotonic()
    location = reload(stack)
    hang_seconds = time.monotonic() - started
    assert location["status"] == "ERROR"
    assert location["load_error"] == {
        "message": f"Loading code location '{LOCATION}' did not finish within {LOAD_TIMEOUT_SECONDS} s",
        "cls": "CodeLocationLoadTimeout",
        "traceback": f"The loading process was killed after {LOAD_TIMEOUT_SECONDS} s. It printed nothing.",
    }

    project.write_text(good_code + PRINTS)
    started = time.monotonic()
    location = reload(stack)
    print_seconds = time.monotonic() - started
    assert location["status"] == "ERROR"
    assert location["load_error"]["message"] == (
        f"Error loading code location '{LOCATION}' from file '{project}': "
        "RuntimeError: hostile: raised after printing 300 MB"
    )
    assert len(json.dumps(location["load_error"])) < 10_000

    assert stack.run(run_id)["status"] == "STARTED"
    release.touch()
    assert stack.wait_finished(run_id)["status"] == "SUCCESS"

    project.write_text(good_code)
    assert reload(stack)["status"] == "LOADED"
    later = stack.launch({"selection": ["single"]})["id"]
    assert stack.wait_finished(later)["status"] == "SUCCESS"
    assert_web_answers(stack)
    assert health(stack)["workers"]["alive"] == alive_before
    print(
        f"\nhang reload stored after {hang_seconds:.1f} s; 300 MB-printing reload after {print_seconds:.1f} s"
    )


def test_a_step_printing_300_mb_keeps_the_cap_and_bounded_memory(stack: ServerStack) -> None:
    started = time.monotonic()
    run_id = stack.launch({"selection": ["loud"]})["id"]
    assert stack.wait_finished(run_id, timeout=300)["status"] == "SUCCESS"
    seconds = time.monotonic() - started

    stdout = by_type(stack.events(run_id), "STDOUT", "loud")
    kept = [e for e in stdout if not e["payload"].get("truncated")]
    [notice] = [e for e in stdout if e["payload"].get("truncated")]
    assert sum(len(e["payload"]["text"]) for e in kept) == MAX_STEP_OUTPUT_BYTES
    assert notice["level"] == "WARNING"
    assert notice["payload"] == {
        "text": notice["message"] + "\n",
        "truncated": True,
        "dropped_bytes": LOUD_BYTES - MAX_STEP_OUTPUT_BYTES,
        "total_bytes": LOUD_BYTES,
        "max_bytes": MAX_STEP_OUTPUT_BYTES,
    }
    peaks = {pid: peak_memory_bytes(pid) for pid in process_tree(stack.services["worker"].pid)}
    assert max(peaks.values()) < WORKER_PEAK_BOUND_BYTES, peaks

    other = stack.launch({"selection": ["single"]})["id"]
    assert stack.wait_finished(other)["status"] == "SUCCESS"
    assert_web_answers(stack)
    peak_mb = max(peaks.values()) / 2**20
    print(f"\n300 MB step finished in {seconds:.1f} s; worker processes' peak memory {peak_mb:.0f} MB")


def test_a_queued_run_whose_worker_cannot_import_the_code_fails_with_the_traceback(
    stack: ServerStack, project: Path, good_code: str
) -> None:
    stack.kill("worker")
    run_id = stack.launch({"selection": ["single"]})["id"]
    project.write_text(good_code + RAISES)

    stack.start_worker()
    run = stack.wait_finished(run_id)

    assert run["status"] == "FAILURE"
    [failure] = by_type(stack.events(run_id), "RUN_FAILURE")
    assert failure["payload"]["error"]["traceback"].endswith("RuntimeError: hostile: raised at import\n")
    assert "hostile: raised at import" in failure["message"]


@pytest.mark.parametrize("executor", ["in_process", "per_step"])
def test_a_run_whose_worker_hangs_importing_the_code_fails_at_the_load_time_out(
    stack: ServerStack, project: Path, good_code: str, executor: str
) -> None:
    stack.kill("worker")
    run_id = stack.launch({"selection": ["single"], "executor": executor})["id"]
    project.write_text(good_code + HANGS)

    stack.start_worker()
    run = stack.wait_finished(run_id, timeout=LOAD_TIMEOUT_SECONDS + RELOAD_MARGIN_SECONDS)

    assert run["status"] == "FAILURE"
    assert (
        run["failure_reason"]
        == f"Loading code location '{LOCATION}' did not finish within {LOAD_TIMEOUT_SECONDS}s"
    )
    project.write_text(good_code)
    assert stack.wait_finished(stack.launch({"selection": ["single"]})["id"])["status"] == "SUCCESS"


def test_dev_starts_anyway_when_its_start_up_load_hangs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.fixtures.dev import start_dev
    from tests.fixtures.processes import living_in_sessions

    hanging = tmp_path / "hanging_project.py"
    hanging.write_text("import time\n\ntime.sleep(3600)\n")
    monkeypatch.setenv("ORCHESTRATOR_LOCATION_LOAD_TIMEOUT_SECONDS", "3")

    dev = start_dev(tmp_path / "home", hanging)
    try:
        assert "Loading code location 'hanging_project' did not finish within 3 s" in dev.output
        assert "The code location did not load: the stack starts anyway" in dev.output
        with httpx.Client(base_url=dev.base_url, headers=dev.token("admin"), timeout=10) as client:
            location = client.get("/api/code-locations/hanging_project/").json()
        assert (location["status"], location["load_error"]["cls"]) == ("ERROR", "CodeLocationLoadTimeout")
    finally:
        pids = dev.child_pids()
        if dev.process.poll() is None:
            dev.stop(signal.SIGTERM)
        for leftover in living_in_sessions(set(pids.values())):
            os.kill(leftover, signal.SIGKILL)
