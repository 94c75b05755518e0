"""``orchestrator run list | show | logs | cancel`` on runs of the local database."""

import json
import uuid

import pytest

from orchestrator.cli.database import require_local_store
from orchestrator.cli.options import LaunchRequest
from runs_app.models import Run, RunStatus
from tests.cli.helpers import invoke, on_project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_runs() -> tuple[Run, Run]:
    """A successful run of ``numbers``, then a failed run of ``explodes``."""
    assert on_project("asset", "materialize", "--select", "numbers").exit_code == 0
    assert on_project("asset", "materialize", "--select", "explodes").exit_code == 1
    return Run.objects.get(status=RunStatus.SUCCESS), Run.objects.get(status=RunStatus.FAILURE)


def test_list_without_runs() -> None:
    result = invoke("run", "list")

    assert result.exit_code == 0, result.output
    assert result.stdout == "No runs.\n"


def test_list_newest_first(two_runs: tuple[Run, Run]) -> None:
    ok, failed = two_runs

    result = invoke("run", "list")

    assert result.exit_code == 0, result.output
    header, first, second = result.stdout.splitlines()
    assert header.split() == ["ID", "STATUS", "JOB", "/", "ASSETS", "PARTITION", "CREATED", "TOOK"]
    assert first.split()[:3] == [str(failed.id), "FAILURE", "explodes"]
    assert second.split()[:3] == [str(ok.id), "SUCCESS", "numbers"]


def test_list_filters_and_json(two_runs: tuple[Run, Run]) -> None:
    ok, failed = two_runs

    by_status = invoke("run", "list", "--status", "FAILURE", "--json")
    by_asset = invoke("run", "list", "--asset", "numbers", "--json")
    limited = invoke("run", "list", "--limit", "1", "--json")

    assert [r["id"] for r in json.loads(by_status.stdout)] == [str(failed.id)]
    assert [r["id"] for r in json.loads(by_asset.stdout)] == [str(ok.id)]
    assert [r["id"] for r in json.loads(limited.stdout)] == [str(failed.id)]


def test_show(two_runs: tuple[Run, Run]) -> None:
    _, failed = two_runs

    result = invoke("run", "show", str(failed.id))

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Run", str(failed.id), "FAILURE"]
    assert "  assets:    explodes" in lines
    assert "  location:  cli_project" in lines
    assert "  failure:   step(s) explodes failed" in lines
    assert lines[-1] == "Materialized: nothing"
    assert any(line.split()[:3] == ["explodes", "FAILURE", "1"] for line in lines)


def test_show_json(two_runs: tuple[Run, Run]) -> None:
    ok, _ = two_runs

    detail = json.loads(invoke("run", "show", str(ok.id), "--json").stdout)

    assert detail["id"] == str(ok.id)
    assert detail["status"] == "SUCCESS"
    assert detail["materialized_asset_keys"] == ["numbers"]
    assert [s["step_key"] for s in detail["steps"]] == ["numbers"]


@pytest.mark.parametrize("command", ["show", "logs", "cancel"])
def test_unknown_run_exits_2(command: str) -> None:
    missing = str(uuid.uuid4())

    result = invoke("run", command, missing)

    assert result.exit_code == 2
    assert result.stderr == f"Error: No run '{missing}'\n"


def test_logs(two_runs: tuple[Run, Run]) -> None:
    _, failed = two_runs

    result = invoke("run", "logs", str(failed.id))

    assert result.exit_code == 0, result.output
    kinds = [line.split()[2] for line in result.stdout.splitlines() if line[:2].isdigit()]
    assert kinds == ["RUN_ENQUEUED", "RUN_START", "STEP_START", "STEP_FAILURE", "RUN_FAILURE"]
    assert "explodes failed: ValueError: explodes always fails" in result.stdout
    assert 'raise ValueError("explodes always fails")' in result.stdout


def test_logs_json_lines_and_follow_exit_codes(two_runs: tuple[Run, Run]) -> None:
    ok, failed = two_runs

    lines = invoke("run", "logs", str(ok.id), "--json").stdout.splitlines()
    followed_ok = invoke("run", "logs", str(ok.id), "--follow")
    followed_failed = invoke("run", "logs", str(failed.id), "--follow")

    events = [json.loads(line) for line in lines]
    assert [e["type"] for e in events][-3:] == ["ASSET_MATERIALIZATION", "STEP_SUCCESS", "RUN_SUCCESS"]
    assert followed_ok.exit_code == 0
    assert "RUN_SUCCESS" in followed_ok.stdout
    assert followed_failed.exit_code == 1


def test_cancel_a_queued_run_and_a_finished_one(two_runs: tuple[Run, Run]) -> None:
    ok, _ = two_runs
    store = require_local_store()
    queued = store.launch(LaunchRequest(selection="numbers"), location_name="cli_project")

    canceled = invoke("run", "cancel", queued["id"])
    finished = invoke("run", "cancel", str(ok.id))

    assert canceled.exit_code == 0, canceled.output
    assert canceled.stdout == f"Run {queued['id']} is CANCELED.\n"
    assert Run.objects.get(id=queued["id"]).status == RunStatus.CANCELED
    assert finished.exit_code == 2
    assert finished.stderr == f"Error: status: Run {ok.id} already finished (SUCCESS)\n"
