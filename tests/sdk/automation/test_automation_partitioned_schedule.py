"""``build_schedule_from_partitioned_job`` against a fake daily partitions definition."""

from datetime import UTC, datetime

import pytest
from automation_fakes import FakeDailyPartitions, FakeJob, FakeStaticPartitions

from orchestrator._core.automation import (
    DefaultScheduleStatus,
    RunRequest,
    build_schedule_context,
    build_schedule_from_partitioned_job,
)
from orchestrator._core.errors import InvalidDefinitionError

TAG = "dagster/schedule_name"


def daily_job():
    return FakeJob("daily_etl", partitions_def=FakeDailyPartitions())


def test_schedule_follows_the_partitions_cadence_and_timezone():
    definition = build_schedule_from_partitioned_job(daily_job())
    assert definition.name == "daily_etl_schedule"
    assert definition.cron_schedule == "0 0 * * *"
    assert definition.execution_timezone == "UTC"
    assert definition.job_name == "daily_etl"
    assert definition.default_status is DefaultScheduleStatus.STOPPED


def test_tick_requests_the_last_complete_partition():
    definition = build_schedule_from_partitioned_job(daily_job(), tags={"team": "data"})
    context = build_schedule_context(scheduled_execution_time=datetime(2024, 5, 2, 0, 0, tzinfo=UTC))
    data = definition.evaluate_tick(context)
    assert data.error is None
    assert data.run_requests == [
        RunRequest(
            run_key="2024-05-01",
            partition_key="2024-05-01",
            tags={"team": "data", TAG: "daily_etl_schedule"},
            job_name="daily_etl",
        )
    ]


def test_tick_times_line_up_with_partition_keys():
    definition = build_schedule_from_partitioned_job(daily_job())
    times = definition.next_tick_times(datetime(2024, 2, 27, 12, tzinfo=UTC), 3)
    keys = []
    for t in times:
        data = definition.evaluate_tick(build_schedule_context(scheduled_execution_time=t))
        keys.append(data.run_requests[0].partition_key)
    assert keys == ["2024-02-27", "2024-02-28", "2024-02-29"]


def test_skip_when_no_partition_is_complete():
    definition = build_schedule_from_partitioned_job(daily_job())
    context = build_schedule_context(scheduled_execution_time=datetime(2024, 1, 1, 0, 0, tzinfo=UTC))
    data = definition.evaluate_tick(context)
    assert data.run_requests == []
    assert data.skip_message == "The job's PartitionsDefinition has no partitions"


def test_overrides_change_the_cron():
    definition = build_schedule_from_partitioned_job(
        daily_job(), name="late", minute_of_hour=15, hour_of_day=3, description="after upstream"
    )
    assert (definition.name, definition.cron_schedule, definition.description) == (
        "late",
        "15 3 * * *",
        "after upstream",
    )


def test_weekly_override():
    job = FakeJob("weekly", partitions_def=FakeDailyPartitions(cron_schedule="0 0 * * 0"))
    assert build_schedule_from_partitioned_job(job, day_of_week=3).cron_schedule == "0 0 * * 3"


def test_partitions_timezone_is_used():
    job = FakeJob("berlin", partitions_def=FakeDailyPartitions(timezone="Europe/Berlin"))
    assert build_schedule_from_partitioned_job(job).execution_timezone == "Europe/Berlin"


def test_static_partitions_need_a_cron_and_request_every_key():
    job = FakeJob("regions", partitions_def=FakeStaticPartitions(["eu", "us"]))
    with pytest.raises(InvalidDefinitionError, match="regions"):
        build_schedule_from_partitioned_job(job)
    definition = build_schedule_from_partitioned_job(job, cron_schedule="0 1 * * *")
    data = definition.evaluate_tick(build_schedule_context(scheduled_execution_time=datetime(2024, 1, 1)))
    assert [(r.run_key, r.partition_key) for r in data.run_requests] == [("eu", "eu"), ("us", "us")]


def test_unpartitioned_job_is_rejected_naming_the_job():
    with pytest.raises(InvalidDefinitionError, match="plain_job"):
        build_schedule_from_partitioned_job(FakeJob("plain_job"))


def test_non_time_window_partitions_are_rejected_naming_the_job():
    job = FakeJob("odd_job", partitions_def=object())
    with pytest.raises(InvalidDefinitionError, match="odd_job"):
        build_schedule_from_partitioned_job(job)


def test_invalid_overrides_are_rejected():
    with pytest.raises(InvalidDefinitionError, match="day_of_month and day_of_week"):
        build_schedule_from_partitioned_job(daily_job(), day_of_week=1, day_of_month=1)
    with pytest.raises(InvalidDefinitionError, match="weekly"):
        build_schedule_from_partitioned_job(daily_job(), day_of_week=1)
    with pytest.raises(InvalidDefinitionError, match="minute_of_hour"):
        build_schedule_from_partitioned_job(daily_job(), minute_of_hour=60)
    with pytest.raises(InvalidDefinitionError, match="cron_schedule"):
        build_schedule_from_partitioned_job(daily_job(), cron_schedule="0 1 * * *")
