"""Fast formatting and parsing of partition keys written with a ``strftime`` format."""

import functools
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from operator import itemgetter

from ._zone import DAY, EPOCH, EPOCH_ORDINAL, HOUR, naive_from_wall

_DATE_DIRECTIVES = frozenset("aAwdbBmyYjUWGuV")
_TIME_DIRECTIVES = frozenset("HIpMSf")
_ZONE_DIRECTIVES = frozenset("zZ")
_MONTH_CONSTANT_DIRECTIVES = frozenset("YymbBC")
# Directives with a fixed width of ASCII digits, and their width.
_FIXED_WIDTH = {"Y": 4, "m": 2, "d": 2, "H": 2, "M": 2, "S": 2}


def _tokenize(fmt: str) -> list[tuple[str, int, str]] | None:
    """Split ``fmt`` into ``(kind, position, text)`` tokens; None if a directive is malformed.

    ``kind`` is ``"lit"`` for literal text (``%%`` becomes ``%``) or ``"dir"`` with the
    directive letter as text.
    """
    tokens: list[tuple[str, int, str]] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch != "%":
            tokens.append(("lit", i, ch))
            i += 1
            continue
        if i + 1 >= len(fmt):
            return None
        nxt = fmt[i + 1]
        if nxt == "%":
            tokens.append(("lit", i, "%"))
        elif nxt.isalpha():
            tokens.append(("dir", i, nxt))
        else:
            return None
        i += 2
    return tokens


