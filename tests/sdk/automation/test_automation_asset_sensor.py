"""``@asset_sensor`` against an in-memory instance double."""

import pytest
from automation_fakes import FakeInstance

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.automation import (
    AssetEventStore,
    AssetSensorDefinition,
    RunRequest,
    SensorResult,
    SkipReason,
    asset_sensor,
    build_sensor_context,
)
from orchestrator._core.errors import InvalidDefinitionError

TAG = "dagster/sensor_name"


def make_sensor():
    calls = []

    @asset_sensor("raw/users", job_name="refresh")
    def users_updated(context, asset_event):
        calls.append(asset_event)
        return RunRequest(run_key=f"users-{asset_event}")

    return users_updated, calls


def test_fake_instance_satisfies_the_protocol():
    assert isinstance(FakeInstance(), AssetEventStore)


def test_definition():
    users_updated, _ = make_sensor()
    assert isinstance(users_updated, AssetSensorDefinition)
    assert users_updated.asset_key == AssetKey(["raw", "users"])
    assert users_updated.name == "users_updated"
    assert users_updated.job_name == "refresh"


def test_no_new_materialization_skips_without_calling():
    users_updated, calls = make_sensor()
    instance = FakeInstance()
    data = users_updated.evaluate_tick(build_sensor_context(instance=instance))
    assert calls == []
    assert data.run_requests == []
    assert data.skip_message == "No new materialization events found for asset key raw/users"
    assert data.cursor is None


def test_each_tick_handles_the_newest_materialization_and_advances_the_cursor():
    users_updated, calls = make_sensor()
    instance = FakeInstance()
    instance.materialize("orders", "ignored")
    instance.materialize("raw/users", "m1")
    second = instance.materialize("raw/users", "m2")

    data = users_updated.evaluate_tick(build_sensor_context(instance=instance))
    assert calls == ["m2"]
    assert data.run_requests == [
        RunRequest(run_key="users-m2", job_name="refresh", tags={TAG: "users_updated"})
    ]
    assert data.cursor == str(second)
    assert instance.calls[-1] == ("get_asset_event_records", (AssetKey(["raw", "users"]), None, 1))

    data = users_updated.evaluate_tick(build_sensor_context(instance=instance, cursor=data.cursor))
    assert calls == ["m2"]
    assert data.skip_message is not None and data.cursor == str(second)
    assert instance.calls[-1] == ("get_asset_event_records", (AssetKey(["raw", "users"]), second, 1))

    third = instance.materialize("raw/users", "m3")
    data = users_updated.evaluate_tick(build_sensor_context(instance=instance, cursor=str(second)))
    assert calls == ["m2", "m3"]
    assert data.cursor == str(third)


def test_function_returning_none_still_advances_the_cursor():
    @asset_sensor(AssetKey("users"), job_name="refresh")
    def observe(context, asset_event):
        context.log.info("saw %s", asset_event)

    instance = FakeInstance()
    storage_id = instance.materialize("users", "m1")
    data = observe.evaluate_tick(build_sensor_context(instance=instance))
    assert data.run_requests == [] and data.cursor == str(storage_id)
    assert [r.message for r in data.log_records] == ["saw m1"]


def test_generator_skip_and_resources():
    @asset_sensor("users", job_name="refresh")
    def with_resource(context, asset_event, threshold):
        if threshold > 1:
            yield SkipReason("below threshold")
        else:
            yield RunRequest(run_key="go")

    instance = FakeInstance()
    instance.materialize("users")
    data = with_resource.evaluate_tick(build_sensor_context(instance=instance, resources={"threshold": 5}))
    assert data.skip_message == "below threshold"
    assert with_resource.required_resource_keys == {"threshold"}


def test_user_exception_is_captured_and_cursor_not_advanced():
    @asset_sensor("users", job_name="refresh")
    def broken(context, asset_event):
        raise RuntimeError(f"cannot handle {asset_event}")

    instance = FakeInstance()
    instance.materialize("users", "m1")
    data = broken.evaluate_tick(build_sensor_context(instance=instance, cursor="0"))
    assert data.error is not None
    assert "broken" in data.error.message and "cannot handle m1" in data.error.message
    assert data.cursor == "0"


def test_sensor_result_with_cursor_is_rejected():
    @asset_sensor("users", job_name="refresh")
    def sets_cursor(context, asset_event):
        return SensorResult(run_requests=[], cursor="mine")

    instance = FakeInstance()
    instance.materialize("users")
    data = sets_cursor.evaluate_tick(build_sensor_context(instance=instance))
    assert "sets_cursor" in data.error.message and "cursor" in data.error.message


def test_missing_instance_is_reported():
    users_updated, _ = make_sensor()
    data = users_updated.evaluate_tick(build_sensor_context())
    assert data.error is not None and "instance" in data.error.message


def test_direct_call():
    users_updated, calls = make_sensor()
    result = users_updated(build_sensor_context(), "event")
    assert result == RunRequest(run_key="users-event")
    assert calls == ["event"]


def test_invalid_asset_key_is_rejected():
    with pytest.raises(InvalidDefinitionError, match="bad key"):

        @asset_sensor("bad key!", job_name="refresh")
        def nope(context, asset_event):
            return None
