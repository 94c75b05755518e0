"""The runs list's created range and text search, and re-executing selected steps."""

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest
from rest_framework.test import APIClient

from runs_app.execution import run_execute
from runs_app.models import Run, RunStatus
from runs_app.services import run_create


@pytest.fixture
def dated(basic_location: Any) -> dict[str, Run]:
    made = {
        "old": run_create(selection=["numbers"], created_by="ana"),
        "mid": run_create(job="analytics_job"),
        "new": run_create(selection=["daily_numbers"], partition_key="2026-01-02"),
    }
    base = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    for i, name in enumerate(("old", "mid", "new")):
        Run.objects.filter(id=made[name].id).update(created_at=base + dt.timedelta(days=i))
    return made


def names(response: Any, runs: dict[str, Run]) -> list[str]:
    assert response.status_code == 200, response.content
    by_id = {str(r.id): n for n, r in runs.items()}
    return [by_id[r["id"]] for r in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("created_after=2026-03-02T00:00:00Z", ["new", "mid"]),
        ("created_before=2026-03-02T12:00:00Z", ["old"]),
        ("created_after=2026-03-02T12:00:00Z&created_before=2026-03-03T00:00:00Z", ["mid"]),
        (f"created_after={quote('2026-03-02T13:00:00+01:00')}", ["new", "mid"]),
        ("q=analytics", ["mid"]),
        ("q=ANALYTICS_job", ["mid"]),
        ("q=daily", ["new"]),
        ("q=numbers", ["new", "old"]),  # daily_numbers and numbers
        ("q=total", ["mid"]),  # in the job's asset selection
        ("q=numbers+daily", ["new"]),
        ("q=nothing", []),
    ],
)
def test_created_range_and_text(
    viewer_api: APIClient, dated: dict[str, Run], query: str, expected: list[str]
) -> None:
    assert names(viewer_api.get(f"/api/runs/?{query}"), dated) == expected


def test_text_matches_the_run_id(viewer_api: APIClient, dated: dict[str, Run]) -> None:
    run_id = str(dated["mid"].id)
    assert names(viewer_api.get(f"/api/runs/?q={run_id[:8]}"), dated) == ["mid"]
    assert names(viewer_api.get(f"/api/runs/?q={run_id}"), dated) == ["mid"]


def test_entries_carry_who_created_them(viewer_api: APIClient, dated: dict[str, Run]) -> None:
    rows = {r["id"]: r for r in viewer_api.get("/api/runs/").json()["results"]}
    assert rows[str(dated["old"].id)]["created_by"] == "ana"


@pytest.mark.parametrize("query", ["created_after=yesterday", "created_before=2026-13-01"])
def test_bad_created_range_is_400(viewer_api: APIClient, dated: Any, query: str) -> None:
    response = viewer_api.get(f"/api/runs/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


# -- re-execute selected steps -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_reexecute_selected_steps(launcher_api: APIClient, basic_location: Any) -> None:
    run = run_create(selection="*scaled")
    assert run_execute(run_id=str(run.id)) == "SUCCESS"
    response = launcher_api.post(
        f"/api/runs/{run.id}/reexecute/", {"step_selection": ["total", "scaled"]}, format="json"
    )
    assert response.status_code == 201, response.content
    child = response.json()
    assert (child["parent_run_id"], child["step_selection"]) == (str(run.id), ["scaled", "total"])
    assert run_execute(run_id=child["id"]) == "SUCCESS"
    ran = {s["step_key"] for s in launcher_api.get(f"/api/runs/{child['id']}/").json()["steps"]}
    assert ran == {"scaled", "total"}


def test_reexecute_selected_steps_of_a_run_not_yet_planned(
    launcher_api: APIClient, basic_location: Any
) -> None:
    run = run_create(selection=["numbers", "total"])
    response = launcher_api.post(
        f"/api/runs/{run.id}/reexecute/", {"step_selection": ["total"]}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["step_selection"] == ["total"]


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"step_selection": ["total", "nope", "zzz"]}, "nope, zzz"),
        ({"step_selection": []}, ""),
        ({"step_selection": "total"}, ""),
        ({"step_selection": ["total"], "from_failure": True}, "not both"),
    ],
)
def test_bad_step_selection_is_400(
    launcher_api: APIClient, basic_location: Any, body: Any, needle: str
) -> None:
    run = run_create(selection=["numbers", "total"])
    Run.objects.filter(id=run.id).update(status=RunStatus.FAILURE)
    response = launcher_api.post(f"/api/runs/{run.id}/reexecute/", body, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["step_selection"]
    assert needle in response.json()["step_selection"][0]
    assert Run.objects.count() == 1
