"""``TimeWindowPartitionsDefinition``: partitions that are consecutive windows of a cron schedule."""

import time
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Union

from ..errors import InvalidDefinitionError, UnknownPartitionError
from ._cron_mixin import CronScheduleMixin
from ._grids import build_grid
from ._key_format import get_key_format
from ._time_window_params import (
    TimeBound,
    TimeWindowFields,
    resolve_cron_schedule,
    resolve_time_window_fields,
)
from ._zone import get_zone
from .base import (
    DynamicPartitionsStore,
    InvalidPartitionKeyError,
    PartitionKeyRange,
    PartitionsDefinition,
    TimeWindow,
    current_timestamp,
)
from .schedule_type import ScheduleType


class TimeWindowPartitionsDefinition(CronScheduleMixin, PartitionsDefinition):
    r"""A set of partitions where each partition is the time window between two cron ticks.

    The key of a partition is the start of its window, formatted with ``fmt``. The first
    partition starts at the first tick at or after ``start``. A partition exists once its window
    has ended (at ``current_time``, default now); ``end_offset`` adds (or, negative, removes)
    that many partitions at the end. ``end`` is exclusive: no partition ends after it. Windows
    follow wall-clock time in ``timezone`` across DST changes; with a format lacking a UTC
    offset, the second of two hourly partitions sharing a wall-clock time gets the offset
    appended (e.g. ``2026-11-01-01:00-0500``).

    Args:
        start: The first partition starts at the first tick at or after this. A string is read
            with ``fmt``; a datetime's wall-clock fields are read in ``timezone``.
        fmt: ``strftime`` format of the keys.
        end: Partitions end at or before this (exclusive bound). Default: no end.
        schedule_type: HOURLY, DAILY, WEEKLY or MONTHLY (with the offsets), unless
            ``cron_schedule`` is given.
        timezone: IANA timezone name. Default "UTC".
        end_offset: Partitions to add after (or remove before, if negative) the last complete one.
        minute_offset: Minute past the hour at which windows start.
        hour_offset: Hour of the day at which windows start.
        day_offset: Weekday (0 = Sunday) or day of month at which windows start.
        cron_schedule: Cron string whose ticks bound the windows.
        exclusions: Not supported; must be empty.

    Raises:
        InvalidDefinitionError: naming the invalid parameter.

    Examples:
        >>> from datetime import datetime, timezone
        >>> p = TimeWindowPartitionsDefinition(start="2026-01-01", fmt="%Y-%m-%d", cron_schedule="0 0 * * *")
        >>> p.get_partition_keys(current_time=datetime(2026, 1, 3, 12, tzinfo=timezone.utc))
        ['2026-01-01', '2026-01-02']
    """

    start_param = "start"
    end_param = "end"

    def __init__(
        self,
        start: TimeBound,
        fmt: str,
        end: TimeBound | None = None,
        schedule_type: ScheduleType | None = None,
        timezone: str | None = None,
        end_offset: int = 0,
        minute_offset: int | None = None,
        hour_offset: int | None = None,
        day_offset: int | None = None,
        cron_schedule: str | None = None,
        exclusions: Sequence[Union[str, datetime]] | None = None,
    ):
        owner = type(self).__name__
        cron = resolve_cron_schedule(
            owner, schedule_type, minute_offset, hour_offset, day_offset, cron_schedule
        )
        fields = resolve_time_window_fields(
            owner,
            start=start,
            fmt=fmt,
            end=end,
            timezone=timezone,
            end_offset=end_offset,
            cron_schedule=cron,
            start_param=self.start_param,
            end_param=self.end_param,
            exclusions=exclusions,
        )
        self._init_fields(fields)

    @classmethod
    def _from_fields(cls, fields: TimeWindowFields) -> "TimeWindowPartitionsDefinition":
        obj = cls.__new__(cls)
        obj._init_fields(fields)
        return obj

    def _init_fields(self, fields: TimeWindowFields) -> None:
        self._fields = fields
        self.timezone: str = fields.timezone
        self.fmt: str = fields.fmt
        self.end_offset: int = fields.end_offset
        self.cron_schedule: str = fields.cron_schedule
        self._zone = get_zone(fields.timezone)
        self._grid = build_grid(fields.cron_schedule, self._zone, get_key_format(fields.fmt), fields.start_ts)
        self._k_start = self._grid.k_ceil(fields.start_ts)
        self._n_end = (
            None if fields.end_ts is None else max(0, self._grid.k_floor(fields.end_ts) - self._k_start)
        )
        self._cache: dict[str, Any] = {}
        self._check_fmt()
        self._freeze()

    def _check_fmt(self) -> None:
        seen: set[str] = set()
        for k in range(self._k_start, self._k_start + 3):
            key = self._grid.key(k)
            if key in seen or self._grid.k_of_key(key) != k:
                when = self._zone.to_datetime(self._grid.instant(k)).isoformat()
                raise InvalidDefinitionError(
                    f"{type(self).__name__}: fmt {self.fmt!r} cannot tell apart the partitions of cron "
                    f"schedule {self.cron_schedule!r}: the partition starting {when} gets key {key!r}"
                )
            seen.add(key)

    # -- value semantics ------------------------------------------------------------------

    def _identity(self) -> tuple[Any, ...]:
        f = self._fields
        return (f.start_ts, f.end_ts, f.timezone, f.fmt, f.end_offset, f.cron_schedule)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self)._from_fields, (self._fields,))

    def describe(self) -> str:
        from ._describe import describe_time_window

        return describe_time_window(self)

    def __str__(self) -> str:
        kind = self.schedule_type.value.capitalize() if self.schedule_type else self.cron_schedule
        text = f"{kind}, starting {self._grid.fmt.format_datetime(self.start)} {self.timezone}."
        if self.end_offset != 0:
            plural = "" if self.end_offset == 1 else "s"
            text += f" End offsetted by {self.end_offset} partition{plural}."
        return text

    def to_snapshot(self) -> dict[str, Any]:
        from ._describe import snapshot_type_name

        return {
            "type": snapshot_type_name(self),
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end is not None else None,
            "timezone": self.timezone,
            "fmt": self.fmt,
            "end_offset": self.end_offset,
            "cron_schedule": self.cron_schedule,
        }

    # -- attributes -----------------------------------------------------------------------

    @property
    def start(self) -> datetime:
        """The ``start`` bound as an aware datetime in ``timezone``."""
        return self._zone.to_datetime(self._fields.start_ts)

    @property
    def end(self) -> datetime | None:
        """The exclusive ``end`` bound as an aware datetime in ``timezone``, or None."""
        end_ts = self._fields.end_ts
        return None if end_ts is None else self._zone.to_datetime(end_ts)

    @property
    def start_timestamp(self) -> float:
        """The ``start`` bound as a POSIX timestamp."""
        return self._fields.start_ts

    @property
    def end_timestamp(self) -> float | None:
        """The ``end`` bound as a POSIX timestamp, or None."""
        return self._fields.end_ts

    # -- counting -------------------------------------------------------------------------

    def _now(self, current_time: datetime | None) -> float:
        return current_timestamp(current_time, self._zone.tzinfo)

    def _num(self, now: float) -> int:
        cached = self._cache.get("num")
        if cached is not None and cached[0] <= now < cached[1]:
            return cached[2]
        grid = self._grid
        k_now = grid.k_floor(now)
        n = max(0, k_now - self._k_start) + max(self.end_offset, 0)
        if self._n_end is not None:
            n = min(n, self._n_end)
        if self.end_offset < 0:
            n = max(0, n + self.end_offset)
        self._cache["num"] = (grid.instant(k_now), grid.instant(k_now + 1), n)
        return n

    def _window(self, k: int) -> TimeWindow:
        to_dt = self._zone.to_datetime
        return TimeWindow(to_dt(self._grid.instant(k)), to_dt(self._grid.instant(k + 1)))

    def _ts(self, dt: datetime) -> float:
        return current_timestamp(dt, self._zone.tzinfo)

    def get_num_partitions(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> int:
        return self._num(self._now(current_time))

    def get_num_partitions_in_window(self, time_window: TimeWindow) -> int:
        """How many windows start within ``time_window`` (ignoring the definition's bounds)."""
        grid = self._grid
        return max(0, grid.k_ceil(self._ts(time_window.end)) - grid.k_ceil(self._ts(time_window.start)))

    # -- keys -----------------------------------------------------------------------------

    def get_partition_keys(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> Sequence[str]:
        n = self._num(self._now(current_time))
        cached: list[str] = self._cache.get("keys", [])
        if len(cached) < n:
            cached = cached + self._grid.keys(self._k_start + len(cached), self._k_start + n)
            self._cache["keys"] = cached
        return cached[:n]

    def has_partition_key(
        self,
        partition_key: str,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> bool:
        if not isinstance(partition_key, str):
            return False
        k = self._grid.k_of_key(partition_key)
        if k is None or k < self._k_start:
            return False
        now = time.time() if current_time is None else current_timestamp(current_time, self._zone.tzinfo)
        return k < self._k_start + self._num(now)

    def _unknown_key_detail(
        self,
        partition_key: str,
        current_time: datetime | None,
        dynamic_partitions_store: DynamicPartitionsStore | None,
    ) -> str:
        if not isinstance(partition_key, str):
            return "partition keys are strings"
        grid = self._grid
        try:
            t = grid.parse_instant(partition_key)
        except (ValueError, OverflowError):
            return f"it does not match fmt {self.fmt!r}"
        k = grid.k_of_key(partition_key)
        if k is None:
            nearest = grid.k_ceil(t)
            if grid.instant(nearest) == t:
                return f"it is not written as fmt {self.fmt!r} writes it ({grid.key(nearest)!r})"
            return f"it is not the start of a partition (the next one is {grid.key(nearest)!r})"
        if k < self._k_start:
            return f"it is before the first partition {grid.key(self._k_start)!r}"
        if self._n_end is not None and k >= self._k_start + self._n_end:
            return f"its window does not end before {self.end_param} {self.end.isoformat()}"  # type: ignore[union-attr]
        now = self._now(current_time)
        when = self._zone.to_datetime(now).isoformat(timespec="seconds")
        n = self._num(now)
        if n == 0:
            return f"no partition has ended yet at {when}"
        return (
            f"its window has not ended at {when}; the last partition is {grid.key(self._k_start + n - 1)!r}"
        )

    def get_first_partition_key(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> str | None:
        n = self._num(self._now(current_time))
        return self._grid.key(self._k_start) if n else None

    def get_last_partition_key(
        self,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> str | None:
        n = self._num(self._now(current_time))
        return self._grid.key(self._k_start + n - 1) if n else None

    def get_first_partition_window(self, current_time: datetime | None = None) -> TimeWindow | None:
        """The window of the first partition, or None when there are no partitions."""
        return self._window(self._k_start) if self._num(self._now(current_time)) else None

    def get_last_partition_window(self, current_time: datetime | None = None) -> TimeWindow | None:
        """The window of the last partition at ``current_time``, or None when there are none."""
        n = self._num(self._now(current_time))
        return self._window(self._k_start + n - 1) if n else None

    def get_partition_keys_in_range(
        self,
        partition_key_range: PartitionKeyRange,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
        current_time: datetime | None = None,
    ) -> Sequence[str]:
        self._check_range(partition_key_range, current_time, dynamic_partitions_store)
        k0 = self._grid.k_of_key(partition_key_range.start)
        k1 = self._grid.k_of_key(partition_key_range.end)
        assert k0 is not None and k1 is not None
        return self._grid.keys(k0, k1 + 1)

    def get_partition_key(self, key: Union[str, date, datetime]) -> str:
        """``key`` (a key, date or datetime) as a valid key string; raises UnknownPartitionError."""
        if isinstance(key, date):
            key = key.strftime(self.fmt)
        self.validate_partition_key(key)
        return key

    # -- time windows ---------------------------------------------------------------------

    def _k_for_key(self, partition_key: str) -> int:
        k = self._grid.k_of_key(partition_key) if isinstance(partition_key, str) else None
        if k is not None:
            return k
        try:
            t = self._grid.parse_instant(partition_key)
        except (ValueError, OverflowError, TypeError):
            raise InvalidPartitionKeyError(
                f"Partition key {partition_key!r} does not match fmt {self.fmt!r} of {self.describe()}"
            ) from None
        return self._grid.k_ceil(t)

    def time_window_for_partition_key(self, partition_key: str) -> TimeWindow:
        """The window of the partition a key names (read as the start of a window).

        Raises:
            UnknownPartitionError: (also a ValueError) if the key does not match ``fmt``.
        """
        return self._window(self._k_for_key(partition_key))

    def time_windows_for_partition_keys(
        self,
        partition_keys: Iterable[str],
        validate: bool = True,
        current_time: datetime | None = None,
    ) -> Sequence[TimeWindow]:
        """Windows of ``partition_keys`` sorted by time; with ``validate``, only existing ones."""
        ks = sorted({self._k_for_key(key) for key in partition_keys})
        if validate:
            n = self._num(self._now(current_time))
            ks = [k for k in ks if self._k_start <= k < self._k_start + n]
        return [self._window(k) for k in ks]

    def start_time_for_partition_key(self, partition_key: str) -> datetime:
        """Start of the window of the partition a key names."""
        return self._zone.to_datetime(self._grid.instant(self._k_for_key(partition_key)))

    def end_time_for_partition_key(self, partition_key: str) -> datetime:
        """End of the window of the partition a key names."""
        return self._zone.to_datetime(self._grid.instant(self._k_for_key(partition_key) + 1))

    def get_partition_key_for_timestamp(self, timestamp: float, end_closed: bool = False) -> str:
        """Key of the window containing ``timestamp`` (bounds of the definition are ignored).

        Args:
            timestamp: POSIX timestamp.
            end_closed: Treat windows as ``(start, end]`` instead of ``[start, end)``, so a
                timestamp on a boundary belongs to the window ending there.
        """
        grid = self._grid
        k = grid.k_ceil(timestamp) - 1 if end_closed else grid.k_floor(timestamp)
        return grid.key(k)

    def get_partition_keys_in_time_window(self, time_window: TimeWindow) -> Sequence[str]:
        """Keys of the windows starting within ``time_window`` (bounds of the definition ignored)."""
        grid = self._grid
        k0 = grid.k_ceil(self._ts(time_window.start))
        k1 = grid.k_ceil(self._ts(time_window.end))
        return grid.keys(k0, k1) if k1 > k0 else []

    def get_partition_key_range_for_time_window(
        self, time_window: TimeWindow, respect_bounds: bool = True
    ) -> PartitionKeyRange:
        """The keys of the first and last windows overlapping ``time_window``.

        Raises:
            UnknownPartitionError: with ``respect_bounds``, if the range ends before the first
                partition.
        """
        grid = self._grid
        k_end = grid.k_floor(self._ts(time_window.end)) - 1
        if respect_bounds and k_end < self._k_start:
            raise UnknownPartitionError(
                f"Time window {time_window.start.isoformat()} to {time_window.end.isoformat()} ends "
                f"before the first partition of {self.describe()}"
            )
        start_key = self.get_partition_key_for_timestamp(self._ts(time_window.start))
        return PartitionKeyRange(start_key, grid.key(k_end))

    def get_next_partition_key(self, partition_key: str, current_time: datetime | None = None) -> str | None:
        """The key after ``partition_key``, or None if that partition does not exist yet."""
        k = self._k_for_key(partition_key) + 1
        return self._grid.key(k) if k < self._k_start + self._num(self._now(current_time)) else None

    def get_next_partition_window(
        self, end_dt: datetime, current_time: datetime | None = None, respect_bounds: bool = True
    ) -> TimeWindow | None:
        """The first window starting at or after ``end_dt`` (None past the last, with bounds)."""
        k = self._grid.k_ceil(self._ts(end_dt))
        if respect_bounds and k >= self._k_start + self._num(self._now(current_time)):
            return None
        return self._window(k)

    def get_prev_partition_window(self, start_dt: datetime, respect_bounds: bool = True) -> TimeWindow | None:
        """The last window ending at or before ``start_dt`` (None before the first, with bounds)."""
        k = self._grid.k_floor(self._ts(start_dt)) - 1
        if respect_bounds and (k < self._k_start or not self._num(self._now(None))):
            return None
        return self._window(k)

    def less_than(self, partition_key1: str, partition_key2: str) -> bool:
        """Whether ``partition_key1`` starts before ``partition_key2``."""
        return self._k_for_key(partition_key1) < self._k_for_key(partition_key2)

    def equal_except_for_start_or_end(self, other: "TimeWindowPartitionsDefinition") -> bool:
        """Whether ``other`` has the same cadence, format, timezone and end offset."""
        return (
            self.timezone == other.timezone
            and self.fmt == other.fmt
            and self.cron_schedule == other.cron_schedule
            and self.end_offset == other.end_offset
        )

    # -- grid access for partition mappings ------------------------------------------------

    def _tick_floor(self, t: float) -> int:
        return self._grid.instant(self._grid.k_floor(t))

    def _tick_ceil(self, t: float) -> int:
        return self._grid.instant(self._grid.k_ceil(t))

    def _tick_shift(self, t: float, windows: int) -> float:
        """Move ``t`` by ``windows`` windows: back to window starts, forward to window ends."""
        grid = self._grid
        if windows < 0:
            return grid.instant(grid.k_floor(t) + windows)
        if windows > 0:
            return grid.instant(grid.k_ceil(t) + windows)
        return t

    def _bounds(self, current_time: datetime | None) -> tuple[int, int] | None:
        """Instants of the start of the first and end of the last partition, or None."""
        n = self._num(self._now(current_time))
        if not n:
            return None
        return self._grid.instant(self._k_start), self._grid.instant(self._k_start + n)

    def _keys_between(self, start: float, end: float) -> list[str]:
        grid = self._grid
        k0, k1 = grid.k_ceil(start), grid.k_ceil(end)
        return grid.keys(k0, k1) if k1 > k0 else []
