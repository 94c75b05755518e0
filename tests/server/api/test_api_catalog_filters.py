"""The catalog list's owner, status and selection filters, partition counts, and big pages."""

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.events import DagsterEvent, DagsterEventType
from runs_app.instance_storage import DjangoInstanceStorage
from runs_app.models import Run, RunStatus
from runs_app.services import run_create
from tests.fixtures.locations import store_location

OWNED_PROJECT = Path(__file__).parent / "projects" / "owned_project.py"
ALL = ["daily", "raw/feed", "raw/orders", "regional", "revenue"]


@pytest.fixture
def owned(db: Any) -> Any:
    return store_location(OWNED_PROJECT, name="owned")


def store(*events: DagsterEvent) -> None:
    DjangoInstanceStorage().store_events(list(events))


def materialized(run: Run, key: str, partition: str | None = None) -> DagsterEvent:
    return DagsterEvent(
        DagsterEventType.ASSET_MATERIALIZATION,
        run_id=str(run.id),
        step_key=key.replace("/", "__"),
        asset_key=AssetKey.from_user_string(key),
        partition=partition,
    )


def finish(run: Run, status: str) -> None:
    Run.objects.filter(id=run.id).update(status=status)


def keys(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["key"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?owner=bo@example.com", ["regional", "revenue"]),
        ("?owner=team:ingest", ["raw/feed", "raw/orders"]),
        ("?owner=bo@example.com&owner=ana@example.com", ["raw/orders", "regional", "revenue"]),
        ("?owner=nobody", []),
        ("?owner=bo", []),  # exact, not a substring
        ("?select=revenue", ["revenue"]),
        ("?select=%2Brevenue", ["raw/orders", "revenue"]),
        ("?select=revenue%2B", ["regional", "revenue"]),
        ("?select=*revenue", ["raw/orders", "revenue"]),
        ("?select=group:marts", ["regional", "revenue"]),
        ("?select=group:sources", ["raw/feed"]),  # external assets are selectable for viewing
        ("?select=owner:bo@example.com", ["regional", "revenue"]),
        ("?select=daily,raw/orders", ["daily", "raw/orders"]),
        ("?select=*", ALL),
        ("?select=group:marts&owner=bo@example.com&q=regional", ["regional"]),
    ],
)
def test_owner_and_selection_filters(
    viewer_api: APIClient, owned: Any, query: str, expected: list[str]
) -> None:
    assert keys(viewer_api.get(f"/api/assets/{query}")) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?select=nope", "select"),
        ("?select=%2B%2B%2B", "select"),
        ("?select=group:", "select"),
        ("?status=BOGUS", "status"),
    ],
)
def test_bad_filters_are_400_naming_the_field(
    viewer_api: APIClient, owned: Any, query: str, field: str
) -> None:
    response = viewer_api.get(f"/api/assets/{query}")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert all(isinstance(m, str) and m for m in response.json()[field])


def test_status_filter(viewer_api: APIClient, owned: Any) -> None:
    ok = run_create(selection=["raw/orders"])
    store(materialized(ok, "raw/orders"))
    finish(ok, RunStatus.SUCCESS)
    failed = run_create(selection=["revenue"])
    finish(failed, RunStatus.FAILURE)
    run_create(selection=["daily"], partition_key="2026-01-03")  # queued: in progress

    def status(query: str) -> list[str]:
        return keys(viewer_api.get(f"/api/assets/?status={query}"))

    assert status("MATERIALIZED") == ["raw/orders"]
    assert status("FAILED") == ["revenue"]
    assert status("IN_PROGRESS") == ["daily"]
    assert status("NEVER_MATERIALIZED") == ["raw/feed", "regional"]
    assert status("FAILED,IN_PROGRESS") == ["daily", "revenue"]
    assert status("NEVER_MATERIALIZED&status=MATERIALIZED") == ["raw/feed", "raw/orders", "regional"]


def test_partition_counts(viewer_api: APIClient, owned: Any) -> None:
    good = run_create(selection=["regional"], partition_key="eu")
    store(materialized(good, "regional", "eu"))
    finish(good, RunStatus.SUCCESS)
    us = run_create(selection=["regional"], partition_key="us")
    store(materialized(us, "regional", "us"))
    finish(us, RunStatus.SUCCESS)
    broke_us = run_create(selection=["regional"], partition_key="us")  # fails after us was materialized
    finish(broke_us, RunStatus.FAILURE)
    broke_apac = run_create(selection=["regional"], partition_key="apac")
    finish(broke_apac, RunStatus.FAILURE)
    fixed_apac = run_create(selection=["regional"], partition_key="apac")
    store(materialized(fixed_apac, "regional", "apac"))  # materialized after failing: not failed
    finish(fixed_apac, RunStatus.SUCCESS)
    run_create(selection=["daily"], partition_range=("2026-01-02", "2026-01-04"))  # queued over 3 days
    daily_failure = run_create(selection=["daily"], partition_key="2026-01-09")
    finish(daily_failure, RunStatus.FAILURE)

    rows = {r["key"]: r for r in viewer_api.get("/api/assets/").json()["results"]}
    assert rows["regional"]["partition_counts"] == {
        "total": 4,
        "materialized": 2,
        "failed": 1,
        "in_progress": 0,
        "missing": 1,
    }
    assert rows["daily"]["partition_counts"] == {
        "total": 10,
        "materialized": 0,
        "failed": 1,
        "in_progress": 3,
        "missing": 6,
    }
    assert rows["revenue"]["partition_counts"] is None
    detail = viewer_api.get("/api/assets/regional/").json()
    assert detail["partition_counts"] == rows["regional"]["partition_counts"]


