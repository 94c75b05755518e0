"""``orchestrator dev`` as a user runs it: real web, worker and daemon processes on a fresh home.

One stack on the basic project serves the first tests (admin login, token auth,
a run launched over HTTP and executed by the worker) and is stopped with SIGINT
by the last; another starts on a code location with a syntax error.
"""

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fixtures.dev import DevStack, start_dev, stop_dev
from tests.fixtures.locations import BASIC_PROJECT
from tests.fixtures.processes import living_in_sessions
from tests.fixtures.stack import CLEARED_VARIABLES

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevStack]:
    running = start_dev(tmp_path_factory.mktemp("dev") / "home", BASIC_PROJECT)
    yield running
    stop_dev(running)


def items(body: Any) -> list[dict[str, Any]]:
    return body["results"] if isinstance(body, dict) else body


def test_dev_loads_the_location_in_a_subprocess_and_starts_three_children(stack: DevStack) -> None:
    stack.wait_for_output(r"Orchestrator is running at ")

    assert f"load   | Loaded code location 'basic_project' from file '{BASIC_PROJECT}'" in stack.output
    assert "6 assets, 1 job, 1 schedule, 0 sensors" in stack.output
    assert set(stack.child_pids()) == {"web", "worker", "daemon"}
    for prefix in ("web    | ", "worker | ", "daemon | "):
        stack.wait_for_output(re.escape(prefix))


def test_printed_admin_login_opens_the_django_admin(stack: DevStack) -> None:
    login = stack.wait_for_output(r"username: (\S+)\n\s+password: (\S+)")
    username, password = login.groups()

    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        client.get("/admin/login/")
        response = client.post(
            "/admin/login/",
            data={
                "username": username,
                "password": password,
                "next": "/admin/",
                "csrfmiddlewaretoken": client.cookies["csrftoken"],
            },
        )
        assert response.status_code == 302, response.text
        assert response.headers["location"] == "/admin/"
        assert client.get("/admin/").status_code == 200

    assert username == "admin"
    assert stack.output.count(password) == 1


def test_api_needs_a_token_from_the_cli(stack: DevStack) -> None:
    headers = stack.token("admin")

    assert httpx.get(f"{stack.base_url}/api/assets/", timeout=10).status_code == 401
    response = httpx.get(f"{stack.base_url}/api/assets/", headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    assert {a["key"] for a in items(response.json())} == {
        "numbers",
        "total",
        "scaled",
        "explodes",
        "after_explodes",
        "daily_numbers",
    }


def test_run_launched_over_http_is_executed_by_the_worker(stack: DevStack) -> None:
    headers = stack.token("admin")

    created = httpx.post(
        f"{stack.base_url}/api/runs/", json={"selection": "+total"}, headers=headers, timeout=10
    )

    assert created.status_code == 201, created.text
    run_id = created.json()["id"]
    deadline = time.monotonic() + 60
    status = created.json()["status"]
    while status not in ("SUCCESS", "FAILURE", "CANCELED") and time.monotonic() < deadline:
        time.sleep(0.3)
        status = httpx.get(f"{stack.base_url}/api/runs/{run_id}/", headers=headers, timeout=10).json()[
            "status"
        ]
    assert status == "SUCCESS", stack.output


def test_sigint_stops_every_child_and_exits_zero(stack: DevStack) -> None:
    sessions = set(stack.child_pids().values())
    before = living_in_sessions(sessions)
    assert len(before) >= 5  # gunicorn master + worker, celery worker + pool, daemon

    code = stack.stop(signal.SIGINT, timeout=60)

    assert code == 0, stack.output
    assert "Received SIGINT: stopping web, worker, daemon (send it again" in stack.output
    assert living_in_sessions(sessions) == []


def test_broken_location_still_starts_and_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken_project.py"
    broken.write_text("from orchestrator import asset\n\n@asset\ndef oops(:\n    return 1\n")
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in CLEARED_VARIABLES}
    env["ORCHESTRATOR_HOME"] = str(home)
    for args in (["migrate"], ["user", "create", "root", "--role", "admin", "--password", "a-long-password"]):
        result = subprocess.run(
            [sys.executable, "-m", "orchestrator.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr

    stack = start_dev(home, broken)
    try:
        assert "admin:    'root' exists" in stack.output
        assert "password:" not in stack.output
        assert "SyntaxError" in stack.output
        assert "load   | Code location 'broken_project' failed to load" in stack.output
        assert "The code location did not load: the stack starts anyway" in stack.output

        response = httpx.get(f"{stack.base_url}/api/code-locations/", headers=stack.token("root"), timeout=10)
        assert response.status_code == 200, response.text
        [location] = items(response.json())
        assert location["name"] == "broken_project"
        assert location["status"] == "ERROR"
        assert "SyntaxError" in location["load_error"]["message"]

    finally:
        stop_dev(stack)
