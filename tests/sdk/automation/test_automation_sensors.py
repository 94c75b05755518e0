"""Sensors: function forms, cursors, targets, logs and errors."""

import logging

import pytest
from automation_fakes import FakeJob

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.automation import (
    DefaultSensorStatus,
    RunRequest,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    build_sensor_context,
    sensor,
)
from orchestrator._core.errors import InvalidDefinitionError, InvalidInvocationError

TAG = "dagster/sensor_name"


def rr(run_key, sensor_name, job_name="ingest", **kwargs):
    tags = {**kwargs.pop("tags", {}), TAG: sensor_name}
    return RunRequest(run_key=run_key, job_name=job_name, tags=tags, **kwargs)


# ---------------------------------------------------------------- function forms


def test_return_run_request_fills_the_single_job():
    @sensor(job_name="ingest")
    def one(context):
        return RunRequest(run_key="a", run_config={"x": 1})

    data = one.evaluate_tick(build_sensor_context())
    assert data.error is None
    assert data.run_requests == [rr("a", "one", run_config={"x": 1})]
    assert data.skip_message is None
    assert data.cursor is None


def test_generator_list_and_no_context_forms():
    @sensor(job=FakeJob("ingest"))
    def gen(context):
        yield RunRequest(run_key="a")
        yield RunRequest(run_key="b")

    @sensor(job_name="ingest")
    def lst():
        return [RunRequest(run_key="a"), RunRequest(run_key="b")]

    assert gen.evaluate_tick(build_sensor_context()).run_requests == [rr("a", "gen"), rr("b", "gen")]
    assert lst.evaluate_tick(build_sensor_context()).run_requests == [rr("a", "lst"), rr("b", "lst")]


def test_bare_decorator_and_default_interval():
    @sensor
    def watcher(context):
        return SkipReason("idle")

    assert watcher.name == "watcher"
    assert watcher.minimum_interval_seconds == 30
    assert watcher.default_status is DefaultSensorStatus.STOPPED
    assert watcher.evaluate_tick(build_sensor_context()).skip_message == "idle"


def test_none_and_empty_results():
    @sensor(job_name="ingest")
    def nothing(context):
        return None

    @sensor(job_name="ingest")
    def empty_gen(context):
        yield from ()

    for definition in (nothing, empty_gen):
        data = definition.evaluate_tick(build_sensor_context())
        assert data.run_requests == []
        assert data.skip_message == "Sensor function returned an empty result"


def test_update_cursor_is_returned():
    @sensor(job_name="ingest")
    def files(context):
        seen = int(context.cursor or 0)
        for n in range(seen + 1, seen + 3):
            yield RunRequest(run_key=f"file_{n}")
        context.update_cursor(str(seen + 2))

    data = files.evaluate_tick(build_sensor_context(cursor="4"))
    assert [r.run_key for r in data.run_requests] == ["file_5", "file_6"]
    assert data.cursor == "6"


def test_cursor_is_unchanged_when_not_updated():
    @sensor(job_name="ingest")
    def passive(context):
        return SkipReason("nothing")

    assert passive.evaluate_tick(build_sensor_context(cursor="7")).cursor == "7"


def test_sensor_result():
    @sensor(job_name="ingest")
    def with_result(context):
        return SensorResult(
            run_requests=[RunRequest(run_key="r1")],
            cursor="next",
            dynamic_partitions_requests=["add:p1"],
            asset_events=["materialization"],
        )

    data = with_result.evaluate_tick(build_sensor_context(cursor="prev"))
    assert data.run_requests == [rr("r1", "with_result")]
    assert data.cursor == "next"
    assert data.dynamic_partitions_requests == ["add:p1"]
    assert data.asset_events == ["materialization"]
    assert data.skip_message is None


def test_sensor_result_skip_reason():
    @sensor(job_name="ingest")
    def skipping(context):
        return SensorResult(skip_reason="no files", cursor="3")

    data = skipping.evaluate_tick(build_sensor_context())
    assert (data.skip_message, data.cursor, data.run_requests) == ("no files", "3", [])


