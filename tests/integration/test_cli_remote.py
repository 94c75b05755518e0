"""The CLI with ``--url`` against a live ``orchestrator dev`` (web, worker and daemon processes).

One stack serves the module. Commands run as a user runs them: subprocesses with
the stack's environment, in the folder that holds its ``ORCHESTRATOR_HOME``, so
commands without ``--url`` record into the same database the server reads.
"""

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.cli.helpers import CLI_PROJECT
from tests.fixtures.dev import DevStack, start_dev
from tests.fixtures.processes import living_in_sessions
from tests.fixtures.stack import free_port

pytestmark = pytest.mark.integration
ORCHESTRATOR = (sys.executable, "-m", "orchestrator.cli")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevStack]:
    running = start_dev(tmp_path_factory.mktemp("cli-remote") / "home", CLI_PROJECT)
    yield running
    if running.process.poll() is None:
        running.stop(signal.SIGTERM)
    for pid in running.child_pids().values():
        for leftover in living_in_sessions({pid}):
            subprocess.run(["kill", "-9", str(leftover)], check=False)


@pytest.fixture(scope="module")
def token(stack: DevStack) -> str:
    return stack.token("admin")["Authorization"].removeprefix("Token ")


def remote(stack: DevStack, token: str, *args: str) -> "subprocess.CompletedProcess[str]":
    return stack.cli(*args, "--url", stack.base_url, "--token", token)


def api(stack: DevStack, token: str, path: str) -> Any:
    response = httpx.get(
        f"{stack.base_url}/api{path}", headers={"Authorization": f"Token {token}"}, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_listing_and_validating_the_servers_location(stack: DevStack, token: str) -> None:
    assets = remote(stack, token, "asset", "list")
    selected = remote(stack, token, "asset", "list", "--select", "+total", "--json")
    jobs = remote(stack, token, "job", "list")
    validate = remote(stack, token, "definitions", "validate")

    assert assets.returncode == 0, assets.stderr
    assert assets.stdout.split() == [
        "daily_counts",
        "explodes",
        "numbers",
        "waits",
        "total",
        "after_waits",
        "scaled",
    ]
    assert [(r["key"], r["location"]) for r in json.loads(selected.stdout)] == [
        ("numbers", "cli_project"),
        ("total", "cli_project"),
    ]
    assert jobs.stdout == "analytics_job\n"
    assert validate.returncode == 0, validate.stderr
    assert validate.stdout.startswith("✓ Code location 'cli_project' is loaded: 7 assets, 1 jobs")


def test_materialize_on_the_workers_then_read_the_run(stack: DevStack, token: str) -> None:
    result = remote(stack, token, "asset", "materialize", "--select", "+total", "--json")

    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["status"] == "SUCCESS"
    assert summary["materialized_asset_keys"] == ["numbers", "total"]
    assert summary["created_by"] == "admin"
    assert "Materialized total" in result.stderr
    run_id = summary["id"]

    listed = remote(stack, token, "run", "list", "--json")
    shown = remote(stack, token, "run", "show", run_id)
    logs = remote(stack, token, "run", "logs", run_id, "--follow")

    assert run_id in [r["id"] for r in json.loads(listed.stdout)]
    assert shown.stdout.splitlines()[0].split() == ["Run", run_id, "SUCCESS"]
    assert logs.returncode == 0, logs.stderr
    assert "Materialized total" in logs.stdout
    assert "total: summing 3 numbers" in logs.stdout


def test_job_execute_and_a_partition_range(stack: DevStack, token: str) -> None:
    assert remote(stack, token, "asset", "materialize", "--select", "numbers").returncode == 0

    job = remote(stack, token, "job", "execute", "-j", "analytics_job")
    backfill = remote(
        stack,
        token,
        "asset",
        "materialize",
        "--select",
        "daily_counts",
        "--partition-range",
        "2026-01-01...2026-01-04",
    )

    assert job.returncode == 0, job.stdout + job.stderr
    assert "Materialized scaled" in job.stdout
    assert backfill.returncode == 0, backfill.stdout + backfill.stderr
    assert backfill.stdout.count("Materialized daily_counts") == 4


def test_a_failed_run_exits_1_with_its_traceback(stack: DevStack, token: str) -> None:
    result = remote(stack, token, "asset", "materialize", "--select", "explodes")

    assert result.returncode == 1
    assert "explodes failed: ValueError: explodes always fails" in result.stdout
    assert 'raise ValueError("explodes always fails")' in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["asset", "materialize", "--select", "nope"],
            "Error: selection: AssetKey(s) ['nope'] were selected",
        ),
        (
            ["asset", "materialize", "--select", "daily_counts", "--partition", "2020-01-01"],
            "Error: partition_key:",
        ),
        (["job", "execute", "-j", "nope"], "Error: job: Unknown job 'nope'; jobs: analytics_job"),
        (["run", "show", "not-a-run"], "Error: No run 'not-a-run'"),
    ],
)
def test_bad_input_exits_2(stack: DevStack, token: str, args: list[str], message: str) -> None:
    result = remote(stack, token, *args)

    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(message)


