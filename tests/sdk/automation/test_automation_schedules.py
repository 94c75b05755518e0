"""Schedules: decorated functions, plain definitions, evaluation and invalid definitions."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from automation_fakes import FakeJob

from orchestrator._core.automation import (
    DefaultScheduleStatus,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SkipReason,
    build_schedule_context,
    schedule,
)
from orchestrator._core.errors import InvalidDefinitionError, InvalidInvocationError

TAG = "dagster/schedule_name"
MAY_1 = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)


def ctx(**kwargs):
    return build_schedule_context(scheduled_execution_time=MAY_1, **kwargs)


# ---------------------------------------------------------------- function forms


def test_return_single_run_request_with_context():
    @schedule("0 6 * * *", job_name="etl")
    def daily(context):
        return RunRequest(run_key=context.scheduled_execution_time.strftime("%Y-%m-%d"))

    data = daily.evaluate_tick(ctx())
    assert data.error is None
    assert data.skip_message is None
    assert data.run_requests == [RunRequest(run_key="2024-05-01", job_name="etl", tags={TAG: "daily"})]


def test_function_without_context():
    @schedule("0 6 * * *", job_name="etl")
    def daily():
        return RunRequest(run_key="fixed")

    assert daily.evaluate_tick(ctx()).run_requests == [
        RunRequest(run_key="fixed", job_name="etl", tags={TAG: "daily"})
    ]


def test_generator_and_list_give_the_same_requests():
    @schedule("0 6 * * *", job_name="etl")
    def gen(context):
        yield RunRequest(run_key="a", tags={"x": "1"})
        yield RunRequest(run_key="b")

    @schedule("0 6 * * *", job_name="etl")
    def lst(context):
        return [RunRequest(run_key="a", tags={"x": "1"}), RunRequest(run_key="b")]

    expected_keys = [("a", {"x": "1"}), ("b", {})]
    for definition in (gen, lst):
        data = definition.evaluate_tick(ctx())
        assert [(r.run_key, {k: v for k, v in r.tags.items() if k != TAG}) for r in data.run_requests] == (
            expected_keys
        )
        assert all(r.tags[TAG] == definition.name for r in data.run_requests)


def test_skip_reason():
    @schedule("0 6 * * *", job_name="etl")
    def holiday(context):
        return SkipReason("public holiday")

    data = holiday.evaluate_tick(ctx())
    assert data.run_requests == []
    assert data.skip_message == "public holiday"
    assert data.error is None


def test_none_is_an_empty_result():
    @schedule("0 6 * * *", job_name="etl")
    def nothing(context):
        return None

    data = nothing.evaluate_tick(ctx())
    assert data.run_requests == []
    assert data.skip_message == "Schedule function returned an empty result"


def test_dict_return_is_the_run_config_of_one_request_with_decorator_tags():
    @schedule("0 6 * * *", job_name="etl", tags={"team": "data"})
    def legacy(context):
        return {"ops": {"load": {"config": {"day": context.scheduled_execution_time.day}}}}

    assert legacy.evaluate_tick(ctx()).run_requests == [
        RunRequest(
            run_key=None,
            run_config={"ops": {"load": {"config": {"day": 1}}}},
            tags={"team": "data", TAG: "legacy"},
            job_name="etl",
        )
    ]
    assert legacy.tags == {"team": "data"}


def test_dict_return_uses_tags_fn():
    @schedule(
        "0 6 * * *",
        job_name="etl",
        tags_fn=lambda context: {"hour": str(context.scheduled_execution_time.hour)},
    )
    def legacy(context):
        return {}

    assert legacy.evaluate_tick(ctx()).run_requests[0].tags == {"hour": "6", TAG: "legacy"}


def test_should_execute_false_skips():
    @schedule("0 6 * * *", job_name="etl", should_execute=lambda context: False)
    def guarded(context):
        raise AssertionError("not called")

    data = guarded.evaluate_tick(ctx())
    assert data.skip_message == "should_execute function for guarded returned false."
    assert data.run_requests == []


def test_resource_injection_by_parameter_name():
    class Calendar:
        def is_open(self, day):
            return day.day == 1

    @schedule("0 6 * * *", job_name="etl")
    def open_days(context, calendar):
        if calendar.is_open(context.scheduled_execution_time):
            return RunRequest(run_key="open")
        return SkipReason("closed")

    assert open_days.required_resource_keys == {"calendar"}
    data = open_days.evaluate_tick(ctx(resources={"calendar": Calendar()}))
    assert [r.run_key for r in data.run_requests] == ["open"]


def test_missing_resource_is_an_error_naming_schedule_and_resource():
    @schedule("0 6 * * *", job_name="etl")
    def needs_db(context, database):
        return RunRequest()

    data = needs_db.evaluate_tick(ctx())
    assert data.error is not None
    assert "database" in data.error.message and "needs_db" in data.error.message


def test_context_resources_attribute_access():
    @schedule("0 6 * * *", job_name="etl")
    def uses_context(context):
        return RunRequest(run_key=context.resources.prefix + "1")

    assert uses_context.evaluate_tick(ctx(resources={"prefix": "p"})).run_requests[0].run_key == "p1"


def test_scheduled_time_is_converted_to_the_execution_timezone():
    seen = []

    @schedule("0 8 * * *", job_name="etl", execution_timezone="Europe/Berlin")
    def berlin(context):
        seen.append(context.scheduled_execution_time)

    berlin.evaluate_tick(build_schedule_context(scheduled_execution_time=datetime(2024, 5, 1, 6, tzinfo=UTC)))
    berlin.evaluate_tick(build_schedule_context(scheduled_execution_time=datetime(2024, 5, 1, 8)))
    assert seen == [
        datetime(2024, 5, 1, 8, tzinfo=ZoneInfo("Europe/Berlin")),
        datetime(2024, 5, 1, 8, tzinfo=ZoneInfo("Europe/Berlin")),
    ]
    assert all(t.tzinfo == ZoneInfo("Europe/Berlin") for t in seen)


def test_logs_are_captured():
    @schedule("0 6 * * *", job_name="etl")
    def chatty(context):
        context.log.info("checking %s", "calendar")
        context.log.debug("not kept")
        return SkipReason("quiet")

    data = chatty.evaluate_tick(ctx())
    assert [(r.level, r.message) for r in data.log_records] == [("INFO", "checking calendar")]


# ---------------------------------------------------------------- plain definitions


def test_plain_schedule_yields_one_request_with_its_config_and_tags():
    job = FakeJob("nightly_job")
    nightly = ScheduleDefinition(
        job=job, cron_schedule="0 2 * * *", run_config={"ops": {"a": {"config": {"n": 1}}}}, tags={"t": "v"}
    )
    assert nightly.name == "nightly_job_schedule"
    assert nightly.job is job and nightly.job_name == "nightly_job"
    data = nightly.evaluate_tick(ctx())
    assert data.run_requests == [
        RunRequest(
            run_key=None,
            run_config={"ops": {"a": {"config": {"n": 1}}}},
            tags={"t": "v", TAG: "nightly_job_schedule"},
            job_name="nightly_job",
        )
    ]


def test_plain_schedule_with_functions():
    plain = ScheduleDefinition(
        name="fn_based",
        job_name="etl",
        cron_schedule="0 2 * * *",
        run_config_fn=lambda context: {"day": context.scheduled_execution_time.day},
        tags_fn=lambda context: {"month": str(context.scheduled_execution_time.month)},
        should_execute=lambda context: True,
    )
    assert plain.evaluate_tick(ctx()).run_requests == [
        RunRequest(run_config={"day": 1}, tags={"month": "5", TAG: "fn_based"}, job_name="etl")
    ]


def test_plain_schedule_with_execution_fn():
    def execution_fn(context):
        yield RunRequest(run_key="x")

    plain = ScheduleDefinition(
        name="exec", job_name="etl", cron_schedule="0 2 * * *", execution_fn=execution_fn
    )
    assert [r.run_key for r in plain.evaluate_tick(ctx()).run_requests] == ["x"]


def test_properties():
    definition = ScheduleDefinition(
        name="props",
        job_name="etl",
        cron_schedule=["0 9 * * 1-5", "0 12 * * 6"],
        execution_timezone="America/New_York",
        description="weekday mornings",
        default_status=DefaultScheduleStatus.RUNNING,
        metadata={"owner": "me"},
    )
    assert definition.cron_schedule == ["0 9 * * 1-5", "0 12 * * 6"]
    assert definition.execution_timezone == "America/New_York"
    assert definition.description == "weekday mornings"
    assert definition.default_status is DefaultScheduleStatus.RUNNING
    assert definition.metadata == {"owner": "me"}
    assert getattr(definition, "job", None) is None
    with pytest.raises(InvalidDefinitionError, match="props"):
        _ = definition.job


def test_asset_selection_target_uses_an_anonymous_job():
    definition = ScheduleDefinition(name="assets_daily", cron_schedule="0 0 * * *", target=["raw/users"])
    assert definition.job_name == "__anonymous_asset_job_assets_daily"
    assert definition.has_anonymous_job
    assert definition.target.asset_selection == ["raw/users"]


# ---------------------------------------------------------------- direct invocation


def test_direct_call_invokes_the_function():
    @schedule("0 6 * * *", job_name="etl")
    def daily(context):
        return RunRequest(run_key=str(context.scheduled_execution_time.day))

    assert daily(ctx()) == RunRequest(run_key="1")
    assert daily(context=ctx()) == RunRequest(run_key="1")


def test_direct_call_with_resource_kwargs():
    @schedule("0 6 * * *", job_name="etl")
    def with_resource(context, greeting):
        return {"greeting": greeting}

    assert with_resource(ctx(), greeting="hi") == {"greeting": "hi"}


def test_direct_call_without_context_parameter():
    @schedule("0 6 * * *", job_name="etl")
    def no_context():
        return SkipReason("x")

    assert no_context() == SkipReason("x")


def test_direct_call_requires_a_context_when_the_function_takes_one():
    @schedule("0 6 * * *", job_name="etl")
    def daily(context):
        return None

    with pytest.raises(InvalidInvocationError, match="expected context argument"):
        daily()


def test_direct_call_of_plain_schedule_is_rejected():
    plain = ScheduleDefinition(job_name="etl", cron_schedule="0 2 * * *")
    with pytest.raises(InvalidInvocationError, match="decorators"):
        plain(ctx())


def test_build_schedule_context_without_time_raises_on_access():
    context = build_schedule_context()
    assert isinstance(context, ScheduleEvaluationContext)
    with pytest.raises(InvalidInvocationError, match="scheduled_execution_time"):
        _ = context.scheduled_execution_time


# ---------------------------------------------------------------- errors at evaluation


def test_user_exception_is_captured_with_traceback():
    def compute_day(context):
        raise ValueError("calendar service down")

    @schedule("0 6 * * *", job_name="etl")
    def flaky(context):
        return RunRequest(run_key=compute_day(context))

    data = flaky.evaluate_tick(ctx())
    assert data.run_requests == []
    assert data.error is not None
    assert data.error.cls_name == "ValueError"
    assert "flaky" in data.error.message and "calendar service down" in data.error.message
    assert "compute_day" in data.error.traceback


def test_exception_inside_generator_is_captured():
    @schedule("0 6 * * *", job_name="etl")
    def gen(context):
        yield RunRequest(run_key="a")
        raise RuntimeError("halfway")

    data = gen.evaluate_tick(ctx())
    assert data.run_requests == [] and "halfway" in data.error.message


def test_multiple_requests_need_run_keys():
    @schedule("0 6 * * *", job_name="etl")
    def keyless(context):
        return [RunRequest(), RunRequest()]

    data = keyless.evaluate_tick(ctx())
    assert "keyless" in data.error.message and "run_key" in data.error.message


def test_unexpected_return_type_is_an_error():
    @schedule("0 6 * * *", job_name="etl")
    def weird(context):
        return 42

    data = weird.evaluate_tick(ctx())
    assert "weird" in data.error.message and "int" in data.error.message


def test_skip_and_run_requests_together_are_an_error():
    @schedule("0 6 * * *", job_name="etl")
    def mixed(context):
        yield RunRequest(run_key="a")
        yield SkipReason("b")

    assert "mixed" in mixed.evaluate_tick(ctx()).error.message


# ---------------------------------------------------------------- invalid definitions


@pytest.mark.parametrize("cron", ["0 25 * * *", "not a cron", "* * * * * *", "0 0 30 2 *"])
def test_invalid_cron_is_rejected_naming_schedule_and_value(cron):
    with pytest.raises(InvalidDefinitionError) as info:
        ScheduleDefinition(name="bad_cron", job_name="etl", cron_schedule=cron)
    assert "bad_cron" in str(info.value) and cron in str(info.value)


def test_invalid_cron_in_decorator():
    with pytest.raises(InvalidDefinitionError, match=r"'0 25 \* \* \*'.*decorated"):

        @schedule("0 25 * * *", job_name="etl")
        def decorated(context):
            return None


def test_invalid_cron_in_list_and_empty_list():
    with pytest.raises(InvalidDefinitionError, match="listed"):
        ScheduleDefinition(name="listed", job_name="etl", cron_schedule=["0 0 * * *", "not a cron"])
    with pytest.raises(InvalidDefinitionError, match="empty"):
        ScheduleDefinition(name="empty", job_name="etl", cron_schedule=[])


def test_unknown_timezone_is_rejected_naming_schedule_and_value():
    with pytest.raises(InvalidDefinitionError) as info:
        ScheduleDefinition(
            name="tz", job_name="etl", cron_schedule="0 0 * * *", execution_timezone="Mars/Olympus"
        )
    assert "Mars/Olympus" in str(info.value) and "tz" in str(info.value)


def test_invalid_names_and_targets():
    with pytest.raises(InvalidDefinitionError, match="bad-name"):
        ScheduleDefinition(name="bad-name", job_name="etl", cron_schedule="0 0 * * *")
    with pytest.raises(InvalidDefinitionError, match="more than one"):
        ScheduleDefinition(name="two", job_name="etl", job=FakeJob("etl"), cron_schedule="0 0 * * *")
    with pytest.raises(InvalidDefinitionError, match="no_target"):
        ScheduleDefinition(name="no_target", cron_schedule="0 0 * * *")


def test_conflicting_plain_schedule_arguments():
    with pytest.raises(InvalidDefinitionError, match="run_config_fn and run_config"):
        ScheduleDefinition(
            name="c", job_name="etl", cron_schedule="0 0 * * *", run_config={}, run_config_fn=lambda c: {}
        )
    with pytest.raises(InvalidDefinitionError, match="tags_fn and tags"):
        ScheduleDefinition(name="c", job_name="etl", cron_schedule="0 0 * * *", tags={"a": "b"}, tags_fn=dict)
    with pytest.raises(InvalidDefinitionError, match="execution_fn"):
        ScheduleDefinition(
            name="c", job_name="etl", cron_schedule="0 0 * * *", run_config={}, execution_fn=lambda c: None
        )


def test_invalid_static_run_config_is_rejected():
    with pytest.raises(InvalidDefinitionError, match="cfg"):
        ScheduleDefinition(
            name="cfg", job_name="etl", cron_schedule="0 0 * * *", run_config=["not", "a", "dict"]
        )
