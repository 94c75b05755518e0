"""``TimeWindowPartitionMapping``: partitions depend on the partitions whose time windows overlap."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ...errors import InvalidDefinitionError, InvalidInvocationError
from ..base import DynamicPartitionsStore, PartitionsDefinition
from ..time_window import TimeWindowPartitionsDefinition
from .base import PartitionMapping, UpstreamPartitionsResult, require_downstream_def, require_downstream_keys


def _as_time_window(role: str, partitions_def: PartitionsDefinition | None) -> TimeWindowPartitionsDefinition:
    if not isinstance(partitions_def, TimeWindowPartitionsDefinition):
        raise InvalidDefinitionError(
            f"TimeWindowPartitionMapping: the {role} partitions definition must be a "
            f"TimeWindowPartitionsDefinition, got {partitions_def!r}"
        )
    return partitions_def


def _merged_windows(
    partitions_def: TimeWindowPartitionsDefinition, keys: Sequence[str]
) -> list[tuple[int, int]]:
    """Windows of ``keys`` as (start, end) instants, adjacent or overlapping ones merged."""
    grid = partitions_def._grid
    ticks = sorted({partitions_def._k_for_key(key) for key in keys})
    merged: list[tuple[int, int]] = []
    for k in ticks:
        start, end = grid.instant(k), grid.instant(k + 1)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _shift(
    partitions_def: TimeWindowPartitionsDefinition,
    t: float,
    offset: int,
    bounds: tuple[int, int] | None,
) -> float:
    """Move ``t`` by ``offset`` windows, not past the bounds of the other definition."""
    shifted = partitions_def._tick_shift(t, offset)
    if bounds is not None:
        if offset < 0:
            shifted = max(bounds[0], shifted)
        elif offset > 0:
            shifted = min(bounds[1], shifted)
    return shifted


def _align(partitions_def: TimeWindowPartitionsDefinition, start: float, end: float) -> tuple[float, float]:
    """Widen ``[start, end)`` to the boundaries of the windows of ``partitions_def`` it overlaps."""
    return partitions_def._tick_floor(start), partitions_def._tick_ceil(end)


class TimeWindowPartitionMapping(PartitionMapping):
    """Each downstream partition depends on the upstream partitions whose time windows overlap it.

    With the same cadence this is the identity (up to key formats); a daily partition downstream
    of hourly partitions depends on its 24 hours (23 or 25 across DST changes); an hourly
    partition downstream of daily partitions depends on its day.

    Args:
        start_offset: Shift the start of the upstream range by this many downstream windows
            (e.g. -1: also depend on the previous window).
        end_offset: Shift the end of the upstream range by this many downstream windows.
        allow_nonexistent_upstream_partitions: Leave out required upstream partitions that do not
            exist (before the upstream start, after its end or in the future) instead of raising.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from orchestrator._core.partitions import DailyPartitionsDefinition
        >>> daily = DailyPartitionsDefinition(start_date="2026-01-01")
        >>> m = TimeWindowPartitionMapping(start_offset=-1)
        >>> now = datetime(2026, 2, 1, tzinfo=timezone.utc)
        >>> m.get_upstream_partition_keys(["2026-01-05"], daily, daily, current_time=now)
        ['2026-01-04', '2026-01-05']
    """

    def __init__(
        self,
        start_offset: int = 0,
        end_offset: int = 0,
        allow_nonexistent_upstream_partitions: bool = False,
    ):
        for name, value in (("start_offset", start_offset), ("end_offset", end_offset)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidDefinitionError(
                    f"TimeWindowPartitionMapping: {name} must be an integer, got {value!r}"
                )
        if not isinstance(allow_nonexistent_upstream_partitions, bool):
            raise InvalidDefinitionError(
                "TimeWindowPartitionMapping: allow_nonexistent_upstream_partitions must be a bool, got "
                f"{allow_nonexistent_upstream_partitions!r}"
            )
        self.start_offset = start_offset
        self.end_offset = end_offset
        self.allow_nonexistent_upstream_partitions = allow_nonexistent_upstream_partitions
        self._freeze()

    @property
    def description(self) -> str:
        text = "Maps a downstream partition to any upstream partition with an overlapping time window."
        if self.start_offset or self.end_offset:
            text += (
                " The start and end of the upstream time window is offsetted by "
                f"{self.start_offset} and {self.end_offset} partitions respectively."
            )
        return text

    def to_snapshot(self) -> dict[str, Any]:
        return {
            "type": "TimeWindowPartitionMapping",
            "start_offset": self.start_offset,
            "end_offset": self.end_offset,
            "allow_nonexistent_upstream_partitions": self.allow_nonexistent_upstream_partitions,
        }

    def _missing_hint(self) -> str:
        return " Pass allow_nonexistent_upstream_partitions=True to TimeWindowPartitionMapping to skip them."

    def validate_partition_mapping(
        self,
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
    ) -> None:
        upstream = _as_time_window("upstream", upstream_partitions_def)
        downstream = _as_time_window("downstream", downstream_partitions_def)
        if upstream.timezone != downstream.timezone:
            raise InvalidDefinitionError(
                f"TimeWindowPartitionMapping: timezones {upstream.timezone} (upstream) and "
                f"{downstream.timezone} (downstream) don't match"
            )

    def get_upstream_mapped_partitions_result(
        self,
        downstream_partition_keys: Sequence[str] | None,
        downstream_partitions_def: PartitionsDefinition | None,
        upstream_partitions_def: PartitionsDefinition,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> UpstreamPartitionsResult:
        keys = require_downstream_keys(self, downstream_partition_keys)
        if downstream_partitions_def is None:
            raise InvalidInvocationError("TimeWindowPartitionMapping needs a partitioned downstream asset")
        self.validate_partition_mapping(upstream_partitions_def, downstream_partitions_def)
        downstream = _as_time_window("downstream", downstream_partitions_def)
        upstream = _as_time_window("upstream", upstream_partitions_def)
        bounds = upstream._bounds(current_time)
        found: list[str] = []
        missing: list[str] = []
        for window_start, window_end in _merged_windows(downstream, keys):
            start = _shift(downstream, window_start, self.start_offset, bounds)
            end = _shift(downstream, window_end, self.end_offset, bounds)
            start, end = _align(upstream, start, end)
            if start >= end:
                continue
            if bounds is None:
                if not self.allow_nonexistent_upstream_partitions:
                    missing.extend(upstream._keys_between(start, end))
                continue
            first, last = bounds
            found.extend(upstream._keys_between(max(start, first), min(end, last)))
            if not self.allow_nonexistent_upstream_partitions:
                if start < first:
                    missing.extend(upstream._keys_between(start, min(end, first)))
                if end > last:
                    missing.extend(upstream._keys_between(max(start, last), end))
        return UpstreamPartitionsResult(_sorted_unique(upstream, found), _sorted_unique(upstream, missing))

    def get_downstream_partition_keys(
        self,
        upstream_partition_keys: Sequence[str],
        upstream_partitions_def: PartitionsDefinition,
        downstream_partitions_def: PartitionsDefinition | None,
        current_time: datetime | None = None,
        dynamic_partitions_store: DynamicPartitionsStore | None = None,
    ) -> list[str]:
        require_downstream_def(self, downstream_partitions_def)
        self.validate_partition_mapping(upstream_partitions_def, downstream_partitions_def)
        upstream = _as_time_window("upstream", upstream_partitions_def)
        downstream = _as_time_window("downstream", downstream_partitions_def)
        bounds = downstream._bounds(current_time)
        if bounds is None:
            return []
        found: list[str] = []
        for window_start, window_end in _merged_windows(upstream, upstream_partition_keys):
            start, end = _align(downstream, window_start, window_end)
            start = _shift(downstream, start, -self.end_offset, bounds)
            end = _shift(downstream, end, -self.start_offset, bounds)
            found.extend(downstream._keys_between(max(start, bounds[0]), min(end, bounds[1])))
        return _sorted_unique(downstream, found)


def _sorted_unique(partitions_def: TimeWindowPartitionsDefinition, keys: list[str]) -> list[str]:
    distinct = list(dict.fromkeys(keys))
    if len(distinct) > 1:
        distinct.sort(key=partitions_def._k_for_key)
    return distinct