def test_cancel_a_running_run(stack: DevStack, token: str) -> None:
    release = stack.cwd / "home" / "cli_project" / "release"
    release.unlink(missing_ok=True)
    materialize = subprocess.Popen(
        [
            *ORCHESTRATOR,
            "asset",
            "materialize",
            "--select",
            "waits*",
            "--url",
            stack.base_url,
            "--token",
            token,
        ],
        env=stack.env,
        cwd=stack.cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        run_id = _started_run(stack, token, "waits")
        canceled = remote(stack, token, "run", "cancel", run_id)
        release.parent.mkdir(parents=True, exist_ok=True)
        release.touch()
        out, err = materialize.communicate(timeout=60)
    finally:
        if materialize.poll() is None:
            materialize.kill()

    assert canceled.returncode == 0, canceled.stderr
    assert canceled.stdout == f"Run {run_id} is CANCELING: it stops after the steps running now.\n"
    assert materialize.returncode == 1, out + err
    assert f"Run {run_id} was canceled" in out
    assert api(stack, token, f"/runs/{run_id}/")["status"] == "CANCELED"


def _started_run(stack: DevStack, token: str, asset_key: str) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        runs = api(stack, token, f"/runs/?asset={asset_key}&status=STARTED")["results"]
        if runs:
            return str(runs[0]["id"])
        time.sleep(0.2)
    raise AssertionError(f"no started run of {asset_key}")


def test_a_bad_token_and_an_unreachable_server_exit_2(stack: DevStack) -> None:
    rejected = stack.cli("asset", "list", "--url", stack.base_url, "--token", "not-a-token")
    missing = stack.cli("run", "list", "--url", stack.base_url)
    closed = f"http://127.0.0.1:{free_port()}"
    unreachable = stack.cli("asset", "materialize", "--select", "numbers", "--url", closed, "--token", "x")

    assert rejected.returncode == 2
    assert rejected.stderr.startswith(f"Error: the token was rejected by {stack.base_url}")
    assert missing.returncode == 2
    assert "needs a token: pass --token or set ORCHESTRATOR_TOKEN" in missing.stderr
    assert unreachable.returncode == 2
    assert unreachable.stderr.startswith(f"Error: cannot reach {closed}: ")


def test_a_viewer_may_read_but_not_launch(stack: DevStack) -> None:
    created = stack.cli("user", "create", "reader", "--role", "viewer")
    assert created.returncode == 0, created.stderr
    viewer = stack.token("reader")["Authorization"].removeprefix("Token ")

    listed = remote(stack, viewer, "run", "list")
    launched = remote(stack, viewer, "asset", "materialize", "--select", "numbers")

    assert listed.returncode == 0, listed.stderr
    assert launched.returncode == 2
    assert launched.stderr.startswith("Error: permission denied: ")


def test_local_runs_show_on_the_server(stack: DevStack, token: str) -> None:
    local = stack.cli("asset", "materialize", "--select", "numbers", "--json", "-f", str(CLI_PROJECT))

    assert local.returncode == 0, local.stderr
    run_id = json.loads(local.stdout)["id"]
    on_server = api(stack, token, f"/runs/{run_id}/")
    assert on_server["status"] == "SUCCESS"
    assert on_server["created_by"].startswith("cli:")
    assert on_server["location_name"] == "cli_project"


def test_wipe_through_the_server(stack: DevStack, token: str) -> None:
    assert remote(stack, token, "asset", "materialize", "--select", "numbers").returncode == 0

    wiped = remote(stack, token, "asset", "wipe", "--select", "numbers", "--yes")

    assert wiped.returncode == 0, wiped.stderr
    assert wiped.stdout == "✓ Wiped the history of numbers\n"
    [numbers] = [a for a in api(stack, token, "/assets/?group=raw")["results"] if a["key"] == "numbers"]
    assert numbers["latest_materialization"] is None
