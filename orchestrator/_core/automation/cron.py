"""Cron validation and DST-aware iteration over schedule execution times."""

import heapq
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from ..errors import InvalidDefinitionError

CronSchedule = Union[str, Sequence[str]]


def is_valid_cron_string(cron_string: str) -> bool:
    """Whether ``cron_string`` is a standard five-field cron expression (or an alias like ``@daily``).

    Examples:
        >>> is_valid_cron_string("0 0 * * *"), is_valid_cron_string("0 25 * * *")
        (True, False)
    """
    if not isinstance(cron_string, str) or not croniter.is_valid(cron_string):
        return False
    expanded, *_ = croniter.expand(cron_string)
    if len(expanded) != 5:
        return False
    # February 30th and 31st never happen.
    return not (expanded[3] == [2] and len(expanded[2]) == 1 and expanded[2][0] in (30, 31))


def is_valid_cron_schedule(cron_schedule: CronSchedule) -> bool:
    """Whether ``cron_schedule`` is a valid cron string or a non-empty sequence of them.

    Examples:
        >>> is_valid_cron_schedule(["0 9 * * 1-5", "0 12 * * 6"])
        True
    """
    if isinstance(cron_schedule, str):
        return is_valid_cron_string(cron_schedule)
    return (
        isinstance(cron_schedule, Sequence)
        and len(cron_schedule) > 0
        and all(is_valid_cron_string(c) for c in cron_schedule)
    )


def get_timezone(name: str | None) -> ZoneInfo:
    """The IANA timezone ``name`` (UTC when None); raises ``ValueError`` when unknown.

    Examples:
        >>> get_timezone("Europe/Berlin").key
        'Europe/Berlin'
    """
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(f"Unknown timezone {name!r}") from exc


def check_timezone(name: str | None, owner: str) -> str | None:
    """Raise ``InvalidDefinitionError`` naming ``owner`` unless ``name`` is a known timezone."""
    if name is None:
        return None
    if not isinstance(name, str):
        raise InvalidDefinitionError(f"Invalid execution timezone {name!r} for {owner}")
    try:
        get_timezone(name)
    except ValueError as exc:
        raise InvalidDefinitionError(f"Invalid execution timezone '{name}' for {owner}") from exc
    return name


def to_timezone(value: Union[datetime, float, int], tz: ZoneInfo) -> datetime:
    """An aware datetime in ``tz``: timestamps and aware datetimes are converted, naive ones localized."""
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz)
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _exists(naive: datetime, tz: ZoneInfo) -> bool:
    aware = naive.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def _gap_end(naive: datetime, tz: ZoneInfo) -> datetime:
    """The first existing instant after a wall time skipped by a spring-forward transition."""
    lo = int(naive.replace(tzinfo=tz, fold=1).timestamp())
    hi = int(naive.replace(tzinfo=tz, fold=0).timestamp()) + 1
    if lo > hi:
        lo, hi = hi, lo
    while lo < hi:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, tz).replace(tzinfo=None) > naive:
            hi = mid
        else:
            lo = mid + 1
    return datetime.fromtimestamp(lo, tz)


def _resolve_wall_time(naive: datetime, tz: ZoneInfo, repeats_every_hour: bool) -> list[datetime]:
    """The instants a wall-clock cron time maps to.

    A skipped time (spring forward) runs at the end of the gap; a repeated time (fall back)
    runs once at its later occurrence, except that schedules firing every hour run at both.
    """
    if not _exists(naive, tz):
        return [_gap_end(naive, tz)]
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return [first]
    return [first, second] if repeats_every_hour else [second]


def _repeats_every_hour(cron_string: str) -> bool:
    expanded, *_ = croniter.expand(cron_string)
    return expanded[1] == ["*"]


def cron_string_iterator(
    start: Union[datetime, float], cron_string: str, execution_timezone: str | None
) -> Iterator[datetime]:
    """Execution times of one cron string strictly after ``start``, ascending, in the timezone.

    A naive ``start`` is read as wall time in ``execution_timezone`` (UTC when None).

    Examples:
        >>> it = cron_string_iterator(datetime(2024, 3, 9, 12), "30 2 * * *", "America/New_York")
        >>> [t.isoformat() for t in (next(it), next(it))]
        ['2024-03-10T03:00:00-04:00', '2024-03-11T02:30:00-04:00']
    """
    tz = get_timezone(execution_timezone)
    start_dt = to_timezone(start, tz)
    start_ts = start_dt.timestamp()
    repeats_every_hour = _repeats_every_hour(cron_string)
    # Start a little early so that wall times made ambiguous by DST are not missed.
    cursor = croniter(cron_string, start_dt.replace(tzinfo=None, fold=0) - timedelta(hours=3))
    pending: list[tuple[float, datetime]] = []
    last_ts = start_ts
    while True:
        naive = cursor.get_next(datetime)
        candidates = _resolve_wall_time(naive, tz, repeats_every_hour)
        earliest = min(c.timestamp() for c in candidates)
        while pending and pending[0][0] <= earliest:
            ts, value = heapq.heappop(pending)
            if ts > last_ts:
                last_ts = ts
                yield value
        for candidate in candidates:
            heapq.heappush(pending, (candidate.timestamp(), candidate))


def schedule_execution_time_iterator(
    start: Union[datetime, float], cron_schedule: CronSchedule, execution_timezone: str | None
) -> Iterator[datetime]:
    """Execution times strictly after ``start`` for one cron string or the union of several.

    Examples:
        >>> it = schedule_execution_time_iterator(
        ...     datetime(2024, 1, 1), ["0 9 * * *", "0 17 * * *"], "Europe/Berlin"
        ... )
        >>> [t.hour for t in (next(it), next(it), next(it))]
        [9, 17, 9]
    """
    if isinstance(cron_schedule, str):
        yield from cron_string_iterator(start, cron_schedule, execution_timezone)
        return
    iterators = [cron_string_iterator(start, c, execution_timezone) for c in cron_schedule]
    last_ts: float | None = None
    for value in heapq.merge(*iterators, key=lambda d: d.timestamp()):
        if last_ts is None or value.timestamp() > last_ts:
            last_ts = value.timestamp()
            yield value