def test_resource_injection():
    class Bucket:
        def list(self):
            return ["a.csv"]

    @sensor(job_name="ingest")
    def bucket_sensor(context, bucket):
        return [RunRequest(run_key=name) for name in bucket.list()]

    assert bucket_sensor.required_resource_keys == {"bucket"}
    data = bucket_sensor.evaluate_tick(build_sensor_context(resources={"bucket": Bucket()}))
    assert data.run_requests == [rr("a.csv", "bucket_sensor")]
    missing = bucket_sensor.evaluate_tick(build_sensor_context())
    assert "bucket" in missing.error.message and "bucket_sensor" in missing.error.message


def test_multi_job_sensor_keeps_explicit_job_names():
    @sensor(jobs=[FakeJob("a"), FakeJob("b")])
    def fan_out(context):
        yield RunRequest(run_key="1", job_name="a")
        yield RunRequest(run_key="2", job_name="b")

    data = fan_out.evaluate_tick(build_sensor_context())
    assert [(r.run_key, r.job_name) for r in data.run_requests] == [("1", "a"), ("2", "b")]
    assert fan_out.job_names == ["a", "b"]


def test_asset_selection_sensor_fills_keys():
    @sensor(asset_selection=["raw/users", "orders"])
    def assets(context):
        return RunRequest(run_key="x")

    data = assets.evaluate_tick(build_sensor_context())
    assert data.run_requests[0].asset_selection == [AssetKey(["raw", "users"]), AssetKey("orders")]
    assert data.run_requests[0].job_name is None


def test_logs_are_captured_and_forwarded(caplog):
    @sensor(job_name="ingest")
    def chatty(context):
        context.log.info("found %d files", 2)
        context.log.warning("slow listing")
        try:
            raise OSError("flaky")
        except OSError:
            context.log.exception("retrying")
        return SkipReason("done")

    with caplog.at_level(logging.INFO, logger="orchestrator.sensor"):
        data = chatty.evaluate_tick(build_sensor_context())
    assert [(r.level, r.message) for r in data.log_records] == [
        ("INFO", "found 2 files"),
        ("WARNING", "slow listing"),
        ("ERROR", "retrying"),
    ]
    assert "OSError: flaky" in data.log_records[2].exc_text
    assert "found 2 files" in caplog.text


def test_custom_logger_on_the_context():
    logger = logging.getLogger("tests.automation.custom")
    context = SensorEvaluationContext(log=logger)

    @sensor(job_name="ingest")
    def logs(context):
        context.log.info("hello")

    data = logs.evaluate_tick(context)
    assert [r.logger_name for r in data.log_records] == ["tests.automation.custom"]


# ---------------------------------------------------------------- direct invocation


def test_direct_call_invokes_the_function():
    @sensor(job_name="ingest")
    def direct(context):
        context.update_cursor("9")
        return RunRequest(run_key=context.cursor)

    context = build_sensor_context(cursor="1")
    assert direct(context) == RunRequest(run_key="9")
    assert context.cursor == "9"


def test_direct_call_with_resources_as_kwargs():
    @sensor(job_name="ingest")
    def with_resource(context, prefix):
        return RunRequest(run_key=prefix + "1")

    assert with_resource(build_sensor_context(), prefix="p") == RunRequest(run_key="p1")


def test_direct_call_rejects_extra_positional_arguments():
    @sensor(job_name="ingest")
    def direct(context):
        return None

    with pytest.raises(InvalidInvocationError, match="multiple non-resource"):
        direct(build_sensor_context(), "extra")


# ---------------------------------------------------------------- errors at evaluation


def test_user_exception_is_captured_with_traceback_and_cursor_kept():
    def list_bucket():
        raise ConnectionError("bucket unreachable")

    @sensor(job_name="ingest")
    def broken(context):
        context.update_cursor("99")
        return [RunRequest(run_key=k) for k in list_bucket()]

    data = broken.evaluate_tick(build_sensor_context(cursor="5"))
    assert data.run_requests == []
    assert data.cursor == "5"
    assert data.error.cls_name == "ConnectionError"
    assert "broken" in data.error.message and "bucket unreachable" in data.error.message
    assert "list_bucket" in data.error.traceback


