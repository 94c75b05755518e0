"""Tick grids of time-window partitions: the instants at which a cron schedule fires.

A grid numbers ticks with integers ``k`` (increasing with time, anchored anywhere) and offers
O(1) conversion between ticks, instants and keys for fixed cadences: steps that divide an hour
are arithmetic in absolute time, daily/weekly/monthly steps are arithmetic in local wall time.
Other cron strings fall back to croniter with a lazily extended, cached list of ticks.
"""

import bisect
import math
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from croniter import croniter

from ._key_format import KeyFormat
from ._zone import DAY, EPOCH_ORDINAL, HOUR, Zone, naive_from_wall, wall_from_naive
from .schedule_type import cron_repeats_every_hour

# Spans checked at once for a stable UTC offset when formatting many keys.
_SPAN = 7 * DAY
# 1970-01-01 was a Thursday, cron weekday 4.
_EPOCH_CRON_WEEKDAY = 4


class Grid(ABC):
    """Numbered ticks of one cron schedule in one zone, with their keys in one format."""

    def __init__(self, zone: Zone, fmt: KeyFormat, hourly: bool):
        self.zone = zone
        self.fmt = fmt
        self.hourly = hourly

    @abstractmethod
    def instant(self, k: int) -> int:
        """POSIX timestamp of tick ``k``."""

    @abstractmethod
    def k_ceil(self, t: float) -> int:
        """The first tick at or after instant ``t``."""

    def k_floor(self, t: float) -> int:
        """The last tick at or before instant ``t``."""
        k = self.k_ceil(t)
        return k if self.instant(k) == t else k - 1

    def key_for_instant(self, t: int) -> str:
        """The key of the partition starting at tick instant ``t``."""
        fmt = self.fmt
        if fmt.fast:
            offset = self.zone.instant_day_offset(t)
            if offset is not None:
                return fmt.format_wall(t + offset)
        dt = self.zone.to_datetime(t)
        if self.hourly and not fmt.has_zone and self.zone.is_second_occurrence(t):
            return dt.strftime(fmt.fmt + "%z")
        return fmt.format_wall(wall_from_naive(dt)) if fmt.fast else fmt.format_datetime(dt)

    def key(self, k: int) -> str:
        """The key of the partition starting at tick ``k``."""
        return self.key_for_instant(self.instant(k))

    def keys(self, k0: int, k1: int) -> list[str]:
        """Keys of ticks ``k0`` (inclusive) to ``k1`` (exclusive)."""
        return [self.key(k) for k in range(k0, k1)]

    def parse_instant(self, key: str) -> float:
        """The instant a key names, read as the format's parser does (naive keys: first fold).

        Raises:
            ValueError: if the key does not match the format.
        """
        wall = self.fmt.parse_wall_fast(key)
        if wall is not None:
            return self.zone.first_instant(wall)
        dt = self.fmt.parse(key)
        if dt.tzinfo is not None:
            return dt.timestamp()
        return self.zone.first_instant(wall_from_naive(dt))

    def k_of_key(self, key: str) -> int | None:
        """The tick whose key is exactly ``key``, or None if no tick has that key."""
        wall = self.fmt.parse_wall_fast(key)
        if wall is not None:
            offset = self.zone.wall_day_offset(wall // DAY)
            if offset is not None:
                # A canonical key of a wall time that exists once: if that instant is a tick,
                # the key is exactly that tick's key.
                t = wall - offset
                k = self.k_ceil(t)
                if self.instant(k) == t:
                    return k
                return k if self.key(k) == key else None
        try:
            instants = self._parse_instants(key)
        except (ValueError, OverflowError):
            return None
        # A naive key of a wall time that occurs twice may name either occurrence.
        for instant in instants:
            k = self.k_ceil(instant)
            if self.key(k) == key:
                return k
        return None

    def _parse_instants(self, key: str) -> tuple[float, ...]:
        fast_wall = self.fmt.parse_wall_fast(key)
        if fast_wall is not None:
            return self.zone.instants_of_wall(fast_wall)
        dt = self.fmt.parse(key)
        if dt.tzinfo is not None:
            return (dt.timestamp(),)
        return self.zone.instants_of_wall(wall_from_naive(dt))


class InstantGrid(Grid):
    """Ticks every ``step`` seconds in absolute time (hourly and sub-hourly cadences)."""

    def __init__(self, zone: Zone, fmt: KeyFormat, step: int, phase: int):
        super().__init__(zone, fmt, hourly=True)
        self.step = step
        self.phase = phase % step

    def instant(self, k: int) -> int:
        return self.phase + k * self.step

    def k_ceil(self, t: float) -> int:
        return -int((self.phase - t) // self.step)

    def k_floor(self, t: float) -> int:
        return int((t - self.phase) // self.step)

    def k_of_key(self, key: str) -> int | None:
        wall = self.fmt.parse_wall_fast(key)
        if wall is not None:
            zone = self.zone
            offset = zone.fixed_offset
            if offset is None:
                offset = zone.wall_day_offset(wall // DAY)
            if offset is not None:
                # A canonical key of a wall time that exists once, exactly on the grid.
                k, rest = divmod(wall - offset - self.phase, self.step)
                if rest == 0:
                    return k
        return super().k_of_key(key)

    def keys(self, k0: int, k1: int) -> list[str]:
        out: list[str] = []
        step = self.step
        t, end = self.instant(k0), self.instant(k1)
        fmt = self.fmt
        while t < end:
            stop = min(end, t + _SPAN)
            offset = self.zone.stable_offset(t - 3 * HOUR, stop) if fmt.fast else None
            count = -((t - stop) // step)
            if offset is not None:
                fmt.format_regular(t + offset, count, step, out)
            else:
                out.extend(self.key_for_instant(t + i * step) for i in range(count))
            t += count * step
        return out


class WallGrid(Grid):
    """Ticks at a fixed local time every day, week (on ``weekday``) or month (on ``monthday``)."""

    def __init__(
        self,
        zone: Zone,
        fmt: KeyFormat,
        period: str,
        time_of_day: int,
        weekday: int = 0,
        monthday: int = 1,
    ):
        super().__init__(zone, fmt, hourly=False)
        self.period = period
        self.time_of_day = time_of_day
        self.monthday = monthday
        # Days from 1970-01-01 to the first tick day of the week cycle.
        self._week_shift = (weekday - _EPOCH_CRON_WEEKDAY) % 7

    def wall_of(self, k: int) -> int:
        """Local wall time of tick ``k`` before DST resolution."""
        if self.period == "day":
            return k * DAY + self.time_of_day
        if self.period == "week":
            return (7 * k + self._week_shift) * DAY + self.time_of_day
        year, month0 = divmod(k, 12)
        ordinal = date(year, month0 + 1, self.monthday).toordinal()
        return (ordinal - EPOCH_ORDINAL) * DAY + self.time_of_day

    def _k_ceil_wall(self, wall: float) -> int:
        if self.period == "day":
            return math.ceil((wall - self.time_of_day) / DAY)
        if self.period == "week":
            return math.ceil((wall - self.time_of_day - self._week_shift * DAY) / (7 * DAY))
        day = date.fromordinal(int(wall // DAY) + EPOCH_ORDINAL)
        k = day.year * 12 + day.month - 1
        return k if self.wall_of(k) >= wall else k + 1

    def instant(self, k: int) -> int:
        wall = self.wall_of(k)
        offset = self.zone.wall_day_offset(wall // DAY)
        if offset is not None:
            return wall - offset
        return self.zone.resolve(wall, hourly=False)[0]

    def k_ceil(self, t: float) -> int:
        k = self._k_ceil_wall(self.zone.wall_at(t))
        while self.instant(k - 1) >= t:
            k -= 1
        while self.instant(k) < t:
            k += 1
        return k

    def key(self, k: int) -> str:
        wall = self.wall_of(k)
        if self.fmt.fast and self.zone.wall_day_offset(wall // DAY) is not None:
            return self.fmt.format_wall(wall)
        return self.key_for_instant(self.instant(k))

    def keys(self, k0: int, k1: int) -> list[str]:
        fmt = self.fmt
        if not fmt.fast:
            return [self.key_for_instant(self.instant(k)) for k in range(k0, k1)]
        if self.period == "day":
            walls: Sequence[int] = range(k0 * DAY + self.time_of_day, k1 * DAY + self.time_of_day, DAY)
        else:
            walls = [self.wall_of(k) for k in range(k0, k1)]
        if self.zone.fixed_offset is not None:
            return fmt.format_walls(walls)
        out: list[str] = []
        i = 0
        while i < len(walls):
            # Walls of a span without a UTC-offset change are keys as they are.
            j = bisect.bisect_right(walls, walls[i] + _SPAN, i + 1)
            if self.zone.wall_span_offset(walls[i], walls[j - 1]) is not None:
                out.extend(fmt.format_walls(walls[i:j]))
            else:
                out.extend(self.key(k) for k in range(k0 + i, k0 + j))
            i = j
        return out


class CronGrid(Grid):
    """Ticks of an arbitrary cron string, generated with croniter and cached in a sorted list.

    The cache grows in both directions as needed; it is replaced (never mutated) under a lock,
    so concurrent readers always see a consistent list.
    """

    def __init__(self, zone: Zone, fmt: KeyFormat, cron_schedule: str, anchor: float):
        super().__init__(zone, fmt, hourly=cron_repeats_every_hour(cron_schedule))
        self.cron_schedule = cron_schedule
        start = self._clean_day(int(zone.wall_at(anchor) // DAY), -1) * DAY
        # (k of the first cached tick, cached tick instants, wall range [lo, hi) they cover)
        self._state: tuple[int, list[int], int, int] = (0, [], start, start)
        self._span = 32 * DAY
        self._lock = threading.Lock()
        self._pattern = _day_pattern(cron_schedule)

    def _clean_day(self, day: int, direction: int) -> int:
        """The nearest local day from ``day`` (moving in ``direction``) without a DST change."""
        while self.zone.wall_day_offset(day) is None:
            day += direction
        return day

    def _generate(self, lo: int, hi: int) -> list[int]:
        """Instants of ticks whose wall time lies in ``[lo, hi)`` (day boundaries), in order."""
        walls: list[int] = []
        if self._pattern is not None:
            walls = self._pattern.walls(lo // DAY, hi // DAY)
        else:
            it = croniter(self.cron_schedule, naive_from_wall(lo) - timedelta(seconds=1))
            while True:
                wall = int(wall_from_naive(it.get_next(datetime)))
                if wall >= hi:
                    break
                walls.append(wall)
        return sorted({t for w in walls for t in self.zone.resolve(w, self.hourly)})

    def _extend(self, forward: bool) -> None:
        """Cover a longer wall range (call with the lock held)."""
        if self._span > 800 * 365 * DAY:
            raise ValueError(f"cron schedule {self.cron_schedule!r} does not fire")
        base, ticks, lo, hi = self._state
        if forward:
            new_hi = self._clean_day((hi + self._span) // DAY, 1) * DAY
            self._state = (base, ticks + self._generate(hi, new_hi), lo, new_hi)
        else:
            new_lo = self._clean_day((lo - self._span) // DAY, -1) * DAY
            earlier = self._generate(new_lo, lo)
            self._state = (base - len(earlier), earlier + ticks, new_lo, hi)
        self._span *= 2

    def instant(self, k: int) -> int:
        base, ticks, _, _ = self._state
        if 0 <= k - base < len(ticks):
            return ticks[k - base]
        with self._lock:
            while k - self._state[0] >= len(self._state[1]):
                self._extend(True)
            while k < self._state[0]:
                self._extend(False)
            base, ticks, _, _ = self._state
        return ticks[k - base]

    def k_ceil(self, t: float) -> int:
        base, ticks, _, _ = self._state
        if not ticks or not ticks[0] < t <= ticks[-1]:
            with self._lock:
                while not self._state[1] or self._state[1][-1] < t:
                    self._extend(True)
                while self._state[1][0] >= t:
                    self._extend(False)
                base, ticks, _, _ = self._state
        return base + bisect.bisect_left(ticks, t)


class _DayPattern:
    """A cron string made of plain value lists, matched day by day (much faster than croniter)."""

    def __init__(
        self,
        times: list[int],
        months: set[int] | None,
        monthdays: set[int] | None,
        weekdays: set[int] | None,
    ):
        self.times = times
        self.months = months
        self.monthdays = monthdays
        self.weekdays = weekdays

    def walls(self, first_day: int, end_day: int) -> list[int]:
        """Wall times of ticks on local days ``first_day`` to ``end_day`` (exclusive)."""
        out: list[int] = []
        months, monthdays, weekdays = self.months, self.monthdays, self.weekdays
        either = monthdays is not None and weekdays is not None  # cron ORs the two day fields
        for day in range(first_day, end_day):
            value = date.fromordinal(day + EPOCH_ORDINAL)
            if months is not None and value.month not in months:
                continue
            on_monthday = monthdays is None or value.day in monthdays
            on_weekday = weekdays is None or (day + _EPOCH_CRON_WEEKDAY) % 7 in weekdays
            if (on_monthday or on_weekday) if either else (on_monthday and on_weekday):
                start = day * DAY
                out.extend(start + t for t in self.times)
        return out


def _day_pattern(cron_schedule: str) -> _DayPattern | None:
    """The day-by-day form of a cron string whose fields are plain lists of numbers, else None."""
    parts, nth_weekday = croniter.expand(cron_schedule)[:2]
    if nth_weekday:
        return None
    fields: list[list[int] | None] = []
    for part in parts:
        if part == ["*"]:
            fields.append(None)
        elif all(isinstance(v, int) for v in part):
            fields.append([int(v) for v in part])
        else:
            return None
    minutes, hours, monthdays, months, weekdays = fields
    times = sorted(h * HOUR + m * 60 for h in (hours or range(24)) for m in (minutes or range(60)))
    return _DayPattern(
        times,
        set(months) if months is not None else None,
        set(monthdays) if monthdays is not None else None,
        {w % 7 for w in weekdays} if weekdays is not None else None,
    )


def build_grid(cron_schedule: str, zone: Zone, fmt: KeyFormat, anchor: float) -> Grid:
    """The fastest grid that reproduces ``cron_schedule`` exactly; ``anchor`` seeds croniter."""
    parts, nth_weekday = croniter.expand(cron_schedule)[:2]
    minutes, hours, days, months, weekdays = parts
    if not nth_weekday and months == ["*"]:
        ints = all(isinstance(m, int) for m in minutes)
        if hours == ["*"] and days == ["*"] and weekdays == ["*"] and ints:
            step = 60 // len(minutes) if 60 % len(minutes) == 0 else 0
            if step and minutes == list(range(minutes[0], 60, step)):
                seconds = step * 60
                phase = minutes[0] * 60 - zone.offset_at(anchor)
                return InstantGrid(zone, fmt, seconds, phase)
        single = ints and len(minutes) == 1 and len(hours) == 1 and isinstance(hours[0], int)
        if single:
            time_of_day = hours[0] * HOUR + minutes[0] * 60
            if days == ["*"] and weekdays == ["*"]:
                return WallGrid(zone, fmt, "day", time_of_day)
            if days == ["*"] and len(weekdays) == 1 and isinstance(weekdays[0], int):
                return WallGrid(zone, fmt, "week", time_of_day, weekday=weekdays[0] % 7)
            if weekdays == ["*"] and len(days) == 1 and isinstance(days[0], int) and days[0] <= 28:
                return WallGrid(zone, fmt, "month", time_of_day, monthday=days[0])
    return CronGrid(zone, fmt, cron_schedule, anchor)
