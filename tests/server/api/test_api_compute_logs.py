"""Compute logs through the API: each step's stdout and stderr, listed and read by offset."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from runs_app.compute_logs import compute_log_storage
from runs_app.execution import run_execute
from runs_app.models import Run, StepStats
from runs_app.services import run_create


def logs_url(run: Run, read: bool = False) -> str:
    return f"/api/runs/{run.id}/compute-logs/{'read/' if read else ''}"


@pytest.fixture
def executed(basic_location: Any) -> Run:
    run = run_create(selection="+total")
    assert run_execute(run_id=str(run.id)) == "SUCCESS"
    return run


@pytest.mark.django_db(transaction=True)
def test_list_and_read_a_steps_stdout(viewer_api: APIClient, executed: Run) -> None:
    listed = viewer_api.get(logs_url(executed))
    assert listed.status_code == 200, listed.content
    assert listed.json() == [
        {"step_key": "numbers", "stream": "stdout", "size": 0, "truncated": False},
        {"step_key": "numbers", "stream": "stderr", "size": 0, "truncated": False},
        {"step_key": "total", "stream": "stdout", "size": 14, "truncated": False},
        {"step_key": "total", "stream": "stderr", "size": 0, "truncated": False},
    ]
    page = viewer_api.get(logs_url(executed, read=True), {"step": "total", "stream": "stdout"}).json()
    assert page == {
        "step_key": "total",
        "stream": "stdout",
        "offset": 0,
        "next_offset": 14,
        "size": 14,
        "data": "total printed\n",
        "truncated": False,
        "is_complete": True,
    }
    files = Path(settings.ORCHESTRATOR_COMPUTE_LOG_DIR) / str(executed.id)
    assert sorted(p.name for p in files.iterdir()) == ["numbers.err", "numbers.out", "total.err", "total.out"]


@pytest.mark.django_db(transaction=True)
def test_paging_by_offset_and_past_the_end(viewer_api: APIClient, executed: Run) -> None:
    url = logs_url(executed, read=True)
    first = viewer_api.get(url, {"step": "total", "limit": 16, "offset": 6}).json()
    assert (first["data"], first["offset"], first["next_offset"], first["is_complete"]) == (
        "printed\n",
        6,
        14,
        True,
    )
    past = viewer_api.get(url, {"step": "total", "offset": 500}).json()
    assert (past["data"], past["next_offset"], past["size"], past["is_complete"]) == ("", 500, 14, True)


def test_a_running_step_is_not_complete_and_pages_end_on_whole_characters(
    viewer_api: APIClient, basic_location: Any
) -> None:
    run = run_create(selection=["numbers"])
    StepStats.objects.create(run=run, step_key="numbers", status=StepStats.Status.RUNNING)
    with compute_log_storage().open_writer(str(run.id), "numbers", "stdout") as file:
        file.write(("x" * 15 + "é" * 10).encode())  # the 16th byte is the first half of an é
    url = logs_url(run, read=True)
    page = viewer_api.get(url, {"step": "numbers", "limit": 16}).json()
    assert (page["data"], page["next_offset"], page["size"], page["is_complete"]) == ("x" * 15, 15, 35, False)
    rest = viewer_api.get(url, {"step": "numbers", "offset": 15}).json()
    assert (rest["data"], rest["next_offset"], rest["is_complete"]) == ("é" * 10, 35, False)
    StepStats.objects.filter(run=run).update(status=StepStats.Status.SUCCESS)
    assert viewer_api.get(url, {"step": "numbers", "offset": 35}).json()["is_complete"] is True
    assert viewer_api.get(url, {"step": "numbers", "limit": 16}).json()["is_complete"] is False
    bad = viewer_api.get(url, {"step": "numbers", "offset": 1}).json()
    assert bad["data"].startswith("x") and bad["next_offset"] == 35  # a bad byte never breaks a read


def test_a_run_without_logs_lists_none(viewer_api: APIClient, basic_location: Any) -> None:
    run = run_create(selection=["numbers"])
    assert viewer_api.get(logs_url(run)).json() == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"step": "nope"}, 404, "detail"),
        ({"step": "total", "stream": "stdin"}, 400, "stream"),
        ({}, 400, "step"),
        ({"step": "total", "offset": -1}, 400, "offset"),
        ({"step": "total", "offset": "x"}, 400, "offset"),
        ({"step": "total", "limit": 0}, 400, "limit"),
        ({"step": "total", "limit": 10_000_000}, 400, "limit"),
        ({"step": "total", "bogus": 1}, 400, "bogus"),
    ],
)
def test_bad_reads(
    viewer_api: APIClient, executed: Run, query: dict[str, Any], status: int, field: str
) -> None:
    response = viewer_api.get(logs_url(executed, read=True), query)
    assert response.status_code == status, response.content
    assert list(response.json()) == [field]


def test_unknown_run_is_404_and_anonymous_is_refused(viewer_api: APIClient, db: Any) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    assert viewer_api.get(f"/api/runs/{missing}/compute-logs/").status_code == 404
    assert viewer_api.get(f"/api/runs/{missing}/compute-logs/read/?step=x").status_code == 404
    assert APIClient().get(f"/api/runs/{missing}/compute-logs/").status_code in (401, 403)
