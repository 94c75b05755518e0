"""Future tick times of schedules, including across daylight-saving changes."""

from datetime import UTC, datetime, timedelta, timezone

from orchestrator._core.automation import (
    ScheduleDefinition,
    cron_string_iterator,
    is_valid_cron_schedule,
    is_valid_cron_string,
)

EST = timezone(timedelta(hours=-5))
EDT = timezone(timedelta(hours=-4))
CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))


def ticks(cron, tz, start, n):
    definition = ScheduleDefinition(name="s", job_name="etl", cron_schedule=cron, execution_timezone=tz)
    return definition.next_tick_times(start, n)


def same_instants(actual, expected):
    """Equal instants and equal UTC offsets (so the wall time shown is right too)."""
    assert [(t.timestamp(), t.utcoffset()) for t in actual] == [
        (t.timestamp(), t.utcoffset()) for t in expected
    ]


def test_ticks_are_strictly_after_start_and_in_the_execution_timezone():
    result = ticks("0 2 * * *", "Europe/Berlin", datetime(2024, 1, 10, 2, 0, tzinfo=CET), 2)
    same_instants(result, [datetime(2024, 1, 11, 2, tzinfo=CET), datetime(2024, 1, 12, 2, tzinfo=CET)])
    assert all(str(t.tzinfo) == "Europe/Berlin" for t in result)


def test_default_timezone_is_utc():
    result = ticks("30 * * * *", None, datetime(2024, 1, 1, 10, 45, tzinfo=UTC), 2)
    assert result == [datetime(2024, 1, 1, 11, 30, tzinfo=UTC), datetime(2024, 1, 1, 12, 30, tzinfo=UTC)]


def test_naive_start_is_wall_time_in_the_execution_timezone():
    result = ticks("0 9 * * *", "America/New_York", datetime(2024, 1, 1, 8, 0), 1)
    same_instants(result, [datetime(2024, 1, 1, 9, tzinfo=EST)])


def test_berlin_spring_forward_runs_at_the_end_of_the_gap():
    # 2024-03-31 02:00 CET jumps to 03:00 CEST; 02:00 does not exist that day.
    result = ticks("0 2 * * *", "Europe/Berlin", datetime(2024, 3, 29, 12, tzinfo=CET), 4)
    same_instants(
        result,
        [
            datetime(2024, 3, 30, 2, 0, tzinfo=CET),
            datetime(2024, 3, 31, 3, 0, tzinfo=CEST),
            datetime(2024, 4, 1, 2, 0, tzinfo=CEST),
            datetime(2024, 4, 2, 2, 0, tzinfo=CEST),
        ],
    )


def test_berlin_fall_back_runs_once_at_the_later_occurrence():
    # 2024-10-27 03:00 CEST goes back to 02:00 CET; 02:30 happens twice.
    result = ticks("30 2 * * *", "Europe/Berlin", datetime(2024, 10, 26, 12, tzinfo=CEST), 3)
    same_instants(
        result,
        [
            datetime(2024, 10, 27, 2, 30, tzinfo=CET),
            datetime(2024, 10, 28, 2, 30, tzinfo=CET),
            datetime(2024, 10, 29, 2, 30, tzinfo=CET),
        ],
    )


def test_new_york_spring_forward_daily():
    result = ticks("30 2 * * *", "America/New_York", datetime(2024, 3, 8, 12, tzinfo=EST), 3)
    same_instants(
        result,
        [
            datetime(2024, 3, 9, 2, 30, tzinfo=EST),
            datetime(2024, 3, 10, 3, 0, tzinfo=EDT),
            datetime(2024, 3, 11, 2, 30, tzinfo=EDT),
        ],
    )


def test_new_york_fall_back_hourly_runs_every_real_hour():
    result = ticks("0 * * * *", "America/New_York", datetime(2024, 11, 2, 23, 30, tzinfo=EDT), 5)
    same_instants(
        result,
        [
            datetime(2024, 11, 3, 0, 0, tzinfo=EDT),
            datetime(2024, 11, 3, 1, 0, tzinfo=EDT),
            datetime(2024, 11, 3, 1, 0, tzinfo=EST),
            datetime(2024, 11, 3, 2, 0, tzinfo=EST),
            datetime(2024, 11, 3, 3, 0, tzinfo=EST),
        ],
    )
    assert [t.fold for t in result] == [0, 0, 1, 0, 0]


def test_new_york_spring_forward_hourly_skips_the_missing_hour():
    result = ticks("0 * * * *", "America/New_York", datetime(2024, 3, 10, 0, 30, tzinfo=EST), 3)
    same_instants(
        result,
        [
            datetime(2024, 3, 10, 1, 0, tzinfo=EST),
            datetime(2024, 3, 10, 3, 0, tzinfo=EDT),
            datetime(2024, 3, 10, 4, 0, tzinfo=EDT),
        ],
    )


def test_start_inside_the_repeated_hour():
    start = datetime(2024, 11, 3, 1, 30, tzinfo=EDT)  # the first 01:30
    result = ticks("*/30 * * * *", "America/New_York", start, 3)
    same_instants(
        result,
        [
            datetime(2024, 11, 3, 1, 0, tzinfo=EST),
            datetime(2024, 11, 3, 1, 30, tzinfo=EST),
            datetime(2024, 11, 3, 2, 0, tzinfo=EST),
        ],
    )


def test_several_cron_strings_are_merged():
    result = ticks(["0 9 * * *", "0 17 * * *", "0 9 * * *"], "UTC", datetime(2024, 1, 1, tzinfo=UTC), 4)
    assert [t.hour for t in result] == [9, 17, 9, 17]


def test_accepts_a_timestamp():
    start = datetime(2024, 1, 1, tzinfo=UTC).timestamp()
    it = cron_string_iterator(start, "0 0 * * *", "UTC")
    assert next(it) == datetime(2024, 1, 2, tzinfo=UTC)


def test_execution_time_iterator_is_lazy_and_infinite():
    definition = ScheduleDefinition(name="s", job_name="etl", cron_schedule="* * * * *")
    it = definition.execution_time_iterator(datetime(2024, 1, 1, tzinfo=UTC))
    values = [next(it) for _ in range(1000)]
    assert values[-1] == datetime(2024, 1, 1, 16, 40, tzinfo=UTC)


def test_cron_validity():
    assert is_valid_cron_string("*/5 * * * *")
    assert is_valid_cron_string("@daily")
    assert not is_valid_cron_string("0 25 * * *")
    assert not is_valid_cron_string("not a cron")
    assert not is_valid_cron_schedule([])
    assert is_valid_cron_schedule(["0 0 * * *", "0 12 * * *"])
