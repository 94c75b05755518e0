"""Runs through the API: launch and its 400s, list filters, detail, events by cursor, cancel, re-execute."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from runs_app.execution import run_execute
from runs_app.models import Run, RunEvent, RunStatus
from runs_app.services import run_create


def launch(client: APIClient, **body: Any) -> Any:
    return client.post("/api/runs/", body, format="json")


# -- launch --------------------------------------------------------------------------------------


def test_launch_selection_string(
    launcher_api: APIClient, basic_location: Any, dispatched: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = launch(launcher_api, selection="+total", tags={"team": "data"})
    assert response.status_code == 201, response.content
    run = response.json()
    assert run["status"] == "QUEUED" and run["is_finished"] is False
    assert run["asset_selection"] == ["numbers", "total"]
    assert (run["job_name"], run["location_name"], run["created_by"]) == (
        "__ASSET_JOB",
        "basic_project",
        "launcher",
    )
    assert run["tags"] == {"team": "data"}
    assert run["steps"] == [] and run["materialized_asset_keys"] == []
    assert run["created_at"].endswith("Z")
    assert dispatched["runs"] == [run["id"]]
    assert Run.objects.get(id=run["id"]).status == RunStatus.QUEUED


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"selection": ["scaled"], "run_config": {"ops": {"scaled": {"config": {"factor": 3}}}}},
            {"asset_selection": ["scaled"], "run_config": {"ops": {"scaled": {"config": {"factor": 3}}}}},
        ),
        ({"job": "analytics_job"}, {"job_name": "analytics_job", "asset_selection": ["total", "scaled"]}),
        (
            {"job": "analytics_job", "selection": ["total"]},
            {"job_name": "analytics_job", "asset_selection": ["total"]},
        ),
        (
            {"selection": ["daily_numbers"], "partition_key": "2026-01-02"},
            {
                "partition_key": "2026-01-02",
                "partition_range": None,
                "tags": {"dagster/partition": "2026-01-02"},
            },
        ),
        (
            {"selection": "daily_numbers", "partition_range": ["2026-01-01", "2026-01-03"]},
            {"partition_key": None, "partition_range": ["2026-01-01", "2026-01-03"]},
        ),
        ({"selection": ["numbers"], "executor": "per_step"}, {"executor": "per_step"}),
        ({"selection": ["numbers"], "location": "basic_project"}, {"location_name": "basic_project"}),
    ],
)
def test_launch_variants(
    launcher_api: APIClient, basic_location: Any, body: Any, expected: dict[str, Any]
) -> None:
    response = launch(launcher_api, **body)
    assert response.status_code == 201, response.content
    assert {k: response.json()[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "selection"),
        ({"selection": ["nope"]}, "selection"),
        ({"selection": "group:nope"}, "selection"),
        ({"selection": 5}, "selection"),
        ({"selection": ["numbers", 1]}, "selection"),
        ({"job": "nope"}, "job"),
        ({"selection": ["daily_numbers"]}, "partition_key"),
        ({"selection": ["daily_numbers"], "partition_key": "1999-01-01"}, "partition_key"),
        ({"selection": ["daily_numbers"], "partition_key": "not-a-date"}, "partition_key"),
        ({"selection": ["numbers"], "partition_key": "2026-01-02"}, "partition_key"),
        ({"selection": ["daily_numbers"], "partition_range": ["2026-01-01"]}, "partition_range"),
        (
            {"selection": ["daily_numbers"], "partition_range": ["2026-01-01", "1999-01-01"]},
            "partition_range",
        ),
        (
            {"selection": ["scaled"], "run_config": {"ops": {"scaled": {"config": {"factor": "x"}}}}},
            "run_config",
        ),
        ({"selection": ["numbers"], "run_config": {"ops": {"other": {}}}}, "run_config"),
        ({"selection": ["numbers"], "run_config": {"nope": {}}}, "run_config"),
        ({"selection": ["numbers"], "run_config": ["x"]}, "run_config"),
        ({"selection": ["numbers"], "tags": ["x"]}, "tags"),
        ({"selection": ["numbers"], "executor": "k8s"}, "executor"),
        ({"selection": ["numbers"], "location": "nope"}, "location"),
        ({"selection": ["numbers"], "partition": "2026-01-02"}, "partition"),
    ],
)
def test_bad_launch_is_400_naming_the_field(
    launcher_api: APIClient, basic_location: Any, dispatched: Any, body: Any, field: str
) -> None:
    response = launch(launcher_api, **body)
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert all(isinstance(m, str) and m for m in response.json()[field])
    assert Run.objects.count() == 0 and dispatched["runs"] == []


def test_launch_without_a_loaded_location_is_400(launcher_api: APIClient) -> None:
    response = launch(launcher_api, selection=["numbers"])
    assert response.status_code == 400
    assert response.json() == {"code_location": ["No code location is loaded yet"]}


def test_viewer_cannot_launch(viewer_api: APIClient, basic_location: Any) -> None:
    assert launch(viewer_api, selection=["numbers"]).status_code == 403
    assert Run.objects.count() == 0


def test_malformed_json_is_400(launcher_api: APIClient, basic_location: Any) -> None:
    response = launcher_api.post("/api/runs/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["detail"]


# -- list ----------------------------------------------------------------------------------------


@pytest.fixture
def runs(basic_location: Any) -> dict[str, Run]:
    """Four runs, oldest first: a success, a failure, a queued job run, a queued partition run."""
    made = {
        "numbers": run_create(selection=["numbers"], tags={"team": "a", "env": "prod"}),
        "broken": run_create(selection=["explodes"], tags={"team": "b"}),
        "job": run_create(job="analytics_job", tags={"team": "a"}),
        "daily": run_create(selection=["daily_numbers"], partition_key="2026-01-02"),
    }
    Run.objects.filter(id=made["numbers"].id).update(status=RunStatus.SUCCESS)
    Run.objects.filter(id=made["broken"].id).update(status=RunStatus.FAILURE)
    return made


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["daily", "job", "broken", "numbers"]),
        ("?status=SUCCESS", ["numbers"]),
        ("?status=SUCCESS,FAILURE", ["broken", "numbers"]),
        ("?status=SUCCESS&status=FAILURE", ["broken", "numbers"]),
        ("?status=QUEUED", ["daily", "job"]),
        ("?job=analytics_job", ["job"]),
        ("?asset=numbers", ["numbers"]),
        ("?asset=total", ["job"]),
        ("?tag=team=a", ["job", "numbers"]),
        ("?tag=team=a&tag=env=prod", ["numbers"]),
        ("?tag=dagster/partition=2026-01-02", ["daily"]),
        ("?tag=team=a&status=QUEUED", ["job"]),
        ("?location=basic_project&limit=2", ["daily", "job"]),
        ("?location=other", []),
    ],
)
def test_run_filters(viewer_api: APIClient, runs: dict[str, Run], query: str, expected: list[str]) -> None:
    names = {str(run.id): name for name, run in runs.items()}
    response = viewer_api.get(f"/api/runs/{query}")
    assert response.status_code == 200, response.content
    assert [names[r["id"]] for r in response.json()["results"]] == expected


@pytest.mark.parametrize(("query", "field"), [("?status=BOGUS", "status"), ("?tag=novalue", "tag")])
def test_bad_run_filter_is_400(viewer_api: APIClient, runs: Any, query: str, field: str) -> None:
    response = viewer_api.get(f"/api/runs/{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_run_list_pagination(viewer_api: APIClient, runs: Any) -> None:
    body = viewer_api.get("/api/runs/?limit=3").json()
    assert body["count"] == 4 and len(body["results"]) == 3 and body["next"].endswith("limit=3&offset=3")


# -- cancel and re-execute -----------------------------------------------------------------------


def test_cancel_queued_run(launcher_api: APIClient, runs: dict[str, Run]) -> None:
    url = f"/api/runs/{runs['job'].id}/cancel/"
    response = launcher_api.post(url)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["is_finished"]) == ("CANCELED", True)
    again = launcher_api.post(url)
    assert again.status_code == 400
    assert list(again.json()) == ["status"]


def test_reexecute_creates_a_child_run(
    launcher_api: APIClient, runs: dict[str, Run], dispatched: Any
) -> None:
    parent = runs["daily"]
    response = launcher_api.post(f"/api/runs/{parent.id}/reexecute/", {}, format="json")
    assert response.status_code == 201, response.content
    child = response.json()
    assert child["id"] != str(parent.id)
    assert (child["parent_run_id"], child["root_run_id"]) == (str(parent.id), str(parent.id))
    assert (child["asset_selection"], child["partition_key"], child["status"]) == (
        ["daily_numbers"],
        "2026-01-02",
        "QUEUED",
    )
    assert child["created_by"] == "launcher"


@pytest.mark.parametrize(("body", "field"), [({"from_failure": True}, "from_failure"), ({"x": 1}, "x")])
def test_bad_reexecute_is_400(launcher_api: APIClient, runs: dict[str, Run], body: Any, field: str) -> None:
    response = launcher_api.post(f"/api/runs/{runs['numbers'].id}/reexecute/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]


# -- executed runs: detail and events ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_detail_and_events_of_an_executed_run(viewer_api: APIClient, basic_location: Any) -> None:
    run = run_create(selection="+total")
    run_url = f"/api/runs/{run.id}/"
    queued = viewer_api.get(f"{run_url}events/").json()
    assert [e["type"] for e in queued["events"]] == ["RUN_ENQUEUED"]
    assert (queued["has_more"], queued["run_status"], queued["is_finished"]) == (False, "QUEUED", False)

    assert run_execute(run_id=str(run.id)) == "SUCCESS"
    detail = viewer_api.get(run_url).json()
    assert detail["status"] == "SUCCESS" and detail["start_time"] and detail["end_time"]
    assert detail["materialized_asset_keys"] == ["numbers", "total"]
    assert [(s["step_key"], s["status"], s["attempts"]) for s in detail["steps"]] == [
        ("numbers", "SUCCESS", 1),
        ("total", "SUCCESS", 1),
    ]

    all_ids = list(RunEvent.objects.filter(run=run).order_by("id").values_list("id", flat=True))
    seen, after, pages = [], 0, 0
    while True:
        page = viewer_api.get(f"{run_url}events/?after={after}&limit=3").json()
        pages += 1
        seen.extend(page["events"])
        assert page["cursor"] == (page["events"][-1]["id"] if page["events"] else after)
        after = page["cursor"]
        if not page["has_more"]:
            break
        assert page["is_finished"] is False
    assert page["is_finished"] is True and page["run_status"] == "SUCCESS"
    assert [e["id"] for e in seen] == all_ids and pages == -(-len(all_ids) // 3)
    assert seen[0]["type"] == "RUN_ENQUEUED" and seen[-1]["type"] == "RUN_SUCCESS"
    log = next(e for e in seen if e["type"] == "LOG_MESSAGE" and e["step_key"] == "total")
    assert (log["level"], log["message"]) == ("INFO", "summing 3 numbers")
    mat = next(e for e in seen if e["type"] == "ASSET_MATERIALIZATION")
    assert mat["asset_key"] == "numbers" and mat["timestamp"].endswith("Z")

    tail = viewer_api.get(f"{run_url}events/?after={after}").json()
    assert (tail["events"], tail["cursor"], tail["is_finished"]) == ([], after, True)


@pytest.mark.parametrize("query", ["?after=-1", "?after=x", "?limit=0", "?limit=5001"])
def test_bad_events_query_is_400(viewer_api: APIClient, runs: dict[str, Run], query: str) -> None:
    response = viewer_api.get(f"/api/runs/{runs['numbers'].id}/events/{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query[1:].split("=")[0]]


@pytest.mark.django_db(transaction=True)
def test_reexecute_from_failure(launcher_api: APIClient, basic_location: Any) -> None:
    run = run_create(selection=["numbers", "explodes", "after_explodes"])
    assert run_execute(run_id=str(run.id)) == "FAILURE"
    detail = launcher_api.get(f"/api/runs/{run.id}/").json()
    assert detail["failure_reason"] or detail["status"] == "FAILURE"
    response = launcher_api.post(f"/api/runs/{run.id}/reexecute/", {"from_failure": True}, format="json")
    assert response.status_code == 201, response.content
    child = response.json()
    assert child["parent_run_id"] == str(run.id)
    assert child["step_selection"] == ["after_explodes", "explodes"]
