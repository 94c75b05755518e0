"""``RunRequest``, ``SkipReason``, ``SensorResult``, default statuses and result data."""

import dataclasses

import pytest

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.automation import (
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    SensorResult,
    SerializableErrorInfo,
    SkipReason,
)
from orchestrator._core.errors import InvalidInvocationError


def test_run_request_defaults():
    request = RunRequest()
    assert request.run_key is None
    assert request.run_config == {}
    assert request.tags == {}
    assert request.job_name is None
    assert request.asset_selection is None
    assert request.partition_key is None
    assert request.asset_check_keys is None
    assert request.stale_assets_only is False


def test_run_request_coerces_asset_selection_strings():
    request = RunRequest(asset_selection=["raw/users", AssetKey("orders"), ["a", "b"]])
    assert request.asset_selection == [AssetKey(["raw", "users"]), AssetKey("orders"), AssetKey(["a", "b"])]


def test_run_request_rejects_a_bare_string_selection():
    with pytest.raises(InvalidInvocationError, match="asset_selection"):
        RunRequest(asset_selection="users")  # type: ignore[arg-type]


def test_run_request_is_frozen_and_comparable():
    request = RunRequest(run_key="k", run_config={"ops": {}}, tags={"a": "b"})
    assert request == RunRequest(run_key="k", run_config={"ops": {}}, tags={"a": "b"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.run_key = "other"  # type: ignore[misc]


def test_run_request_json_encodes_non_string_tags():
    assert RunRequest(tags={"n": 3, "flags": ["x"]}).tags == {"n": "3", "flags": '["x"]'}


def test_run_request_accepts_run_config_objects():
    class RunConfigLike:
        def to_config_dict(self):
            return {"ops": {"a": {"config": {"x": 1}}}}

    assert RunRequest(run_config=RunConfigLike()).run_config == {"ops": {"a": {"config": {"x": 1}}}}


def test_run_request_type_errors_name_the_field():
    with pytest.raises(InvalidInvocationError, match="run_key"):
        RunRequest(run_key=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidInvocationError, match="run_config"):
        RunRequest(run_config=["not", "a", "dict"])


def test_with_replaced_attrs():
    request = RunRequest(run_key="k", tags={"a": "1"})
    replaced = request.with_replaced_attrs(job_name="etl", tags={"b": "2"})
    assert replaced == RunRequest(run_key="k", job_name="etl", tags={"b": "2"})
    with pytest.raises(InvalidInvocationError, match="nope"):
        request.with_replaced_attrs(nope=1)


def test_skip_reason():
    assert SkipReason().skip_message is None
    assert SkipReason("idle").skip_message == "idle"
    assert SkipReason(skip_message="idle") == SkipReason("idle")


def test_sensor_result_coerces_string_skip_reason():
    assert SensorResult(skip_reason="nothing").skip_reason == SkipReason("nothing")


def test_sensor_result_rejects_skip_and_run_requests():
    with pytest.raises(InvalidInvocationError, match="both run_requests and skip_reason"):
        SensorResult(run_requests=[RunRequest()], skip_reason="nope")


def test_sensor_result_rejects_non_run_requests():
    with pytest.raises(InvalidInvocationError, match="RunRequest"):
        SensorResult(run_requests=["job"])  # type: ignore[list-item]


def test_default_statuses():
    assert {s.value for s in DefaultScheduleStatus} == {"RUNNING", "STOPPED"}
    assert {s.value for s in DefaultSensorStatus} == {"RUNNING", "STOPPED"}


def test_error_info_keeps_the_traceback_and_cause():
    def inner():
        raise KeyError("missing")

    try:
        try:
            inner()
        except KeyError as exc:
            raise RuntimeError("wrapped") from exc
    except RuntimeError as exc:
        info = SerializableErrorInfo.from_exception(exc, "Error in sensor 's'")
    assert info.message == "Error in sensor 's': RuntimeError: wrapped"
    assert info.cls_name == "RuntimeError"
    assert info.cause is not None and info.cause.cls_name == "KeyError"
    assert "inner" in info.cause.traceback
    assert "The above exception was caused by" in info.to_string()
