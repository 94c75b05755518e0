"""The example's fake API: fixed data shaped for the document's code, served over HTTP."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import httpx
import pandas as pd
import pytest
from seed_support import EXAMPLE_DIR, FakeApi


def test_users_and_orders_are_served_as_json(fake_api: FakeApi, fake_api_module: ModuleType) -> None:
    users = httpx.get(f"{fake_api.base_url}/users")
    orders = httpx.get(f"{fake_api.base_url}/orders")

    assert users.status_code == orders.status_code == 200
    assert users.headers["content-type"] == "application/json"
    assert users.json() == fake_api_module.USERS
    assert orders.json() == fake_api_module.ORDERS
    assert [user["id"] for user in users.json()] == [1, 2, 3, 4, 5]
    assert set(users.json()[0]) == {"id", "name", "email", "created_at"}
    assert set(orders.json()[0]) == {"id", "user_id", "amount"}


def test_orders_merge_with_users_into_id_x_as_the_document_expects(fake_api_module: ModuleType) -> None:
    orders = pd.DataFrame(fake_api_module.ORDERS)
    users = pd.DataFrame(fake_api_module.USERS)

    merged = orders.merge(users, left_on="user_id", right_on="id")

    assert {"id_x", "id_y"} <= set(merged.columns)
    assert sorted(merged["id_x"]) == [order["id"] for order in fake_api_module.ORDERS]


def test_events_are_deterministic_per_date(fake_api: FakeApi, fake_api_module: ModuleType) -> None:
    first = httpx.get(f"{fake_api.base_url}/events", params={"date": "2026-02-19"}).json()
    again = httpx.get(f"{fake_api.base_url}/events?date=2026-02-19").json()
    other = httpx.get(f"{fake_api.base_url}/events", params={"date": "2026-02-20"}).json()

    assert first == again == fake_api_module.events_for("2026-02-19")
    assert [event["event_id"] for event in first] == ["2026-02-19-1", "2026-02-19-2", "2026-02-19-3"]
    assert {event["date"] for event in first} == {"2026-02-19"}
    assert [event["event_type"] for event in first] == ["login", "page_view", "purchase"]
    assert {event["date"] for event in other} == {"2026-02-20"}
    assert all(1 <= event["user_id"] <= 5 for event in first + other)


@pytest.mark.parametrize(
    "query", ["", "?date=yesterday", "?date=2026-2-19", "?date=2026-02-19&date=2026-02-20"]
)
def test_events_need_exactly_one_iso_date(fake_api: FakeApi, query: str) -> None:
    response = httpx.get(f"{fake_api.base_url}/events{query}")

    assert response.status_code == 400
    assert "error" in response.json()


def test_unknown_paths_are_not_found(fake_api: FakeApi) -> None:
    response = httpx.get(f"{fake_api.base_url}/products")

    assert response.status_code == 404
    assert response.json() == {"error": "no such endpoint: /products"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.integration
def test_fake_api_runs_as_a_module_from_the_command_line(fake_api_module: ModuleType, tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(EXAMPLE_DIR), os.environ.get("PYTHONPATH", "")]),
        "ORCHESTRATOR_HOME": str(tmp_path / "home"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "seed_pipeline.fake_api", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/users", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert response.json() == fake_api_module.USERS
    finally:
        process.terminate()
        process.wait(timeout=10)
