"""A step's stdout and stderr reach the API while the step still runs on a real worker process."""

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.stack import ServerStack, wait_until

pytestmark = pytest.mark.integration

PROJECT = Path(__file__).parent / "compute_logs_project.py"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerStack]:
    """web + a prefork worker + daemon on the project (file descriptors captured as in production)."""
    running = ServerStack(tmp_path_factory.mktemp("compute-logs") / "home", PROJECT)
    try:
        running.prepare().start_all()
        (running.home / "compute_logs_project").mkdir(exist_ok=True)
        yield running
    finally:
        running.stop()


def read(stack: ServerStack, run_id: str, stream: str, offset: int = 0) -> dict[str, object]:
    with stack.client() as client:
        response = client.get(
            f"/api/runs/{run_id}/compute-logs/read/",
            params={"step": "chatty", "stream": stream, "offset": offset},
        )
    return dict(response.json()) if response.status_code == 200 else {}


@pytest.mark.parametrize("executor", ["in_process", "per_step"])
def test_a_print_shows_while_the_step_runs(stack: ServerStack, executor: str) -> None:
    tag = uuid.uuid4().hex[:8]
    run = stack.launch({"selection": ["chatty"], "executor": executor, "tags": {"release": tag}})
    run_id = str(run["id"])
    started = time.monotonic()

    out = wait_until(
        lambda: (page := read(stack, run_id, "stdout")) and "from a subprocess" in str(page["data"]) and page,
        timeout=60,
        what=f"the step's stdout through the API\n{stack.logs()}",
        poll=0.1,
    )
    assert out["data"] == f"chatty started for {tag}\nfrom a subprocess for {tag}\n"
    assert out["is_complete"] is False
    assert stack.run(run_id)["status"] == "STARTED"
    steps = {s["step_key"]: s["status"] for s in stack.run(run_id)["steps"]}
    assert steps["chatty"] in ("PENDING", "RUNNING")  # the log can be ahead of the step's events
    err = read(stack, run_id, "stderr")
    assert f"chatty warns on stderr for {tag}\n" in str(err["data"])
    with stack.client() as client:
        listed = client.get(f"/api/runs/{run_id}/compute-logs/").json()
    assert [(f["step_key"], f["stream"]) for f in listed] == [("chatty", "stdout"), ("chatty", "stderr")]
    print(f"{executor}: stdout visible {time.monotonic() - started:.2f}s after launch")

    (stack.home / "compute_logs_project" / f"release-{tag}").touch()
    assert stack.wait_finished(run_id)["status"] == "SUCCESS"
    rest = wait_until(
        lambda: (
            (page := read(stack, run_id, "stdout", int(str(out["next_offset"]))))
            and page["is_complete"]
            and page
        ),
        timeout=30,
        what="the rest of the log",
    )
    assert rest["data"] == "chatty released\n"
