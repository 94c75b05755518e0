"""Asset and run-status sensors evaluated against a real instance after real runs."""

from orchestrator import (
    DagsterInstance,
    RunRequest,
    asset,
    asset_sensor,
    build_sensor_context,
    define_asset_job,
    materialize_to_memory,
    run_failure_sensor,
)


@asset
def users():
    return [1]


@asset
def broken():
    raise RuntimeError("boom")


report_job = define_asset_job("report_job", selection="users")


@asset_sensor(asset_key=users.key, job=report_job)
def users_changed(context, asset_event):
    return RunRequest(run_key=asset_event.run_id)


@run_failure_sensor
def on_failure(context):
    context.log.info(f"failed: {context.dagster_run.run_id}")


def test_asset_sensor_sees_the_newest_materialization_once():
    instance = DagsterInstance.ephemeral()
    materialize_to_memory([users], instance=instance)
    newest = materialize_to_memory([users], instance=instance)
    first = users_changed.evaluate_tick(build_sensor_context(instance=instance))
    assert [r.run_key for r in first.run_requests] == [newest.run_id]
    again = users_changed.evaluate_tick(build_sensor_context(instance=instance, cursor=first.cursor))
    assert again.run_requests == []


def test_run_failure_sensor_reacts_to_failures_after_it_started():
    instance = DagsterInstance.ephemeral()
    materialize_to_memory([broken], instance=instance, raise_on_error=False)
    start = on_failure.evaluate_tick(build_sensor_context(instance=instance, cursor=None))
    assert start.error is None and start.cursor is not None
    materialize_to_memory([users], instance=instance)
    failed = materialize_to_memory([broken], instance=instance, raise_on_error=False)
    data = on_failure.evaluate_tick(build_sensor_context(instance=instance, cursor=start.cursor))
    assert data.error is None
    assert [m for m in (r.message for r in data.log_records) if m.startswith("failed")] == [
        f"failed: {failed.run_id}"
    ]