class KeyFormat:
    """Formats wall-clock times as keys and parses keys back, caching per day and per time of day.

    Keys are formatted by splitting the format into a date part and a time part (when all date
    directives precede all time directives, as in every usual layout); each part is formatted
    once per distinct day or time of day. Parsing uses fixed character positions when every
    directive has a fixed width and falls back to ``datetime.strptime``.

    Examples:
        >>> f = get_key_format("%Y-%m-%d-%H:%M")
        >>> f.format_wall(1_767_229_200)
        '2026-01-01-01:00'
        >>> f.parse("2026-01-01-01:00")
        datetime.datetime(2026, 1, 1, 1, 0)
    """

    def __init__(self, fmt: str):
        self.fmt = fmt
        tokens = _tokenize(fmt)
        directives = [text for kind, _, text in tokens or () if kind == "dir"]
        self.valid = tokens is not None and bool(directives)
        self.has_zone = any(d in _ZONE_DIRECTIVES for d in directives)
        self._date_fmt: str | None = None
        self._time_fmt = ""
        self._month_parts: tuple[str, str] | None = None
        self._months: dict[tuple[int, int], tuple[int, int, str, str]] = {}
        if tokens is not None and not self.has_zone:
            self._split(tokens)
        self._dates: dict[int, str] = {}
        self._times: dict[int, str] = {}
        self._time_lists: dict[tuple[int, int], tuple[str, ...]] = {}
        self._layout = _FixedLayout.build(tokens) if tokens is not None else None
        # Canonical date and time parts of keys already parsed, to their wall seconds.
        self._date_walls: dict[str, int] = {}
        self._time_walls: dict[str, int] = {}

    # -- formatting -------------------------------------------------------------------------

    def _split(self, tokens: list[tuple[str, int, str]]) -> None:
        split_at = len(self.fmt)
        for kind, pos, text in tokens:
            if kind == "dir" and text in _TIME_DIRECTIVES:
                split_at = pos
                break
        for kind, pos, text in tokens:
            if kind != "dir":
                continue
            allowed = _DATE_DIRECTIVES if pos < split_at else _TIME_DIRECTIVES
            if text not in allowed:
                return
        self._date_fmt = self.fmt[:split_at]
        self._time_fmt = self.fmt[split_at:]
        # When only %d varies within a month (as in "%Y-%m-%d"), the text around the day is
        # formatted once per month, much faster than strftime per day.
        day_positions = [
            pos for kind, pos, text in tokens if kind == "dir" and text == "d" and pos < split_at
        ]
        others = {t for kind, pos, t in tokens if kind == "dir" and t != "d" and pos < split_at}
        if len(day_positions) == 1 and others <= _MONTH_CONSTANT_DIRECTIVES:
            cut = day_positions[0]
            self._month_parts = (self.fmt[:cut], self.fmt[cut + 2 : split_at])

    @property
    def fast(self) -> bool:
        """Whether keys can be formatted from wall-clock seconds alone (no zone directive)."""
        return self._date_fmt is not None

    def _date_str(self, day: int) -> str:
        text = self._dates.get(day)
        if text is None:
            assert self._date_fmt is not None
            month = self._month(day)
            if month is not None:
                text = month[2] + _DAYS_OF_MONTH[day - month[0]] + month[3]
            else:
                text = date.fromordinal(day + EPOCH_ORDINAL).strftime(self._date_fmt)
            self._dates[day] = text
        return text

    def _month(self, day: int) -> tuple[int, int, str, str] | None:
        """(first day, day after last, text before the day, text after it) of a day's month."""
        if self._month_parts is None:
            return None
        value = date.fromordinal(day + EPOCH_ORDINAL)
        if value.year >= 9999:
            return None
        year_month = (value.year, value.month)
        month = self._months.get(year_month)
        if month is None:
            first_date = value.replace(day=1)
            after = date(value.year + value.month // 12, value.month % 12 + 1, 1).toordinal() - EPOCH_ORDINAL
            before, rest = (first_date.strftime(part) for part in self._month_parts)
            month = self._months[year_month] = (day - value.day + 1, after, before, rest)
        return month

    def _time_str(self, second: int) -> str:
        text = self._times.get(second)
        if text is None:
            text = (EPOCH + timedelta(seconds=second)).strftime(self._time_fmt) if self._time_fmt else ""
            self._times[second] = text
        return text

    def format_wall(self, wall: float) -> str:
        """The key for a local wall-clock time given as seconds since 1970-01-01T00:00."""
        if self._date_fmt is None:
            return naive_from_wall(wall).strftime(self.fmt)
        day, second = divmod(int(wall), DAY)
        return self._date_str(day) + self._time_str(second)

    def format_walls(self, walls: Iterable[int]) -> list[str]:
        """Keys for many wall times (see :meth:`format_wall`)."""
        if self._date_fmt is None:
            return [naive_from_wall(wall).strftime(self.fmt) for wall in walls]
        if isinstance(walls, range) and walls.step == DAY and self._month_parts is not None:
            return self._format_days(walls)
        times = self._times
        out: list[str] = []
        append = out.append
        first = after = 0
        before = rest = ""
        for wall in walls:
            day, second = divmod(wall, DAY)
            time_text = times.get(second)
            if time_text is None:
                time_text = self._time_str(second)
            if not first <= day < after:
                month = self._month(day)
                if month is None:
                    append(self._date_str(day) + time_text)
                    continue
                first, after, before, rest = month
            append(before + _DAYS_OF_MONTH[day - first] + rest + time_text)
        return out

    def _format_days(self, walls: range) -> list[str]:
        """Keys for consecutive days at one time of day, a month of days at a time."""
        out: list[str] = []
        if not walls:
            return out
        day, second = divmod(walls.start, DAY)
        time_text = self._time_str(second)
        remaining = len(walls)
        while remaining > 0:
            month = self._month(day)
            if month is None:
                out.append(self._date_str(day) + time_text)
                day += 1
                remaining -= 1
                continue
            first, after, before, rest = month
            take = min(remaining, after - day)
            tail = rest + time_text
            out.extend([before + dd + tail for dd in _DAYS_OF_MONTH[day - first : day - first + take]])
            day += take
            remaining -= take
        return out

    def format_datetime(self, dt: datetime) -> str:
        """The key for an aware datetime (needed when the format has a zone directive)."""
        return dt.strftime(self.fmt)

    def format_regular(self, first_wall: int, count: int, step: int, out: list[str]) -> None:
        """Append keys for ``count`` wall times ``first_wall + i * step``; ``step`` divides a day."""
        if self._date_fmt is None:
            out.extend(naive_from_wall(first_wall + i * step).strftime(self.fmt) for i in range(count))
            return
        wall = first_wall
        remaining = count
        while remaining > 0:
            day, second = divmod(wall, DAY)
            times = self._time_list(second, step)
            take = min(remaining, len(times))
            date = self._date_str(day)
            if take == len(times):
                out.extend([date + t for t in times])
            else:
                out.extend([date + t for t in times[:take]])
            remaining -= take
            wall += take * step
        return

    def _time_list(self, second: int, step: int) -> tuple[str, ...]:
        cache_key = (second, step)
        times = self._time_lists.get(cache_key)
        if times is None:
            times = tuple(self._time_str(s) for s in range(second, DAY, step))
            self._time_lists[cache_key] = times
        return times

    # -- parsing ----------------------------------------------------------------------------

    def parse_wall_fast(self, key: str) -> int | None:
        """Wall seconds of a key in canonical form (zero-padded digits), or None.

        Returns None whenever the key is not exactly what formatting would produce for some
        wall time, so callers may treat a result as canonical without formatting it again.
        """
        layout = self._layout
        if layout is None:
            return None
        if len(key) == layout.width:
            cut = layout.date_width
            day = self._date_walls.get(key[:cut])
            if day is not None:
                second = self._time_walls.get(key[cut:])
                if second is not None:
                    return day + second
        wall = layout.parse(key)
        if wall is not None and len(self._date_walls) < _REVERSE_CACHE_LIMIT:
            cut = layout.date_width
            day, second = divmod(wall, DAY)
            self._date_walls[key[:cut]] = day * DAY
            self._time_walls[key[cut:]] = second
        return wall

    def parse(self, key: str) -> datetime:
        """Parse ``key`` like ``strptime`` with the format, then with a UTC offset appended.

        Returns a naive datetime, or an aware one when the key carries a UTC offset.

        Raises:
            ValueError: if ``key`` matches neither form.
        """
        wall = self.parse_wall_fast(key)
        if wall is not None:
            return naive_from_wall(wall)
        try:
            return datetime.strptime(key, self.fmt)
        except ValueError:
            if self.has_zone:
                raise
        return datetime.strptime(key, self.fmt + "%z")


_MONTH_STARTS: dict[tuple[int, int], int] = {}
_DAYS_OF_MONTH = tuple(f"{d:02d}" for d in range(1, 32))
_REVERSE_CACHE_LIMIT = 1_000_000
# Values of absent fields (year 1900, January 1st, midnight), as strptime assumes them.
_DEFAULTS = "19000101000000"
_DEFAULT_SLICES = {"Y": (0, 4), "m": (4, 6), "d": (6, 8), "H": (8, 10), "M": (10, 12), "S": (12, 14)}


class _FixedLayout:
    """Reads keys whose directives all have fixed widths by slicing at known positions."""

    def __init__(
        self, width: int, date_width: int, literals: list[tuple[int, str]], fields: dict[str, tuple[int, int]]
    ):
        self.width = width
        self.date_width = date_width
        self._literal_getter = itemgetter(*(pos for pos, _ in literals)) if literals else None
        texts = tuple(text for _, text in literals)
        self._literal_values: object = texts[0] if len(texts) == 1 else texts
        # Absent fields are read from the defaults appended after the key.
        slices = []
        for name in ("Y", "m", "d", "H", "M", "S"):
            lo, hi = fields.get(name) or tuple(width + i for i in _DEFAULT_SLICES[name])
            slices.append(slice(lo, hi))
        self._field_getter = itemgetter(*slices)

    @classmethod
    def build(cls, tokens: list[tuple[str, int, str]]) -> "_FixedLayout | None":
        literals: list[tuple[int, str]] = []
        fields: dict[str, tuple[int, int]] = {}
        width = 0
        date_width: int | None = None
        for kind, _, text in tokens:
            if kind == "lit":
                literals.append((width, text))
                width += 1
                continue
            size = _FIXED_WIDTH.get(text)
            if size is None or text in fields:
                return None
            if text in _TIME_DIRECTIVES and date_width is None:
                date_width = width
            elif text in _DATE_DIRECTIVES and date_width is not None:
                return None
            fields[text] = (width, width + size)
            width += size
        return cls(width, width if date_width is None else date_width, literals, fields)

    def parse(self, key: str) -> int | None:
        if len(key) != self.width:
            return None
        if self._literal_getter is not None and self._literal_getter(key) != self._literal_values:
            return None
        year_s, month_s, day_s, hour_s, minute_s, second_s = self._field_getter(key + _DEFAULTS)
        digits = year_s + month_s + day_s + hour_s + minute_s + second_s
        if not (digits.isascii() and digits.isdigit()):
            return None
        year, month, day = int(year_s), int(month_s), int(day_s)
        hour, minute, second = int(hour_s), int(minute_s), int(second_s)
        if year < 1000 or not (
            1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 60
        ):
            return None
        if day > 28 and day > _days_in_month(year, month):
            return None
        month_start = _MONTH_STARTS.get((year, month))
        if month_start is None:
            month_start = _MONTH_STARTS[(year, month)] = datetime(year, month, 1).toordinal()
        return (month_start + day - 1 - EPOCH_ORDINAL) * DAY + hour * HOUR + minute * 60 + second


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


get_key_format: Callable[[str], KeyFormat] = functools.lru_cache(maxsize=128)(KeyFormat)
