"""The catalog: asset list filters and status, detail, materializations, checks, wipe, the asset graph."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.events import DagsterEvent, DagsterEventType
from runs_app.instance_storage import DjangoInstanceStorage
from runs_app.models import Run
from runs_app.services import run_create
from tests.fixtures.locations import BASIC_PROJECT, store_location

CATALOG_KEYS = [
    "regional_sales",
    "reports/checks",
    "source/events",
    "warehouse/customers",
    "warehouse/orders",
]


def store(*events: DagsterEvent) -> None:
    DjangoInstanceStorage().store_events(list(events))


def materialized(run: Run, key: str, partition: str | None = None, **metadata: Any) -> DagsterEvent:
    return DagsterEvent(
        DagsterEventType.ASSET_MATERIALIZATION,
        run_id=str(run.id),
        step_key=key.replace("/", "__"),
        asset_key=AssetKey.from_user_string(key),
        partition=partition,
        payload={"metadata": metadata},
    )


def run_event(run: Run, kind: DagsterEventType) -> DagsterEvent:
    return DagsterEvent(kind, run_id=str(run.id))


def keys(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["key"] for row in response.json()["results"]]


# -- list and filters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", CATALOG_KEYS),
        ("?group=warehouse", ["warehouse/customers", "warehouse/orders"]),
        ("?group=nope", []),
        ("?kind=python", ["reports/checks", "warehouse/customers"]),
        ("?kind=sql", ["warehouse/orders"]),
        ("?kind=sq", []),
        ("?tag=team=data", ["warehouse/customers", "warehouse/orders"]),
        ("?tag=team=data&tag=tier=gold", ["warehouse/orders"]),
        ("?tag=team=bi", ["regional_sales", "reports/checks"]),
        ("?tag=team=", []),
        ("?q=orders", ["warehouse/orders"]),
        ("?q=RAW+events", ["source/events", "warehouse/orders"]),
        ("?q=warehouse&kind=python", ["warehouse/customers"]),
        ("?location=catalog", CATALOG_KEYS),
        ("?location=basic_project", []),
    ],
)
def test_asset_filters(viewer_api: APIClient, catalog_location: Any, query: str, expected: list[str]) -> None:
    assert keys(viewer_api.get(f"/api/assets/{query}")) == expected


def test_location_filter_with_two_locations(viewer_api: APIClient, catalog_location: Any) -> None:
    store_location(BASIC_PROJECT)
    assert keys(viewer_api.get("/api/assets/?location=basic_project&group=raw")) == ["numbers"]
    assert viewer_api.get("/api/assets/").json()["count"] == 11


def test_bad_tag_filter_is_400(viewer_api: APIClient, catalog_location: Any) -> None:
    response = viewer_api.get("/api/assets/?tag=team")
    assert response.status_code == 400
    assert response.json() == {"tag": ["'team' is not of the form key=value"]}


def test_asset_row(viewer_api: APIClient, catalog_location: Any) -> None:
    row = viewer_api.get("/api/assets/?q=orders").json()["results"][0]
    assert row == {
        "key": "warehouse/orders",
        "location": "catalog",
        "group": "warehouse",
        "description": "Orders cleaned from raw events.",
        "kinds": ["postgres", "sql"],
        "tags": {"team": "data", "tier": "gold"},
        "owners": [],
        "deps": ["source/events"],
        "is_materializable": True,
        "is_partitioned": False,
        "status": "NEVER_MATERIALIZED",
        "latest_materialization": None,
        "latest_run_id": None,
        "latest_run_status": None,
        "partition_counts": None,
    }


def test_pagination(viewer_api: APIClient, catalog_location: Any) -> None:
    body = viewer_api.get("/api/assets/?limit=2&offset=2").json()
    assert body["count"] == 5
    assert [r["key"] for r in body["results"]] == CATALOG_KEYS[2:4]
    assert body["next"].endswith("/api/assets/?limit=2&offset=4")


# -- status --------------------------------------------------------------------------------------


def test_status_follows_materializations_and_runs(viewer_api: APIClient, basic_location: Any) -> None:
    ok = run_create(selection=["numbers", "total"])
    store(run_event(ok, DagsterEventType.RUN_START), materialized(ok, "numbers"), materialized(ok, "total"))
    store(run_event(ok, DagsterEventType.RUN_SUCCESS))
    failed = run_create(selection=["total", "scaled"])  # total not materialized again
    store(run_event(failed, DagsterEventType.RUN_START), run_event(failed, DagsterEventType.RUN_FAILURE))
    partial = run_create(selection=["explodes", "after_explodes"])
    store(run_event(partial, DagsterEventType.RUN_START), materialized(partial, "explodes"))
    store(run_event(partial, DagsterEventType.RUN_FAILURE))
    queued = run_create(selection=["daily_numbers"], partition_key="2026-01-02")

    rows = {r["key"]: r for r in viewer_api.get("/api/assets/").json()["results"]}
    assert {k: r["status"] for k, r in rows.items()} == {
        "after_explodes": "FAILED",
        "daily_numbers": "IN_PROGRESS",
        "explodes": "MATERIALIZED",  # the failed run materialized it
        "numbers": "MATERIALIZED",
        "scaled": "FAILED",
        "total": "FAILED",
    }
    latest = rows["numbers"]["latest_materialization"]
    assert latest["run_id"] == str(ok.id) and latest["partition"] is None
    assert latest["timestamp"].endswith("Z")
    assert rows["total"]["latest_materialization"]["run_id"] == str(ok.id)
    assert (rows["total"]["latest_run_id"], rows["total"]["latest_run_status"]) == (str(failed.id), "FAILURE")
    assert rows["daily_numbers"]["latest_run_id"] == str(queued.id)

    rerun = run_create(selection=["total"])
    store(run_event(rerun, DagsterEventType.RUN_START), materialized(rerun, "total"))
    store(run_event(rerun, DagsterEventType.RUN_SUCCESS))
    assert viewer_api.get("/api/assets/total/").json()["status"] == "MATERIALIZED"


def test_asset_list_query_count_does_not_grow_with_the_page(
    viewer_api: APIClient, basic_location: Any
) -> None:
    for key in ["numbers", "total", "scaled"]:
        run = run_create(selection=[key])
        store(materialized(run, key))
    viewer_api.get("/api/assets/?limit=1")  # token last-used update happens once
    counts = []
    for query in ("limit=1&offset=1", "limit=6"):  # both pages hold the partitioned daily_numbers
        with CaptureQueriesContext(connection) as queries:
            assert viewer_api.get(f"/api/assets/?{query}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 9


# -- detail, materializations, checks ------------------------------------------------------------


def test_asset_detail(viewer_api: APIClient, catalog_location: Any) -> None:
    body = viewer_api.get("/api/assets/warehouse/orders/").json()
    assert {k: body[k] for k in ("key", "key_path", "deps", "dependents", "jobs", "partitions")} == {
        "key": "warehouse/orders",
        "key_path": ["warehouse", "orders"],
        "deps": ["source/events"],
        "dependents": ["reports/checks"],
        "jobs": ["warehouse_job"],
        "partitions": None,
    }
    assert body["metadata"] == {"owner_doc": {"type": "text", "value": "https://example.com/orders"}}
    assert body["checks"] == [
        {
            "name": "orders_not_empty",
            "description": "Orders are never empty",
            "blocking": True,
            "additional_deps": [],
        }
    ]
    assert body["status"] == "NEVER_MATERIALIZED" and body["is_external"] is False


def test_partitioned_and_external_asset_detail(viewer_api: APIClient, catalog_location: Any) -> None:
    sales = viewer_api.get("/api/assets/regional_sales/").json()
    assert sales["is_partitioned"] is True
    assert sales["partitions"] == {"type": "StaticPartitionsDefinition", "partition_keys": ["eu", "us"]}
    source = viewer_api.get("/api/assets/source/events/").json()
    assert (source["is_materializable"], source["is_external"], source["dependents"]) == (
        False,
        True,
        ["warehouse/orders"],
    )


def test_key_ending_like_a_sub_resource_is_still_served(viewer_api: APIClient, catalog_location: Any) -> None:
    response = viewer_api.get("/api/assets/reports/checks/")
    assert response.status_code == 200
    assert response.json()["key"] == "reports/checks"


def test_materializations_newest_first_with_partition_filter(
    viewer_api: APIClient, catalog_location: Any
) -> None:
    run = run_create(selection=["regional_sales"], partition_key="eu")
    store(materialized(run, "regional_sales", "eu", rows=1))
    store(materialized(run, "regional_sales", "us", rows=2))
    store(materialized(run, "regional_sales", "eu", rows=3))
    body = viewer_api.get("/api/assets/regional_sales/materializations/").json()
    assert body["count"] == 3
    assert [(m["partition"], m["metadata"]) for m in body["results"]] == [
        ("eu", {"rows": 3}),
        ("us", {"rows": 2}),
        ("eu", {"rows": 1}),
    ]
    first = body["results"][0]
    assert first["run_id"] == str(run.id) and first["asset_key"] == "regional_sales"
    assert first["id"] > body["results"][1]["id"]
    eu = viewer_api.get("/api/assets/regional_sales/materializations/?partition=eu&limit=1").json()
    assert eu["count"] == 2 and [m["metadata"] for m in eu["results"]] == [{"rows": 3}]


def test_checks_with_latest_evaluation(viewer_api: APIClient, catalog_location: Any) -> None:
    assert viewer_api.get("/api/assets/warehouse/orders/checks/").json() == [
        {
            "name": "orders_not_empty",
            "description": "Orders are never empty",
            "blocking": True,
            "additional_deps": [],
            "is_defined": True,
            "latest_evaluation": None,
        }
    ]
    run = run_create(selection=["warehouse/orders"])
    for passed in (False, True):
        store(
            DagsterEvent(
                DagsterEventType.ASSET_CHECK_EVALUATION,
                run_id=str(run.id),
                asset_key=AssetKey(["warehouse", "orders"]),
                payload={
                    "check_name": "orders_not_empty",
                    "passed": passed,
                    "severity": "ERROR",
                    "blocking": True,
                },
            )
        )
    [check] = viewer_api.get("/api/assets/warehouse/orders/checks/").json()
    latest = check["latest_evaluation"]
    assert (latest["passed"], latest["severity"], latest["run_id"]) == (True, "ERROR", str(run.id))
    assert viewer_api.get("/api/assets/warehouse/customers/checks/").json() == []


# -- wipe ----------------------------------------------------------------------------------------


def test_wipe_forgets_history(admin_api: APIClient, basic_location: Any) -> None:
    run = run_create(selection=["numbers"])
    store(materialized(run, "numbers"), run_event(run, DagsterEventType.RUN_SUCCESS))
    assert admin_api.get("/api/assets/numbers/").json()["status"] == "MATERIALIZED"
    response = admin_api.post("/api/assets/wipe/", {"keys": ["numbers", "numbers"]}, format="json")
    assert response.status_code == 200
    assert response.json() == {"wiped": ["numbers"]}
    assert admin_api.get("/api/assets/numbers/").json()["status"] == "NEVER_MATERIALIZED"
    assert admin_api.get("/api/assets/numbers/materializations/").json()["count"] == 0


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"keys": ["numbers", "nope"]}, {"keys": ["Unknown asset(s): nope"]}),
        ({"keys": []}, {"keys": ["Ensure this field has at least 1 elements."]}),
        ({}, {"keys": ["This field is required."]}),
    ],
)
def test_bad_wipe_is_400(admin_api: APIClient, basic_location: Any, body: Any, errors: Any) -> None:
    response = admin_api.post("/api/assets/wipe/", body, format="json")
    assert response.status_code == 400
    assert response.json() == errors


# -- the asset graph -----------------------------------------------------------------------------


def test_asset_graph(viewer_api: APIClient, catalog_location: Any) -> None:
    run = run_create(selection=["warehouse/customers"])
    store(materialized(run, "warehouse/customers"), run_event(run, DagsterEventType.RUN_SUCCESS))
    body = viewer_api.get("/api/asset-graph/").json()
    assert body["locations"] == [{"name": "catalog", "fingerprint": catalog_location.fingerprint}]
    assert body["edges"] == [
        {"source": "warehouse/orders", "target": "reports/checks"},
        {"source": "source/events", "target": "warehouse/orders"},
    ]
    nodes = {n["key"]: n for n in body["nodes"]}
    assert sorted(nodes) == CATALOG_KEYS
    assert nodes["warehouse/orders"] == {
        "key": "warehouse/orders",
        "location": "catalog",
        "group": "warehouse",
        "kinds": ["postgres", "sql"],
        "description": "Orders cleaned from raw events.",
        "is_materializable": True,
        "is_partitioned": False,
        "status": "NEVER_MATERIALIZED",
        "latest_materialization_at": None,
        "latest_run_id": None,
        "partition_counts": None,
    }
    assert nodes["warehouse/customers"]["status"] == "MATERIALIZED"
    assert nodes["warehouse/customers"]["latest_run_id"] == str(run.id)
    assert nodes["warehouse/customers"]["latest_materialization_at"].endswith("Z")
    assert nodes["regional_sales"]["partition_counts"] == {
        "total": 2,
        "materialized": 0,
        "failed": 0,
        "in_progress": 0,
        "missing": 2,
    }
    assert nodes["source/events"]["is_materializable"] is False


def test_asset_graph_is_cached_per_fingerprint(viewer_api: APIClient, catalog_location: Any) -> None:
    viewer_api.get("/api/asset-graph/")
    with CaptureQueriesContext(connection) as queries:
        viewer_api.get("/api/asset-graph/")
    assert not any('"snapshot"' in q["sql"] for q in queries.captured_queries)

    store_location(BASIC_PROJECT, name="catalog")  # the location changed: a new fingerprint
    body = viewer_api.get("/api/asset-graph/").json()
    assert sorted(n["key"] for n in body["nodes"]) == [
        "after_explodes",
        "daily_numbers",
        "explodes",
        "numbers",
        "scaled",
        "total",
    ]
    assert viewer_api.get("/api/asset-graph/?location=nope").json() == {
        "locations": [],
        "nodes": [],
        "edges": [],
    }
