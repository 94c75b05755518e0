"""``orchestrator asset list | materialize | wipe`` in local mode: runs recorded in the database.

Local runs execute in a thread of the command (the workers' code path), which
reads what the test process wrote: the tests use transactional databases.
"""

import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from assets_app.models import AssetState, CodeLocation, Materialization
from runs_app.models import Run, RunEvent, RunStatus, StepStats
from tests.cli.helpers import invoke, on_project

pytestmark = pytest.mark.django_db(transaction=True)

KEYS_IN_ORDER = ["daily_counts", "explodes", "numbers", "waits", "total", "after_waits", "scaled"]


def stored(key: str) -> Any:
    return pickle.loads((Path(settings.ORCHESTRATOR_STORAGE_DIR) / key).read_bytes())


def test_list_prints_keys_in_dependency_order() -> None:
    result = on_project("asset", "list")

    assert result.exit_code == 0, result.output
    assert result.stdout.split() == KEYS_IN_ORDER


def test_list_json_of_a_selection() -> None:
    result = on_project("asset", "list", "--select", "+total", "--json")

    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["key"], r["group"], r["deps"], r["is_partitioned"]) for r in rows] == [
        ("numbers", "raw", [], False),
        ("total", "analytics", ["numbers"], False),
    ]


def test_list_rejects_an_unknown_asset() -> None:
    result = on_project("asset", "list", "--select", "nope")

    assert result.exit_code == 2
    assert "invalid selection 'nope'" in result.stderr


def test_materialize_records_the_run_for_the_ui() -> None:
    result = on_project("asset", "materialize", "--select", "+total", "--tag", "team=data")

    assert result.exit_code == 0, result.output
    run = Run.objects.get()
    assert f"Running {run.id} in this process (selection +total)" in result.stdout
    assert "Materialized numbers" in result.stdout
    assert "total: summing 3 numbers" in result.stdout
    assert f"Run {run.id} succeeded" in result.stdout
    assert run.status == RunStatus.SUCCESS
    assert run.location_name == "cli_project"
    assert run.asset_selection == ["numbers", "total"]
    assert run.tags == {"team": "data"}
    assert run.created_by.startswith("cli:")
    assert CodeLocation.objects.get().name == "cli_project"
    assert dict(StepStats.objects.filter(run=run).values_list("step_key", "status")) == {
        "numbers": "SUCCESS",
        "total": "SUCCESS",
    }
    assert sorted(Materialization.objects.filter(run=run).values_list("asset_key", flat=True)) == [
        "numbers",
        "total",
    ]
    assert stored("total") == 6


def test_materialize_json_prints_the_run() -> None:
    result = on_project("asset", "materialize", "--select", "numbers", "--json")

    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["status"] == "SUCCESS"
    assert summary["materialized_asset_keys"] == ["numbers"]
    assert summary["id"] == str(Run.objects.get().id)
    assert "Materialized numbers" in result.stderr


def test_a_failing_asset_exits_1_with_the_traceback() -> None:
    result = on_project("asset", "materialize", "--select", "explodes")

    assert result.exit_code == 1
    assert "explodes failed: ValueError: explodes always fails" in result.stdout
    assert 'raise ValueError("explodes always fails")' in result.stdout
    assert "failed" in result.stdout.splitlines()[-1]
    assert "step(s) explodes failed" in result.stdout.splitlines()[-1]
    assert Run.objects.get().status == RunStatus.FAILURE


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "nope"], "selection: AssetKey(s) ['nope'] were selected"),
        (
            ["--select", "daily_counts", "--partition", "2020-01-01"],
            "partition_key: Partition key '2020-01-01'",
        ),
        (["--select", "daily_counts"], "partition_key: Asset(s) daily_counts are partitioned"),
        (["--select", "numbers", "--partition", "2026-01-01"], "None of the selected assets is partitioned"),
        (
            ["--select", "daily_counts", "--partition", "2026-01-01", "--partition-range", "a...b"],
            "pass --partition or --partition-range, not both",
        ),
        (["--select", "daily_counts", "--partition-range", "2026-01-01..2026-01-02"], "use FIRST...LAST"),
        (["--select", "numbers", "--config-json", '{"ops": {"nope": {}}}'], "run_config.ops.nope"),
        (["--select", "numbers", "--tag", "novalue"], "use key=value"),
    ],
)
def test_bad_input_exits_2_and_records_nothing(args: list[str], message: str) -> None:
    result = on_project("asset", "materialize", *args)

    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not Run.objects.exists()


