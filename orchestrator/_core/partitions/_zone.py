"""Timezone arithmetic for partition grids: UTC offsets, wall-clock times and DST resolution."""

import functools
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

EPOCH = datetime(1970, 1, 1)
EPOCH_ORDINAL = EPOCH.toordinal()
DAY = 86_400
HOUR = 3_600
# Longer than any DST shift, so a span checked with this margin cannot hide an ambiguous hour.
_MARGIN = 3 * HOUR
# Bounds of real-world UTC offsets: a wall time w is the instant w - offset, within these bounds.
_MAX_EAST = 15 * HOUR
_MAX_WEST = 13 * HOUR
_UTC_NAMES = frozenset({"UTC", "ETC/UTC", "GMT", "ETC/GMT", "Z", "ZULU", "UCT", "ETC/UCT", "UNIVERSAL"})


def naive_from_wall(wall: float) -> datetime:
    """The naive datetime ``wall`` seconds after 1970-01-01T00:00 (wall-clock arithmetic)."""
    return EPOCH + timedelta(seconds=wall)


def wall_from_naive(dt: datetime) -> float:
    """Seconds from 1970-01-01T00:00 to the wall-clock fields of ``dt`` (its tzinfo is ignored)."""
    whole = (dt.toordinal() - EPOCH_ORDINAL) * DAY + dt.hour * HOUR + dt.minute * 60 + dt.second
    return whole + dt.microsecond / 1_000_000 if dt.microsecond else whole


