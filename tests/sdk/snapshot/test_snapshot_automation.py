"""Snapshots of the kinds of sensors and schedules: asset, run-status, asset-selection and multi-cron."""

from orchestrator import (
    AssetSelection,
    DagsterRunStatus,
    DefaultSensorStatus,
    Definitions,
    ScheduleDefinition,
    SensorDefinition,
    asset,
    asset_sensor,
    define_asset_job,
    run_status_sensor,
)
from orchestrator._core.snapshot import DefinitionsSnapshot, ScheduleSnapshot, SensorSnapshot


@asset(group_name="raw")
def upstream() -> int:
    return 1


@asset(group_name="marts")
def downstream(upstream: int) -> int:
    return upstream + 1


refresh_job = define_asset_job("refresh_job", selection="downstream")


@asset_sensor(asset_key=upstream.key, job=refresh_job, default_status=DefaultSensorStatus.RUNNING)
def on_upstream(context, event):
    return None


@run_status_sensor(
    run_status=DagsterRunStatus.SUCCESS, monitored_jobs=[refresh_job], minimum_interval_seconds=45
)
def after_refresh(context):
    return None


def _noop(context):
    return None


raw_watch = SensorDefinition(
    "raw_watch", evaluation_fn=_noop, asset_selection=AssetSelection.groups("raw").downstream()
)
twice_daily = ScheduleDefinition(
    name="twice_daily", job_name="refresh_job", cron_schedule=["0 6 * * *", "0 18 * * *"]
)

DEFS = Definitions(
    assets=[upstream, downstream],
    jobs=[refresh_job],
    sensors=[on_upstream, after_refresh, raw_watch],
    schedules=[twice_daily],
)


def _sensors() -> dict[str, SensorSnapshot]:
    snap = DefinitionsSnapshot.from_definitions(DEFS, location_name="automation")
    assert DefinitionsSnapshot.from_json(snap.to_json()) == snap
    return {s.name: s for s in snap.sensors}


def test_asset_sensor() -> None:
    snap = _sensors()["on_upstream"]
    assert (snap.sensor_type, snap.default_status) == ("asset", "RUNNING")
    assert snap.monitored_asset_keys == (("upstream",),)
    assert snap.job_names == ("refresh_job",)
    assert (snap.run_status, snap.monitored_job_names) == (None, None)


def test_run_status_sensor() -> None:
    snap = _sensors()["after_refresh"]
    assert snap.to_json() == {
        "name": "after_refresh",
        "sensor_type": "run_status",
        "minimum_interval_seconds": 45,
        "default_status": "STOPPED",
        "description": None,
        "tags": {},
        "metadata": {},
        "required_resource_keys": [],
        "job_names": [],
        "asset_selection": None,
        "monitored_asset_keys": [],
        "run_status": "SUCCESS",
        "monitored_job_names": ["refresh_job"],
    }


def test_asset_selection_sensor_lists_resolved_keys() -> None:
    snap = _sensors()["raw_watch"]
    assert (snap.sensor_type, snap.job_names) == ("standard", ())
    assert snap.asset_selection == (("downstream",), ("upstream",))


def test_schedule_with_several_crons() -> None:
    snap = ScheduleSnapshot.from_def(twice_daily)
    assert snap.cron_schedule == ("0 6 * * *", "0 18 * * *")
    assert snap.to_json()["cron_schedule"] == ["0 6 * * *", "0 18 * * *"]
    assert ScheduleSnapshot.from_json(snap.to_json()) == snap
    assert (snap.job_name, snap.execution_timezone, snap.asset_selection) == ("refresh_job", "UTC", None)