def test_partition_range_runs_once_over_the_range() -> None:
    result = on_project(
        "asset", "materialize", "--select", "daily_counts", "--partition-range", "2026-01-01...2026-01-03"
    )

    assert result.exit_code == 0, result.output
    run = Run.objects.get()
    assert (run.partition_range_start, run.partition_range_end) == ("2026-01-01", "2026-01-03")
    assert sorted(Materialization.objects.filter(run=run).values_list("partition", flat=True)) == [
        "2026-01-01",
        "2026-01-02",
        "2026-01-03",
    ]
    assert "partitions 2026-01-01...2026-01-03" in result.stdout


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("run.yaml", "ops:\n  scaled:\n    config:\n      factor: 5\n"),
        ("run.json", '{"ops": {"scaled": {"config": {"factor": 5}}}}'),
    ],
)
def test_config_file(tmp_path: Path, name: str, text: str) -> None:
    config = tmp_path / name
    config.write_text(text)

    result = on_project("asset", "materialize", "--select", "*scaled", "--config", str(config))

    assert result.exit_code == 0, result.output
    assert stored("scaled") == 30
    assert Run.objects.get().run_config == {"ops": {"scaled": {"config": {"factor": 5}}}}


def test_bad_config_value_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text("ops:\n  scaled:\n    config:\n      factor: lots\n")

    result = on_project("asset", "materialize", "--select", "*scaled", "--config", str(config))

    assert result.exit_code == 2
    assert "run_config.ops.scaled.config.factor" in result.stderr


def test_a_definition_error_exits_2(tmp_path: Path) -> None:
    cyclic = tmp_path / "cyclic.py"
    cyclic.write_text(
        "from orchestrator import asset\n\n"
        "@asset(deps=['b'])\ndef a():\n    return 1\n\n"
        "@asset(deps=['a'])\ndef b():\n    return 2\n"
    )

    result = invoke("asset", "materialize", "--select", "a", "-f", str(cyclic))

    assert result.exit_code == 2
    assert "Dependency cycle between assets: a -> b -> a" in result.stderr
    assert "Traceback" not in result.stderr


def _materialized_numbers() -> Materialization:
    assert on_project("asset", "materialize", "--select", "numbers").exit_code == 0
    return Materialization.objects.get(asset_key="numbers")


def test_wipe_asks_and_forgets_the_history() -> None:
    _materialized_numbers()

    result = on_project("asset", "wipe", "--select", "numbers", input="y\n")

    assert result.exit_code == 0, result.output
    assert "Wipe the materialization history of 1 asset(s) (numbers)" in result.stderr
    assert "Wiped the history of numbers" in result.stdout
    state = AssetState.objects.get(asset_key="numbers")
    assert state.latest_materialization is None
    assert state.wiped_after_event_id == RunEvent.objects.order_by("-id").first().id  # type: ignore[union-attr]
    assert stored("numbers") == [1, 2, 3]  # stored values are kept


def test_wipe_declined_keeps_the_history() -> None:
    materialization = _materialized_numbers()

    result = on_project("asset", "wipe", "--select", "numbers", input="n\n")

    assert result.exit_code == 1
    assert "Nothing wiped." in result.stdout
    assert AssetState.objects.get(asset_key="numbers").latest_materialization == materialization


def test_wipe_yes_json_without_a_prompt() -> None:
    _materialized_numbers()

    result = on_project("asset", "wipe", "--select", "group:raw", "--yes", "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"wiped": ["numbers"]}
    assert AssetState.objects.get(asset_key="numbers").latest_materialization is None


def test_wipe_of_nothing_exits_2() -> None:
    result = on_project("asset", "wipe", "--select", "tag:none=here", "--yes")

    assert result.exit_code == 2
    assert "matches no asset" in result.stderr
