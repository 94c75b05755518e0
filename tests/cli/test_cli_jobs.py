"""``orchestrator job list | execute`` in local mode."""

import json

import pytest

from runs_app.models import Run, RunStatus
from tests.cli.helpers import on_project

pytestmark = pytest.mark.django_db(transaction=True)


def test_list_prints_job_names() -> None:
    result = on_project("job", "list")

    assert result.exit_code == 0, result.output
    assert result.stdout == "analytics_job\n"


def test_list_json() -> None:
    result = on_project("job", "list", "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "name": "analytics_job",
            "location": "cli_project",
            "description": None,
            "is_asset_job": True,
            "asset_keys": ["total", "scaled"],
            "ops": [],
            "partitions": None,
        }
    ]


def test_execute_runs_the_job_after_its_upstream_exists() -> None:
    assert on_project("asset", "materialize", "--select", "numbers").exit_code == 0

    result = on_project(
        "job",
        "execute",
        "-j",
        "analytics_job",
        "--config-json",
        '{"ops": {"scaled": {"config": {"factor": 10}}}}',
    )

    assert result.exit_code == 0, result.output
    assert "(job analytics_job)" in result.stdout
    assert "Materialized total" in result.stdout
    assert "Materialized scaled" in result.stdout
    run = Run.objects.get(job_name="analytics_job")
    assert run.status == RunStatus.SUCCESS
    assert run.asset_selection == ["total", "scaled"]


def test_unknown_job_exits_2() -> None:
    result = on_project("job", "execute", "-j", "nope")

    assert result.exit_code == 2
    assert result.stderr == "Error: job: Unknown job 'nope'; jobs: analytics_job\n"
    assert not Run.objects.exists()
