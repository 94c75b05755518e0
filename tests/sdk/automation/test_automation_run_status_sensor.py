"""``@run_status_sensor`` and ``@run_failure_sensor`` against an in-memory instance double."""

import pytest
from automation_fakes import FakeInstance, FakeJob

from orchestrator._core.automation import (
    RunFailureSensorContext,
    RunRequest,
    RunStatusSensorContext,
    RunStatusSensorDefinition,
    RunStatusStore,
    SkipReason,
    build_run_status_sensor_context,
    build_sensor_context,
    run_failure_sensor,
    run_status_sensor,
)
from orchestrator._core.errors import InvalidDefinitionError
from orchestrator._core.runs import DagsterRun, DagsterRunStatus

SUCCESS = DagsterRunStatus.SUCCESS
FAILURE = DagsterRunStatus.FAILURE


def tick(definition, instance, cursor=None, **kwargs):
    return definition.evaluate_tick(build_sensor_context(instance=instance, cursor=cursor, **kwargs))


def test_fake_instance_satisfies_the_protocol():
    assert isinstance(FakeInstance(), RunStatusStore)


def test_first_tick_starts_after_existing_history():
    seen = []

    @run_status_sensor(run_status=SUCCESS)
    def on_success(context):
        seen.append(context.dagster_run.run_id)

    instance = FakeInstance()
    instance.finish_run("old1", "etl", SUCCESS)
    latest = instance.finish_run("old2", "etl", SUCCESS)
    data = tick(on_success, instance)
    assert seen == []
    assert data.cursor == str(latest)
    assert data.skip_message == f"Initiating on_success. Set cursor to {latest}"

    empty = tick(on_success, FakeInstance())
    assert empty.cursor == "-1"


def test_calls_the_function_once_per_matching_run_and_advances_the_cursor():
    seen = []

    @run_status_sensor(run_status=SUCCESS, monitored_jobs=[FakeJob("etl"), "report"])
    def on_success(context):
        assert isinstance(context, RunStatusSensorContext)
        seen.append((context.dagster_run.run_id, context.dagster_event, context.sensor_name))

    instance = FakeInstance()
    cursor = tick(on_success, instance).cursor
    instance.finish_run("r1", "etl", SUCCESS, event="e1")
    instance.finish_run("r2", "other", SUCCESS, event="e2")
    instance.finish_run("r3", "etl", FAILURE, event="e3")
    last = instance.finish_run("r4", "report", SUCCESS, event="e4")

    data = tick(on_success, instance, cursor)
    assert seen == [("r1", "e1", "on_success"), ("r4", "e4", "on_success")]
    assert data.cursor == str(last)
    assert data.error is None
    assert [r.dagster_run.run_id for r in data.dagster_run_reactions] == ["r1", "r4"]
    assert instance.calls[-1] == ("get_run_status_records", (None, [SUCCESS], 5))

    again = tick(on_success, instance, data.cursor)
    assert len(seen) == 2 and again.cursor == str(last)


def test_at_most_five_runs_per_tick():
    seen = []

    @run_status_sensor(run_status=SUCCESS)
    def on_success(context):
        seen.append(context.dagster_run.run_id)

    instance = FakeInstance()
    cursor = tick(on_success, instance).cursor
    for n in range(7):
        instance.finish_run(f"r{n}", "etl", SUCCESS)
    cursor = tick(on_success, instance, cursor).cursor
    assert seen == ["r0", "r1", "r2", "r3", "r4"]
    tick(on_success, instance, cursor)
    assert seen == [f"r{n}" for n in range(7)]


def test_returned_run_request_targets_the_request_job_and_stops_the_tick():
    @run_status_sensor(run_status=SUCCESS, request_job=FakeJob("downstream"))
    def chain(context):
        return RunRequest(run_key=f"after-{context.dagster_run.run_id}")

    instance = FakeInstance()
    cursor = tick(chain, instance).cursor
    first = instance.finish_run("r1", "etl", SUCCESS)
    instance.finish_run("r2", "etl", SUCCESS)

    data = tick(chain, instance, cursor)
    assert data.run_requests == [
        RunRequest(run_key="after-r1", job_name="downstream", tags={"dagster/sensor_name": "chain"})
    ]
    assert data.cursor == str(first)
    assert [r.run_key for r in tick(chain, instance, data.cursor).run_requests] == ["after-r2"]


def test_skip_reason_from_the_function():
    @run_status_sensor(run_status=SUCCESS)
    def skipper(context):
        return SkipReason(f"ignoring {context.dagster_run.run_id}")

    instance = FakeInstance()
    cursor = tick(skipper, instance).cursor
    instance.finish_run("r1", "etl", SUCCESS)
    assert tick(skipper, instance, cursor).skip_message == "ignoring r1"


