"""The example's schedule and sensor, evaluated one tick at a time."""

import importlib
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from seed_expectations import EXPECTED_REVENUE_ROWS, materialized
from seed_support import SeedEnv

from orchestrator import RunRequest, ScheduleDefinition, build_schedule_context, build_sensor_context


def test_daily_analytics_is_a_6am_schedule_of_analytics_job(seed_pipeline: ModuleType) -> None:
    from seed_pipeline.schedules import daily_analytics

    assert isinstance(daily_analytics, ScheduleDefinition)
    assert daily_analytics.name == "analytics_job_schedule"
    assert daily_analytics.cron_schedule == "0 6 * * *"
    assert daily_analytics.job_name == "analytics_job"


def test_daily_analytics_tick_requests_one_analytics_run(seed_pipeline: ModuleType) -> None:
    from seed_pipeline.schedules import daily_analytics

    context = build_schedule_context(scheduled_execution_time=datetime(2026, 2, 19, 6, 0))
    data = daily_analytics.evaluate_tick(context)

    assert data.error is None
    assert len(data.run_requests) == 1
    (request,) = data.run_requests
    assert isinstance(request, RunRequest)
    assert request.job_name == "analytics_job"


def test_daily_analytics_run_request_executes_analytics_job(seed_pipeline: ModuleType) -> None:
    from seed_pipeline.schedules import daily_analytics

    defs = seed_pipeline.defs
    defs.get_implicit_global_asset_job_def().execute_in_process(asset_selection=["raw_users", "raw_orders"])
    (request,) = daily_analytics.evaluate_tick(build_schedule_context()).run_requests

    result = defs.get_job_def(request.job_name).execute_in_process(
        run_config=request.run_config, tags=request.tags
    )

    assert result.success
    assert materialized(result) == [("revenue_by_user", None)]
    assert [tuple(row) for row in result.asset_value("revenue_by_user").itertuples(index=False)] == (
        EXPECTED_REVENUE_ROWS
    )


def test_new_file_sensor_polls_every_minute_for_analytics_job(seed_pipeline: ModuleType) -> None:
    from seed_pipeline.schedules import new_file_sensor

    assert new_file_sensor.name == "new_file_sensor"
    assert new_file_sensor.minimum_interval_seconds == 60
    assert new_file_sensor.job_name == "analytics_job"


def test_new_file_sensor_requests_nothing_without_csv_files(
    seed_pipeline: ModuleType, seed_env: SeedEnv
) -> None:
    from seed_pipeline.schedules import new_file_sensor

    data = new_file_sensor.evaluate_tick(build_sensor_context())
    assert data.error is None
    assert list(data.run_requests) == []
    assert seed_env.incoming_dir.is_dir()

    (seed_env.incoming_dir / "notes.txt").write_text("not a csv")
    data = new_file_sensor.evaluate_tick(build_sensor_context())
    assert data.error is None
    assert list(data.run_requests) == []


def test_new_file_sensor_requests_one_run_per_tick_for_a_csv_file(
    seed_pipeline: ModuleType, seed_env: SeedEnv
) -> None:
    from seed_pipeline.schedules import new_file_sensor

    seed_env.incoming_dir.mkdir(parents=True, exist_ok=True)
    (seed_env.incoming_dir / "notes.txt").write_text("not a csv")
    (seed_env.incoming_dir / "a.csv").write_text("id\n1\n")

    data = new_file_sensor.evaluate_tick(build_sensor_context())

    assert data.error is None
    assert [(r.run_key, r.job_name) for r in data.run_requests] == [("a.csv", "analytics_job")]
    assert [record.message for record in data.log_records] == ["Found 1 new files"]

    direct = list(new_file_sensor(build_sensor_context()))
    assert [(type(r), r.run_key) for r in direct] == [(RunRequest, "a.csv")]


def test_new_file_sensor_defaults_to_the_home_incoming_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    for name in ("SEED_API_URL", "SEED_DATABASE_URL", "SEED_INCOMING_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ORCHESTRATOR_HOME", str(home))
    importlib.import_module("seed_pipeline")
    from seed_pipeline.schedules import new_file_sensor

    assert list(new_file_sensor.evaluate_tick(build_sensor_context()).run_requests) == []
    (home / "incoming" / "b.csv").write_text("id\n2\n")

    data = new_file_sensor.evaluate_tick(build_sensor_context())

    assert [r.run_key for r in data.run_requests] == ["b.csv"]


def test_new_file_sensor_requests_a_single_run_for_several_csv_files(
    seed_pipeline: ModuleType, seed_env: SeedEnv
) -> None:
    from seed_pipeline.schedules import new_file_sensor

    seed_env.incoming_dir.mkdir(parents=True, exist_ok=True)
    for name in ("a.csv", "b.csv"):
        (seed_env.incoming_dir / name).write_text("id\n1\n")

    data = new_file_sensor.evaluate_tick(build_sensor_context())

    assert data.error is None
    assert len(data.run_requests) == 1
    assert data.run_requests[0].run_key in {"a.csv", "b.csv"}
    assert [record.message for record in data.log_records] == ["Found 2 new files"]
