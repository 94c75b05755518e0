"""The asset page's history: materializations with their step's duration and run status; resources."""

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.events import DagsterEvent, DagsterEventType
from runs_app.execution import run_execute
from runs_app.instance_storage import DjangoInstanceStorage
from runs_app.models import StepStats
from runs_app.services import run_create
from tests.fixtures.locations import store_location

CONFIG_PROJECT = Path(__file__).parent / "projects" / "config_project.py"


@pytest.mark.django_db(transaction=True)
def test_materializations_carry_step_duration_and_run_status(
    viewer_api: APIClient, basic_location: Any
) -> None:
    run = run_create(selection=["numbers"])
    assert run_execute(run_id=str(run.id)) == "SUCCESS"
    step = StepStats.objects.get(run=run, step_key="numbers")
    assert step.start_time and step.end_time
    unended = run_create(selection=["numbers"])  # a materialization whose step has not ended
    DjangoInstanceStorage().store_events(
        [
            DagsterEvent(
                DagsterEventType.ASSET_MATERIALIZATION,
                run_id=str(unended.id),
                step_key="numbers",
                asset_key=AssetKey(["numbers"]),
            )
        ]
    )

    rows = viewer_api.get("/api/assets/numbers/materializations/").json()["results"]
    assert [(r["run_id"], r["run_status"]) for r in rows] == [
        (str(unended.id), "QUEUED"),
        (str(run.id), "SUCCESS"),
    ]
    assert rows[0]["step_duration_seconds"] is None
    expected = round((step.end_time - step.start_time).total_seconds(), 3)
    assert rows[1]["step_duration_seconds"] == expected and expected >= 0
    assert rows[1]["metadata"] == {} or isinstance(rows[1]["metadata"], dict)


@pytest.mark.django_db(transaction=True)
def test_materialization_history_reads_in_a_bounded_number_of_queries(
    viewer_api: APIClient, basic_location: Any
) -> None:
    counts = []
    for _ in range(2):
        run = run_create(selection=["numbers"])
        assert run_execute(run_id=str(run.id)) == "SUCCESS"
        viewer_api.get("/api/assets/numbers/materializations/")
        with CaptureQueriesContext(connection) as queries:
            assert viewer_api.get("/api/assets/numbers/materializations/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8


def test_asset_detail_lists_required_resources(viewer_api: APIClient, db: Any) -> None:
    store_location(CONFIG_PROJECT, name="config_project")
    detail = viewer_api.get("/api/assets/scaled_numbers/").json()
    assert detail["resources"] == ["io_manager", "warehouse"]
    assert viewer_api.get("/api/assets/base/").json()["resources"] == ["io_manager"]