def test_cursor_set_twice_is_an_error():
    @sensor(job_name="ingest")
    def double_cursor(context):
        context.update_cursor("a")
        return SensorResult(run_requests=[], cursor="b")

    data = double_cursor.evaluate_tick(build_sensor_context(cursor="start"))
    assert data.error is not None
    assert "double_cursor" in data.error.message and "update_cursor" in data.error.message
    assert data.cursor == "start"


def test_run_request_without_job_name_on_multi_job_sensor():
    @sensor(jobs=[FakeJob("a"), FakeJob("b")])
    def ambiguous(context):
        return RunRequest(run_key="1")

    data = ambiguous.evaluate_tick(build_sensor_context())
    assert "ambiguous" in data.error.message and "did not specify job_name" in data.error.message
    assert data.run_requests == []


def test_run_request_for_an_unknown_job():
    @sensor(job_name="ingest")
    def wrong_job(context):
        return RunRequest(run_key="1", job_name="other")

    assert "wrong_job" in wrong_job.evaluate_tick(build_sensor_context()).error.message


def test_run_request_from_a_sensor_without_target():
    @sensor
    def untargeted(context):
        return RunRequest(run_key="1")

    data = untargeted.evaluate_tick(build_sensor_context())
    assert "untargeted" in data.error.message and "lacking a specified target" in data.error.message


def test_sensor_result_must_be_alone():
    @sensor(job_name="ingest")
    def crowded(context):
        yield SensorResult(run_requests=[])
        yield RunRequest(run_key="x")

    assert "crowded" in crowded.evaluate_tick(build_sensor_context()).error.message


def test_skip_with_run_requests_and_multiple_skips():
    @sensor(job_name="ingest")
    def mixed(context):
        yield RunRequest(run_key="x")
        yield SkipReason("no")

    @sensor(job_name="ingest")
    def skips(context):
        return [SkipReason("a"), SkipReason("b")]

    assert "received both" in mixed.evaluate_tick(build_sensor_context()).error.message
    assert "multiple SkipReasons" in skips.evaluate_tick(build_sensor_context()).error.message


def test_unexpected_output_is_an_error():
    @sensor(job_name="ingest")
    def odd(context):
        return "run please"

    data = odd.evaluate_tick(build_sensor_context())
    assert "odd" in data.error.message and "str" in data.error.message


# ---------------------------------------------------------------- invalid definitions


def test_job_and_jobs_together_are_rejected():
    with pytest.raises(InvalidDefinitionError) as info:

        @sensor(job=FakeJob("a"), jobs=[FakeJob("b")])
        def both(context):
            return None

    assert "both" in str(info.value) and "job" in str(info.value) and "jobs" in str(info.value)


@pytest.mark.parametrize("interval", [0, -5, 1.5, "30", True])
def test_minimum_interval_must_be_a_positive_int(interval):
    with pytest.raises(InvalidDefinitionError) as info:
        SensorDefinition("slow", evaluation_fn=lambda context: None, minimum_interval_seconds=interval)
    assert "slow" in str(info.value) and "minimum_interval_seconds" in str(info.value)


def test_missing_evaluation_fn_and_bad_name():
    with pytest.raises(InvalidDefinitionError, match="evaluation_fn"):
        SensorDefinition("no_fn")
    with pytest.raises(InvalidDefinitionError, match="bad name"):
        SensorDefinition("bad name", evaluation_fn=lambda context: None)


def test_job_properties():
    single = SensorDefinition("single", evaluation_fn=lambda c: None, job=FakeJob("etl"))
    assert single.job.name == "etl" and single.job_name == "etl" and single.jobs == [single.job]
    untargeted = SensorDefinition("untargeted", evaluation_fn=lambda c: None)
    assert getattr(untargeted, "job", None) is None
    assert untargeted.job_names == []
    with pytest.raises(InvalidDefinitionError, match="untargeted"):
        _ = untargeted.job_name
    by_name = SensorDefinition(
        "by_name", evaluation_fn=lambda c: None, job_name="etl", minimum_interval_seconds=5
    )
    assert by_name.job_name == "etl" and by_name.minimum_interval_seconds == 5
    assert by_name.with_updated_job(FakeJob("etl")).job.name == "etl"