def test_failure_sensor_gets_a_failure_context():
    alerts = []

    @run_failure_sensor
    def alert(context):
        assert isinstance(context, RunFailureSensorContext)
        alerts.append((context.dagster_run.run_id, context.failure_event))
        context.log.error("run %s failed", context.dagster_run.run_id)

    assert isinstance(alert, RunStatusSensorDefinition)
    assert alert.run_status is FAILURE
    instance = FakeInstance()
    cursor = tick(alert, instance).cursor
    instance.finish_run("ok", "etl", SUCCESS)
    last = instance.finish_run("bad", "etl", FAILURE, event="failure-event")
    data = tick(alert, instance, cursor)
    assert alerts == [("bad", "failure-event")]
    assert data.cursor == str(last)
    assert [(r.level, r.message) for r in data.log_records] == [("ERROR", "run bad failed")]


def test_failure_sensor_with_arguments_and_resources():
    sent = []

    class Slack:
        def post(self, text):
            sent.append(text)

    @run_failure_sensor(name="notify", monitored_jobs=["etl"], minimum_interval_seconds=60)
    def failure_to_slack(context, slack):
        slack.post(f"{context.dagster_run.job_name} failed")

    assert failure_to_slack.name == "notify"
    assert failure_to_slack.minimum_interval_seconds == 60
    assert failure_to_slack.required_resource_keys == {"slack"}
    instance = FakeInstance()
    cursor = tick(failure_to_slack, instance, resources={"slack": Slack()}).cursor
    instance.finish_run("r1", "etl", FAILURE)
    instance.finish_run("r2", "other", FAILURE)
    tick(failure_to_slack, instance, cursor, resources={"slack": Slack()})
    assert sent == ["etl failed"]


def test_user_exception_is_reported_and_the_run_is_passed():
    @run_status_sensor(run_status=SUCCESS)
    def fragile(context):
        if context.dagster_run.run_id == "r1":
            raise ValueError("cannot notify")

    instance = FakeInstance()
    cursor = tick(fragile, instance).cursor
    instance.finish_run("r1", "etl", SUCCESS)
    last = instance.finish_run("r2", "etl", SUCCESS)
    data = tick(fragile, instance, cursor)
    assert data.error is not None
    assert (
        "fragile" in data.error.message
        and "r1" in data.error.message
        and "cannot notify" in data.error.message
    )
    assert data.error.cls_name == "ValueError"
    assert data.cursor == str(last)
    assert [(r.dagster_run.run_id, r.error is not None) for r in data.dagster_run_reactions] == [
        ("r1", True),
        ("r2", False),
    ]


def test_latest_storage_id_fast_path_is_used_when_available():
    class WithLatest(FakeInstance):
        def get_latest_run_status_storage_id(self, statuses):
            return 41

    @run_status_sensor(run_status=SUCCESS)
    def fast(context):
        return None

    assert tick(fast, WithLatest()).cursor == "41"


def test_direct_invocation_with_built_context():
    @run_failure_sensor
    def alert(context):
        return f"{context.sensor_name}:{context.dagster_run.run_id}:{type(context).__name__}"

    context = build_run_status_sensor_context(
        sensor_name="alert",
        dagster_event="evt",
        dagster_instance=FakeInstance(),
        dagster_run=DagsterRun("r9", "etl", FAILURE),
    )
    assert alert(context) == "alert:r9:RunFailureSensorContext"
    assert context.for_run_failure().failure_event == "evt"


def test_partition_key_comes_from_the_run():
    run = DagsterRun("r1", "etl", SUCCESS, tags={"dagster/partition": "2024-01-01"})
    context = build_run_status_sensor_context("s", None, None, run, resources={"a": 1})
    assert context.partition_key == "2024-01-01"
    assert context.resources.a == 1


def test_invalid_definitions():
    with pytest.raises(InvalidDefinitionError, match="monitor_all_code_locations"):

        @run_status_sensor(run_status=SUCCESS, monitored_jobs=["etl"], monitor_all_code_locations=True)
        def both(context):
            return None

    with pytest.raises(InvalidDefinitionError, match=r"two_targets.*got job and jobs"):

        @run_status_sensor(run_status=SUCCESS, request_job=FakeJob("a"), request_jobs=[FakeJob("b")])
        def two_targets(context):
            return None

    with pytest.raises(InvalidDefinitionError, match="bad_status"):
        RunStatusSensorDefinition("bad_status", "SUCCESS", lambda context: None)  # type: ignore[arg-type]
