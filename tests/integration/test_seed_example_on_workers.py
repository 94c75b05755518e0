"""The seed example launched through the REST API and executed by real worker processes."""

from collections.abc import Iterator
from typing import Any

import pytest

from assets_app.models import CodeLocation, Materialization
from runs_app.models import Run, RunEvent, RunStatus
from tests.fixtures.workers import WorkerPool, worker_environment

from .conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seed_api() -> Iterator[str]:
    from seed_pipeline.fake_api import serve_in_thread

    server, base_url = serve_in_thread()
    yield base_url
    server.shutdown()
    server.server_close()


@pytest.fixture
def seed_workers(seed_api: str, tmp_path: Any) -> Iterator[WorkerPool]:
    """Workers whose environment points the example at the local API and a warehouse in tmp_path."""
    (tmp_path / "logs").mkdir()
    pool = WorkerPool(
        worker_environment(
            SEED_API_URL=seed_api,
            SEED_DATABASE_URL=f"sqlite:///{tmp_path / 'warehouse.db'}",
            SEED_INCOMING_DIR=str(tmp_path / "incoming"),
        ),
        tmp_path / "logs",
    )
    try:
        yield pool.ensure(1)
    finally:
        pool.stop()


def _load_seed_location() -> None:
    from assets_app.services import code_location_store
    from orchestrator._core.code_location import load_code_location

    location = code_location_store(location=load_code_location(module_name="seed_pipeline"))
    assert location.status == CodeLocation.Status.LOADED, location.load_error


@pytest.mark.parametrize("executor", ["in_process", "per_step"])
def test_revenue_by_user_and_upstreams_launched_over_the_api(
    launcher_api: Any, seed_workers: WorkerPool, executor: str
):
    _load_seed_location()
    response = launcher_api.post(
        "/api/runs/", {"selection": "+revenue_by_user", "executor": executor}, format="json"
    )
    assert response.status_code == 201, response.json()
    run_id = response.json()["id"]

    def finished() -> Any:
        status = launcher_api.get(f"/api/runs/{run_id}/").json()["status"]
        return status if status in ("SUCCESS", "FAILURE", "CANCELED") else None

    try:
        status = wait_for(finished, timeout=60, what="the seed run to finish")
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{seed_workers.logs()}") from None
    assert status == "SUCCESS", list(RunEvent.objects.filter(run_id=run_id).values_list("message", flat=True))
    assert sorted(Materialization.objects.filter(run_id=run_id).values_list("asset_key", flat=True)) == [
        "raw_orders",
        "raw_users",
        "revenue_by_user",
    ]
    listed = launcher_api.get("/api/assets/revenue_by_user/materializations/").json()
    assert listed["results"][0]["run_id"] == run_id
    assert listed["results"][0]["metadata"]["dagster/row_count"] == {"type": "int", "value": 3}
    events = launcher_api.get(f"/api/runs/{run_id}/events/").json()
    assert events["is_finished"] is True
    logs = [e["message"] for e in events["events"] if e["type"] == "LOG_MESSAGE"]
    assert "Fetched 5 users" in logs
    assert Run.objects.get(id=run_id).status == RunStatus.SUCCESS