class Zone:
    """An IANA timezone with cached, DST-aware conversions between instants and wall-clock times.

    Instants are POSIX timestamps; wall times are seconds since 1970-01-01T00:00 on the local
    clock. Results for spans without a UTC-offset change are cached by day, so converting many
    times in the same zone costs a dictionary lookup each.

    Examples:
        >>> z = get_zone("America/New_York")
        >>> z.offset_at(1_767_225_600)  # 2026-01-01T00:00Z, EST
        -18000
    """

    def __init__(self, name: str):
        self.name = name
        self.fixed_offset: int | None
        if name.upper() in _UTC_NAMES:
            self.tzinfo: tzinfo = UTC
            self.fixed_offset = 0
        else:
            self.tzinfo = ZoneInfo(name)
            self.fixed_offset = None
        self._instant_days: dict[int, int | None] = {}
        self._wall_days: dict[int, int | None] = {}

    def __repr__(self) -> str:
        return f"Zone({self.name!r})"

    def offset_at(self, instant: float) -> int:
        """UTC offset in seconds at ``instant``."""
        if self.fixed_offset is not None:
            return self.fixed_offset
        offset = datetime.fromtimestamp(instant, self.tzinfo).utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0

    def to_datetime(self, instant: float) -> datetime:
        """``instant`` as an aware datetime in this zone."""
        return datetime.fromtimestamp(instant, self.tzinfo)

    def wall_at(self, instant: float) -> float:
        """Local wall-clock time of ``instant``."""
        return instant + self.offset_at(instant)

    def stable_offset(self, lo: float, hi: float) -> int | None:
        """The offset if it is the same at ``lo`` and ``hi`` (spans checked are at most days long)."""
        if self.fixed_offset is not None:
            return self.fixed_offset
        first = self.offset_at(lo)
        return first if first == self.offset_at(hi) else None

    def instant_day_offset(self, instant: float) -> int | None:
        """The offset for every instant of the UTC day of ``instant``, or None near a transition.

        None also covers the hours just after a transition, so a clean day never holds the second
        occurrence of an ambiguous wall time.
        """
        if self.fixed_offset is not None:
            return self.fixed_offset
        day = int(instant // DAY)
        try:
            return self._instant_days[day]
        except KeyError:
            value = self.stable_offset(day * DAY - _MARGIN, (day + 1) * DAY)
            self._instant_days[day] = value
            return value

    def wall_day_offset(self, wall_day: int) -> int | None:
        """The offset for every wall time of local day ``wall_day``, or None if it has a transition.

        A non-None result means each wall time of the day exists exactly once, at ``wall - offset``.
        """
        if self.fixed_offset is not None:
            return self.fixed_offset
        try:
            return self._wall_days[wall_day]
        except KeyError:
            start = wall_day * DAY
            value = self.stable_offset(start - _MAX_EAST - _MARGIN, start + DAY + _MAX_WEST + _MARGIN)
            self._wall_days[wall_day] = value
            return value

    def wall_span_offset(self, first_wall: float, last_wall: float) -> int | None:
        """The offset for every wall time from ``first_wall`` to ``last_wall`` (days apart), or None."""
        return self.stable_offset(first_wall - _MAX_EAST - _MARGIN, last_wall + _MAX_WEST + _MARGIN)

    def _fold_offsets(self, wall: float) -> tuple[int, int]:
        naive = naive_from_wall(wall)
        first = naive.replace(tzinfo=self.tzinfo).utcoffset()
        second = naive.replace(tzinfo=self.tzinfo, fold=1).utcoffset()
        assert first is not None and second is not None
        return int(first.total_seconds()), int(second.total_seconds())

    def first_instant(self, wall: float) -> float:
        """The instant a naive wall time denotes with ``fold=0`` (earlier of two, pre-gap offset)."""
        if self.fixed_offset is not None:
            return wall - self.fixed_offset
        offset = self.wall_day_offset(int(wall // DAY))
        if offset is not None:
            return wall - offset
        return wall - self._fold_offsets(wall)[0]

    def instants_of_wall(self, wall: float) -> tuple[float, ...]:
        """Both readings of a wall time: one instant, or two when clocks fall back over it.

        The first is always the ``fold=0`` reading (for a skipped wall time, the pre-gap offset).
        """
        if self.fixed_offset is not None:
            return (wall - self.fixed_offset,)
        offset = self.wall_day_offset(int(wall // DAY))
        if offset is not None:
            return (wall - offset,)
        before, after = self._fold_offsets(wall)
        return (wall - before, wall - after) if before > after else (wall - before,)

    def resolve(self, wall: int, hourly: bool) -> list[int]:
        """Instants at which a schedule tick at local ``wall`` time fires.

        Follows the scheduling rules for DST: a wall time that occurs twice fires twice for
        schedules repeating every hour and once (at the later occurrence) otherwise; a wall time
        skipped by a spring-forward gap does not fire for hourly schedules and fires at the end of
        the gap otherwise.
        """
        if self.fixed_offset is not None:
            return [wall - self.fixed_offset]
        offset = self.wall_day_offset(wall // DAY)
        if offset is not None:
            return [wall - offset]
        before, after = self._fold_offsets(wall)
        if before == after:
            return [wall - before]
        if before > after:  # the wall time occurs twice (clocks fall back)
            return [wall - before, wall - after] if hourly else [wall - after]
        if hourly:  # the wall time is skipped (clocks spring forward)
            return []
        return [wall - wall % HOUR - before]

    def is_second_occurrence(self, instant: float) -> bool:
        """Whether ``instant`` is the later of two instants sharing a local wall time."""
        if self.fixed_offset is not None:
            return False
        dt = datetime.fromtimestamp(instant, self.tzinfo)
        if not dt.fold:
            return False
        before = dt.replace(fold=0).utcoffset()
        after = dt.utcoffset()
        return before is not None and after is not None and before > after


@functools.lru_cache(maxsize=256)
def get_zone(name: str) -> Zone:
    """The shared :class:`Zone` for an IANA name; raises ``ValueError`` if the name is unknown."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"invalid timezone {name!r}")
    try:
        return Zone(name)
    except (KeyError, ValueError, OSError) as exc:
        raise ValueError(f"unknown timezone {name!r}") from exc