def test_partition_counts_take_a_bounded_number_of_queries(viewer_api: APIClient, owned: Any) -> None:
    for partition in ("eu", "us", "apac"):
        run = run_create(selection=["regional"], partition_key=partition)
        finish(run, RunStatus.FAILURE)
    for day in range(1, 9):
        run_create(selection=["daily"], partition_key=f"2026-01-0{day}")
    viewer_api.get("/api/assets/?limit=1")
    counts = []
    for query in ("limit=1", "limit=5"):  # "daily" alone, then every asset
        with CaptureQueriesContext(connection) as queries:
            assert viewer_api.get(f"/api/assets/?{query}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10


def test_pages_of_up_to_5000(viewer_api: APIClient, owned: Any) -> None:
    body = viewer_api.get("/api/assets/?limit=5000").json()
    assert body["count"] == 5 and len(body["results"]) == 5
    assert viewer_api.get("/api/assets/?limit=9999").json()["next"] is None  # capped, not refused


# -- /api/asset-selection/ -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("select", "expected"),
    [
        ("+revenue", ["raw/orders", "revenue"]),
        ("revenue+", ["regional", "revenue"]),
        ("group:marts, daily", ["daily", "regional", "revenue"]),
        ("owner:team:ingest", ["raw/feed", "raw/orders"]),
        ("*", ALL),
    ],
)
def test_asset_selection(viewer_api: APIClient, owned: Any, select: str, expected: list[str]) -> None:
    response = viewer_api.get("/api/asset-selection/", {"select": select})
    assert response.status_code == 200, response.content
    assert response.json() == {"keys": expected}


@pytest.mark.parametrize(
    ("select", "culprit"),
    [("nope", "nope"), ("revenue, +++", "+++"), ("group:", "group:"), ("a b", "a b")],
)
def test_bad_asset_selection_is_400_naming_the_culprit(
    viewer_api: APIClient, owned: Any, select: str, culprit: str
) -> None:
    response = viewer_api.get("/api/asset-selection/", {"select": select})
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["select"]
    assert culprit in response.json()["select"][0]


def test_asset_selection_needs_select_and_a_viewer(viewer_api: APIClient, owned: Any) -> None:
    response = viewer_api.get("/api/asset-selection/")
    assert response.status_code == 400 and list(response.json()) == ["select"]
    assert APIClient().get("/api/asset-selection/?select=*").status_code in (401, 403)


# -- the asset graph's nodes ---------------------------------------------------------------------


def test_graph_nodes_carry_description_latest_materialization_and_partition_counts(
    viewer_api: APIClient, owned: Any
) -> None:
    ok = run_create(selection=["revenue"])
    store(materialized(ok, "revenue"))
    finish(ok, RunStatus.SUCCESS)
    later = run_create(selection=["revenue"])  # queued: the latest run, not the one that materialized
    part = run_create(selection=["regional"], partition_key="eu")
    store(materialized(part, "regional", "eu"))
    finish(part, RunStatus.SUCCESS)
    run_create(selection=["regional"], partition_key="us")

    nodes = {n["key"]: n for n in viewer_api.get("/api/asset-graph/").json()["nodes"]}
    revenue = nodes["revenue"]
    assert (revenue["status"], revenue["latest_run_id"]) == ("IN_PROGRESS", str(later.id))
    listed = viewer_api.get("/api/assets/?select=revenue").json()["results"][0]
    assert revenue["latest_materialization_at"] == listed["latest_materialization"]["timestamp"]
    assert revenue["partition_counts"] is None and revenue["description"] == ""
    assert nodes["regional"]["partition_counts"] == {
        "total": 4,
        "materialized": 1,
        "failed": 0,
        "in_progress": 1,
        "missing": 2,
    }
    assert nodes["raw/feed"]["latest_run_id"] is None


def test_graph_descriptions_are_cut_at_200_characters(viewer_api: APIClient, db: Any, tmp_path: Path) -> None:
    project = tmp_path / "long_project.py"
    project.write_text(
        "from orchestrator import Definitions, asset\n\n"
        "@asset(description='é' * 500)\n"
        "def wordy() -> int:\n    return 1\n\n"
        "defs = Definitions(assets=[wordy])\n"
    )
    store_location(project, name="long")
    node = viewer_api.get("/api/asset-graph/").json()["nodes"][0]
    assert node["description"] == "é" * 200


def test_graph_query_count_does_not_grow_with_history(viewer_api: APIClient, owned: Any) -> None:
    viewer_api.get("/api/asset-graph/")
    with CaptureQueriesContext(connection) as before:
        viewer_api.get("/api/asset-graph/")
    for partition in ("eu", "us", "apac"):
        finish(run_create(selection=["regional"], partition_key=partition), RunStatus.FAILURE)
    run = run_create(selection=["revenue", "raw/orders"])
    store(materialized(run, "revenue"), materialized(run, "raw/orders"))
    with CaptureQueriesContext(connection) as after:
        viewer_api.get("/api/asset-graph/")
    assert len(after) - len(before) <= 1 and len(after) <= 12  # one more for the failed partitions
