"""Keys, windows and validation of time-window partitions definitions."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from orchestrator import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    PartitionKeyRange,
    TimeWindow,
    TimeWindowPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from orchestrator._core.errors import InvalidDefinitionError, UnknownPartitionError
from orchestrator._core.partitions import ScheduleType

UTC = UTC
NY = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def ny(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=NY, fold=fold)


# -- daily ------------------------------------------------------------------------------------


def test_daily_keys_are_complete_days_before_current_time():
    daily = DailyPartitionsDefinition(start_date="2026-01-01")
    assert daily.get_partition_keys(current_time=utc(2026, 1, 4, 1)) == [
        "2026-01-01",
        "2026-01-02",
        "2026-01-03",
    ]
    assert daily.get_partition_keys(current_time=utc(2026, 1, 4)) == [
        "2026-01-01",
        "2026-01-02",
        "2026-01-03",
    ]
    assert daily.get_partition_keys(current_time=utc(2026, 1, 3, 23, 59)) == ["2026-01-01", "2026-01-02"]
    assert daily.get_partition_keys(current_time=utc(2026, 1, 1, 12)) == []
    assert daily.get_partition_keys(current_time=utc(2025, 6, 1)) == []


def test_daily_attributes():
    daily = DailyPartitionsDefinition(start_date="2026-01-01")
    assert daily.start == utc(2026, 1, 1)
    assert daily.end is None
    assert daily.timezone == "UTC"
    assert daily.fmt == "%Y-%m-%d"
    assert daily.cron_schedule == "0 0 * * *"
    assert daily.end_offset == 0
    assert daily.schedule_type is ScheduleType.DAILY
    assert (daily.minute_offset, daily.hour_offset) == (0, 0)
    assert str(daily) == "Daily, starting 2026-01-01 UTC."
    assert repr(daily) == "DailyPartitionsDefinition(start_date=2026-01-01)"


def test_daily_counts_first_last_and_range():
    daily = DailyPartitionsDefinition(start_date="2026-01-01")
    now = utc(2026, 1, 11, 6)
    assert daily.get_num_partitions(now) == 10
    assert daily.get_first_partition_key(now) == "2026-01-01"
    assert daily.get_last_partition_key(now) == "2026-01-10"
    assert daily.get_last_partition_window(now) == TimeWindow(utc(2026, 1, 10), utc(2026, 1, 11))
    assert daily.get_first_partition_window(now) == TimeWindow(utc(2026, 1, 1), utc(2026, 1, 2))
    assert daily.get_partition_keys_in_range(
        PartitionKeyRange("2026-01-03", "2026-01-05"), current_time=now
    ) == [
        "2026-01-03",
        "2026-01-04",
        "2026-01-05",
    ]
    assert daily.get_last_partition_key(utc(2025, 1, 1)) is None
    assert daily.get_last_partition_window(utc(2025, 1, 1)) is None


def test_daily_with_hour_and_minute_offset():
    daily = DailyPartitionsDefinition(start_date="2026-01-01", hour_offset=6, minute_offset=30)
    assert daily.cron_schedule == "30 6 * * *"
    assert daily.get_partition_keys(current_time=utc(2026, 1, 3, 6, 30)) == ["2026-01-01", "2026-01-02"]
    assert daily.get_partition_keys(current_time=utc(2026, 1, 3, 6, 29)) == ["2026-01-01"]
    assert daily.time_window_for_partition_key("2026-01-02") == TimeWindow(
        utc(2026, 1, 2, 6, 30), utc(2026, 1, 3, 6, 30)
    )


def test_start_given_as_datetime_or_iso_string():
    assert DailyPartitionsDefinition(start_date=datetime(2026, 1, 1)) == DailyPartitionsDefinition(
        "2026-01-01"
    )
    hourly = HourlyPartitionsDefinition(start_date="2026-01-01")  # ISO date, not in fmt
    assert hourly.get_partition_keys(utc(2026, 1, 1, 2)) == ["2026-01-01-00:00", "2026-01-01-01:00"]
    # The wall-clock fields of a datetime are read in the definition's timezone.
    paris = DailyPartitionsDefinition(start_date=datetime(2026, 1, 1, tzinfo=UTC), timezone="Europe/Paris")
    assert paris.start == datetime(2026, 1, 1, tzinfo=ZoneInfo("Europe/Paris"))


def test_naive_current_time_is_read_in_the_timezone():
    daily = DailyPartitionsDefinition(start_date="2026-01-01", timezone="America/New_York")
    assert daily.get_partition_keys(current_time=datetime(2026, 1, 3)) == ["2026-01-01", "2026-01-02"]
    assert daily.get_partition_keys(current_time=utc(2026, 1, 3, 4)) == ["2026-01-01"]


def test_end_offset_extends_or_shrinks_the_set():
    now = utc(2026, 1, 4, 1)
    expected = {
        0: ["2026-01-01", "2026-01-02", "2026-01-03"],
        1: ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"],
        2: ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05"],
        -1: ["2026-01-01", "2026-01-02"],
    }
    for end_offset, keys in expected.items():
        daily = DailyPartitionsDefinition(start_date="2026-01-01", end_offset=end_offset)
        assert daily.get_partition_keys(current_time=now) == keys
        assert daily.get_num_partitions(current_time=now) == len(keys)
        assert daily.has_partition_key(keys[-1], current_time=now)
    # With end_offset=1 the first partition exists while it is still in progress.
    assert DailyPartitionsDefinition("2026-01-01", end_offset=1).get_partition_keys(utc(2026, 1, 1, 5)) == [
        "2026-01-01"
    ]


def test_end_date_is_exclusive_and_caps_end_offset():
    daily = DailyPartitionsDefinition(start_date="2026-01-01", end_date="2026-01-04")
    assert daily.end == utc(2026, 1, 4)
    assert daily.get_partition_keys(current_time=utc(2027, 1, 1)) == [
        "2026-01-01",
        "2026-01-02",
        "2026-01-03",
    ]
    assert daily.get_partition_keys(current_time=utc(2026, 1, 3)) == ["2026-01-01", "2026-01-02"]
    assert not daily.has_partition_key("2026-01-04", current_time=utc(2027, 1, 1))
    extended = DailyPartitionsDefinition(start_date="2026-01-01", end_date="2026-01-04", end_offset=5)
    assert extended.get_partition_keys(current_time=utc(2026, 1, 2, 1)) == [
        "2026-01-01",
        "2026-01-02",
        "2026-01-03",
    ]
    shrunk = DailyPartitionsDefinition(start_date="2026-01-01", end_date="2026-01-04", end_offset=-1)
    assert shrunk.get_partition_keys(current_time=utc(2027, 1, 1)) == ["2026-01-01", "2026-01-02"]


# -- hourly and DST ---------------------------------------------------------------------------


def test_hourly_keys_and_attributes():
    hourly = HourlyPartitionsDefinition(start_date="2026-01-01-00:00", minute_offset=15)
    assert hourly.fmt == "%Y-%m-%d-%H:%M"
    assert hourly.cron_schedule == "15 * * * *"
    assert hourly.get_partition_keys(current_time=utc(2026, 1, 1, 3, 15)) == [
        "2026-01-01-00:15",
        "2026-01-01-01:15",
        "2026-01-01-02:15",
    ]
    assert repr(hourly) == "HourlyPartitionsDefinition(start_date=2026-01-01-00:00, minute_offset=15)"


def test_hourly_new_york_spring_forward_skips_the_missing_hour():
    hourly = HourlyPartitionsDefinition(start_date="2026-03-08-00:00", timezone="America/New_York")
    keys = hourly.get_partition_keys(current_time=ny(2026, 3, 8, 5))
    assert keys == ["2026-03-08-00:00", "2026-03-08-01:00", "2026-03-08-03:00", "2026-03-08-04:00"]
    # The window before the gap lasts one real hour.
    assert hourly.time_window_for_partition_key("2026-03-08-01:00") == TimeWindow(
        ny(2026, 3, 8, 1), ny(2026, 3, 8, 3)
    )
    assert not hourly.has_partition_key("2026-03-08-02:00", current_time=ny(2026, 3, 8, 5))


def test_hourly_new_york_fall_back_repeats_the_hour_with_offset_suffix():
    hourly = HourlyPartitionsDefinition(start_date="2026-11-01-00:00", timezone="America/New_York")
    now = ny(2026, 11, 1, 4)
    keys = hourly.get_partition_keys(current_time=now)
    assert keys == [
        "2026-11-01-00:00",
        "2026-11-01-01:00",
        "2026-11-01-01:00-0500",
        "2026-11-01-02:00",
        "2026-11-01-03:00",
    ]
    assert all(hourly.has_partition_key(key, current_time=now) for key in keys)
    first, second = (hourly.time_window_for_partition_key(k) for k in keys[1:3])
    assert first == TimeWindow(ny(2026, 11, 1, 1), ny(2026, 11, 1, 1, fold=1))
    assert second == TimeWindow(ny(2026, 11, 1, 1, fold=1), ny(2026, 11, 1, 2))
    assert first.start.utcoffset() == timedelta(hours=-4)
    assert second.start.utcoffset() == timedelta(hours=-5)


def test_hourly_dst_matches_utc_stepping_for_a_year():
    hourly = HourlyPartitionsDefinition(start_date="2026-01-01-00:00", timezone="America/New_York")
    now = ny(2027, 1, 1)
    keys = hourly.get_partition_keys(current_time=now)
    start = ny(2026, 1, 1).astimezone(UTC)
    expected = []
    for i in range(len(keys)):
        local = (start + timedelta(hours=i)).astimezone(NY)
        suffix = local.strftime("%z") if local.fold else ""
        expected.append(local.strftime("%Y-%m-%d-%H:%M") + suffix)
    assert len(keys) == 365 * 24
    assert keys == expected


def test_daily_new_york_windows_across_dst_are_23_and_25_hours():
    daily = DailyPartitionsDefinition(start_date="2026-03-07", timezone="America/New_York")
    spring = daily.time_window_for_partition_key("2026-03-08")
    assert spring.end.timestamp() - spring.start.timestamp() == 23 * 3600
    fall = daily.time_window_for_partition_key("2026-11-01")
    assert fall.end.timestamp() - fall.start.timestamp() == 25 * 3600
    assert daily.get_partition_keys(current_time=ny(2026, 3, 10)) == [
        "2026-03-07",
        "2026-03-08",
        "2026-03-09",
    ]


def test_daily_at_a_skipped_wall_time_starts_when_the_gap_ends():
    daily = DailyPartitionsDefinition(
        "2026-03-07", timezone="America/New_York", hour_offset=2, minute_offset=30, fmt="%Y-%m-%d %H:%M"
    )
    keys = daily.get_partition_keys(current_time=ny(2026, 3, 10, 12))
    assert keys == ["2026-03-07 02:30", "2026-03-08 03:00", "2026-03-09 02:30"]
    assert daily.time_window_for_partition_key("2026-03-07 02:30") == TimeWindow(
        ny(2026, 3, 7, 2, 30), ny(2026, 3, 8, 3)
    )


def test_daily_at_an_ambiguous_wall_time_uses_the_later_instant():
    daily = DailyPartitionsDefinition(
        "2026-10-31", timezone="America/New_York", hour_offset=1, minute_offset=30
    )
    window = daily.time_window_for_partition_key("2026-11-01")
    assert window.start == ny(2026, 11, 1, 1, 30, fold=1)
    assert window.start.utcoffset() == timedelta(hours=-5)


# -- weekly and monthly -----------------------------------------------------------------------


def test_weekly_starts_on_sunday_by_default():
    weekly = WeeklyPartitionsDefinition(start_date="2026-01-01")  # a Thursday
    assert weekly.get_partition_keys(current_time=utc(2026, 1, 25)) == [
        "2026-01-04",
        "2026-01-11",
        "2026-01-18",
    ]
    assert weekly.time_window_for_partition_key("2026-01-04") == TimeWindow(utc(2026, 1, 4), utc(2026, 1, 11))


def test_weekly_with_offsets():
    weekly = WeeklyPartitionsDefinition(
        start_date="2026-01-01", day_offset=1, hour_offset=3, minute_offset=15, fmt="%Y-%m-%d-%H:%M"
    )
    assert weekly.cron_schedule == "15 3 * * 1"
    assert weekly.day_offset == 1
    assert weekly.get_partition_keys(current_time=utc(2026, 2, 1)) == [
        "2026-01-05-03:15",
        "2026-01-12-03:15",
        "2026-01-19-03:15",
    ]


def test_monthly_defaults_and_offsets():
    monthly = MonthlyPartitionsDefinition(start_date="2026-01-15")
    assert monthly.get_partition_keys(current_time=utc(2026, 4, 30)) == ["2026-02-01", "2026-03-01"]
    assert monthly.get_partition_keys(current_time=utc(2026, 5, 1)) == [
        "2026-02-01",
        "2026-03-01",
        "2026-04-01",
    ]
    assert monthly.time_window_for_partition_key("2026-02-01") == TimeWindow(utc(2026, 2, 1), utc(2026, 3, 1))
    offset = MonthlyPartitionsDefinition(start_date="2025-11-15", day_offset=5, hour_offset=12, end_offset=1)
    assert offset.cron_schedule == "0 12 5 * *"
    assert offset.get_partition_keys(current_time=utc(2026, 2, 10)) == [
        "2025-12-05",
        "2026-01-05",
        "2026-02-05",
    ]


def test_monthly_day_31_skips_shorter_months():
    monthly = MonthlyPartitionsDefinition(start_date="2026-01-01", day_offset=31)
    assert monthly.get_partition_keys(current_time=utc(2026, 9, 1)) == [
        "2026-01-31",
        "2026-03-31",
        "2026-05-31",
        "2026-07-31",
    ]


def test_custom_cron_schedule():
    every_15 = TimeWindowPartitionsDefinition(
        start="2026-01-01 00:00", fmt="%Y-%m-%d %H:%M", cron_schedule="*/15 * * * *"
    )
    assert every_15.get_partition_keys(current_time=utc(2026, 1, 1, 1)) == [
        "2026-01-01 00:00",
        "2026-01-01 00:15",
        "2026-01-01 00:30",
        "2026-01-01 00:45",
    ]
    weekdays = TimeWindowPartitionsDefinition(start="2026-01-01", fmt="%Y-%m-%d", cron_schedule="0 0 * * 1-5")
    # 2026-01-01 is a Thursday: windows start Thu, Fri, Mon, Tue.
    assert weekdays.get_partition_keys(current_time=utc(2026, 1, 7)) == [
        "2026-01-01",
        "2026-01-02",
        "2026-01-05",
        "2026-01-06",
    ]
    assert weekdays.time_window_for_partition_key("2026-01-02") == TimeWindow(
        utc(2026, 1, 2), utc(2026, 1, 5)
    )
    assert weekdays.schedule_type is None
    assert weekdays.has_partition_key("2026-01-05", current_time=utc(2026, 1, 7))
    assert not weekdays.has_partition_key("2026-01-03", current_time=utc(2026, 1, 7))


# -- windows and timestamps -------------------------------------------------------------------


def test_partition_key_for_timestamp():
    daily = DailyPartitionsDefinition(start_date="2026-01-01")
    midday = utc(2026, 1, 5, 12).timestamp()
    midnight = utc(2026, 1, 5).timestamp()
    assert daily.get_partition_key_for_timestamp(midday) == "2026-01-05"
    assert daily.get_partition_key_for_timestamp(midnight) == "2026-01-05"
    assert daily.get_partition_key_for_timestamp(midnight, end_closed=True) == "2026-01-04"
    assert daily.get_partition_key_for_timestamp(midday, end_closed=True) == "2026-01-05"


def test_keys_and_ranges_for_time_windows():
    hourly = HourlyPartitionsDefinition(start_date="2026-01-01-00:00")
    window = TimeWindow(utc(2026, 1, 2, 22, 30), utc(2026, 1, 3, 1))
    assert hourly.get_partition_keys_in_time_window(window) == ["2026-01-02-23:00", "2026-01-03-00:00"]
    assert hourly.get_partition_key_range_for_time_window(window) == PartitionKeyRange(
        "2026-01-02-22:00", "2026-01-03-00:00"
    )
    assert hourly.get_num_partitions_in_window(TimeWindow(utc(2026, 1, 2), utc(2026, 1, 3))) == 24
    assert hourly.start_time_for_partition_key("2026-01-02-05:00") == utc(2026, 1, 2, 5)
    assert hourly.end_time_for_partition_key("2026-01-02-05:00") == utc(2026, 1, 2, 6)
    with pytest.raises(UnknownPartitionError, match="before the first partition"):
        hourly.get_partition_key_range_for_time_window(TimeWindow(utc(2025, 1, 1), utc(2025, 1, 2)))


def test_next_and_previous_windows():
    daily = DailyPartitionsDefinition(start_date="2026-01-01")
    now = utc(2026, 1, 5, 1)
    assert daily.get_next_partition_key("2026-01-02", current_time=now) == "2026-01-03"
    assert daily.get_next_partition_key("2026-01-04", current_time=now) is None
    assert daily.get_next_partition_window(utc(2026, 1, 3), current_time=now) == TimeWindow(
        utc(2026, 1, 3), utc(2026, 1, 4)
    )
    assert daily.get_next_partition_window(utc(2026, 1, 5), current_time=now) is None
    assert daily.get_prev_partition_window(utc(2026, 1, 3)) == TimeWindow(utc(2026, 1, 2), utc(2026, 1, 3))
    assert daily.get_prev_partition_window(utc(2026, 1, 1)) is None
    assert daily.less_than("2026-01-02", "2026-01-03")


# -- validation -------------------------------------------------------------------------------


def test_has_partition_key_parses_and_checks_the_grid():
    daily = DailyPartitionsDefinition(start_date="2026-01-01")
    now = utc(2026, 1, 10)
    assert daily.has_partition_key("2026-01-09", current_time=now)
    assert not daily.has_partition_key("2026-01-10", current_time=now)  # not ended yet
    assert not daily.has_partition_key("2025-12-31", current_time=now)  # before start
    assert not daily.has_partition_key("2026-1-5", current_time=now)  # not as fmt writes it
    assert not daily.has_partition_key("2026-02-30", current_time=now)
    assert not daily.has_partition_key("nonsense", current_time=now)
    hourly = HourlyPartitionsDefinition(start_date="2026-01-01-00:00", minute_offset=30)
    assert hourly.has_partition_key("2026-01-01-05:30", current_time=now)
    assert not hourly.has_partition_key("2026-01-01-05:00", current_time=now)  # off the grid


def test_validate_partition_key_names_the_key_and_the_definition():
    daily = DailyPartitionsDefinition(start_date="2026-01-01")
    now = utc(2026, 1, 4, 1)
    daily.validate_partition_key("2026-01-02", current_time=now)
    cases = {
        "2025-13-01": "does not match fmt '%Y-%m-%d'",
        "2025-12-31": "before the first partition '2026-01-01'",
        "2026-01-09": "the last partition is '2026-01-03'",
    }
    for key, reason in cases.items():
        with pytest.raises(UnknownPartitionError) as info:
            daily.validate_partition_key(key, current_time=now)
        message = str(info.value)
        assert message.startswith(
            f"Partition key '{key}' is not in DailyPartitionsDefinition(start_date=2026-01-01)"
        )
        assert reason in message


def test_unparseable_key_errors_are_also_value_errors():
    daily = DailyPartitionsDefinition(start_date="2026-01-01")
    with pytest.raises(ValueError, match="'not-a-date'"):
        daily.time_window_for_partition_key("not-a-date")
    with pytest.raises(UnknownPartitionError, match="'not-a-date'"):
        daily.time_window_for_partition_key("not-a-date")


def test_key_range_with_unknown_endpoint_names_it():
    daily = DailyPartitionsDefinition(start_date="2026-01-01")
    with pytest.raises(UnknownPartitionError, match="'2026-01-20' is not in DailyPartitionsDefinition"):
        daily.get_partition_keys_in_range(
            PartitionKeyRange("2026-01-01", "2026-01-20"), current_time=utc(2026, 1, 5)
        )


@pytest.mark.parametrize(
    ("make", "culprit"),
    [
        (lambda: DailyPartitionsDefinition(start_date="2026-13-01"), "start_date '2026-13-01'"),
        (lambda: DailyPartitionsDefinition(start_date=20260101), "start_date must be a datetime or a string"),
        (lambda: DailyPartitionsDefinition("2026-01-01", end_date="2026-02-30"), "end_date '2026-02-30'"),
        (
            lambda: DailyPartitionsDefinition("2026-01-05", end_date="2026-01-01"),
            "end_date '2026-01-01' must be after",
        ),
        (lambda: DailyPartitionsDefinition("2026-01-01", timezone="Mars/Olympus"), "timezone 'Mars/Olympus'"),
        (lambda: DailyPartitionsDefinition("2026-01-01", fmt="%Y-%m"), "fmt '%Y-%m'"),
        (lambda: HourlyPartitionsDefinition("2026-01-01-00:00", fmt="%Y-%m-%d"), "fmt '%Y-%m-%d'"),
        (lambda: DailyPartitionsDefinition("2026-01-01", fmt="daily"), "fmt 'daily'"),
        (
            lambda: DailyPartitionsDefinition("2026-01-01", hour_offset=24),
            "hour_offset must be between 0 and 23",
        ),
        (lambda: HourlyPartitionsDefinition("2026-01-01-00:00", minute_offset=60), "minute_offset"),
        (
            lambda: WeeklyPartitionsDefinition("2026-01-01", day_offset=7),
            "day_offset must be between 0 and 6",
        ),
        (
            lambda: MonthlyPartitionsDefinition("2026-01-01", day_offset=0),
            "day_offset must be between 1 and 31",
        ),
        (lambda: DailyPartitionsDefinition("2026-01-01", end_offset=1.5), "end_offset must be an integer"),
        (
            lambda: TimeWindowPartitionsDefinition(
                start="2026-01-01", fmt="%Y-%m-%d", cron_schedule="0 0 30 2 *"
            ),
            "cron_schedule '0 0 30 2 *'",
        ),
        (
            lambda: TimeWindowPartitionsDefinition(
                start="2026-01-01", fmt="%Y-%m-%d", cron_schedule="every day"
            ),
            "cron_schedule 'every day'",
        ),
        (
            lambda: TimeWindowPartitionsDefinition(start="2026-01-01", fmt="%Y-%m-%d"),
            "schedule_type and cron_schedule",
        ),
        (
            lambda: TimeWindowPartitionsDefinition(
                start="2026-01-01",
                fmt="%Y-%m-%d",
                cron_schedule="0 0 * * *",
                schedule_type=ScheduleType.DAILY,
            ),
            "can't also be provided",
        ),
        (lambda: DailyPartitionsDefinition("2026-01-01", exclusions=["2026-01-02"]), "exclusions"),
    ],
)
def test_invalid_definitions_name_the_culprit(make, culprit):
    with pytest.raises(InvalidDefinitionError) as info:
        make()
    assert culprit in str(info.value)


# -- scale ------------------------------------------------------------------------------------


def test_100k_hourly_partitions():
    now = utc(2026, 1, 1)
    hourly = HourlyPartitionsDefinition(start_date=now - timedelta(hours=100_000))
    keys = hourly.get_partition_keys(current_time=now)
    assert len(keys) == 100_000
    assert keys[0] == "2014-08-05-08:00"
    assert keys[-1] == "2025-12-31-23:00"
    assert hourly.get_num_partitions(current_time=now) == 100_000
    assert hourly.get_last_partition_key(current_time=now) == "2025-12-31-23:00"
    assert all(hourly.has_partition_key(key, current_time=now) for key in keys[::997])
    assert not hourly.has_partition_key("2014-08-05-07:00", current_time=now)


def test_100k_hourly_partitions_in_new_york():
    now = ny(2026, 1, 1)
    start = (now.astimezone(UTC) - timedelta(hours=100_000)).astimezone(NY)
    hourly = HourlyPartitionsDefinition(start_date=start.replace(tzinfo=None), timezone="America/New_York")
    keys = hourly.get_partition_keys(current_time=now)
    assert len(keys) == 100_000
    assert len(set(keys)) == 100_000
    assert keys[0] == "2014-08-05-09:00"
    assert keys[-1] == "2025-12-31-23:00"
    assert hourly.get_num_partitions(current_time=now) == 100_000
    assert all(hourly.has_partition_key(key, current_time=now) for key in keys[::499])


def test_100k_daily_partitions_match_date_arithmetic():
    daily = DailyPartitionsDefinition(start_date="1800-01-01", timezone="Europe/Berlin", fmt="%d.%m.%Y")
    keys = daily.get_partition_keys(current_time=datetime(2100, 1, 1, tzinfo=ZoneInfo("Europe/Berlin")))
    assert len(keys) == 109_573
    assert keys == [(datetime(1800, 1, 1) + timedelta(days=i)).strftime("%d.%m.%Y") for i in range(len(keys))]


def test_current_time_defaults_to_now():
    daily = DailyPartitionsDefinition(start_date="2020-01-01")
    assert daily.has_partition_key("2020-01-01")
    assert daily.get_partition_keys()[:2] == ["2020-01-01", "2020-01-02"]
    before = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    last = daily.get_last_partition_key()
    after = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    assert last in {before, after}
    assert not daily.has_partition_key((datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d"))


def test_cached_keys_follow_current_time_both_ways():
    daily = DailyPartitionsDefinition(start_date="2026-01-01")
    assert len(daily.get_partition_keys(current_time=utc(2026, 3, 1))) == 59
    assert daily.get_partition_keys(current_time=utc(2026, 1, 3)) == ["2026-01-01", "2026-01-02"]
    assert daily.get_num_partitions(current_time=utc(2026, 1, 3)) == 2
    assert len(daily.get_partition_keys(current_time=utc(2026, 4, 1))) == 90
    assert daily.get_last_partition_key(current_time=utc(2026, 2, 1)) == "2026-01-31"


def test_custom_cron_keys_are_consistent_across_threads():
    from concurrent.futures import ThreadPoolExecutor

    definition = TimeWindowPartitionsDefinition(
        start="2020-01-01 00:00",
        fmt="%Y-%m-%d %H:%M",
        cron_schedule="0 9-17 * * 1-5",
        timezone="Europe/Paris",
    )
    times = [utc(2020 + i % 6, 1 + i % 12, 1) for i in range(12)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda now: definition.get_partition_keys(current_time=now), times))
    fresh = TimeWindowPartitionsDefinition(
        start="2020-01-01 00:00",
        fmt="%Y-%m-%d %H:%M",
        cron_schedule="0 9-17 * * 1-5",
        timezone="Europe/Paris",
    )
    for now, keys in zip(times, results, strict=True):
        assert keys == fresh.get_partition_keys(current_time=now)
    assert results[1][:2] == ["2020-01-01 09:00", "2020-01-01 10:00"]
