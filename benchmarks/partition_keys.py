"""Timings of partition key computation and validation (best of several runs).

Run with ``.venv/bin/python benchmarks/partition_keys.py``. Every run builds fresh definitions
and clears the shared timezone and key-format caches, so the figures include all set-up work.
"""

import argparse
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from orchestrator import DailyPartitionsDefinition, HourlyPartitionsDefinition, StaticPartitionsDefinition
from orchestrator._core.partitions._key_format import get_key_format
from orchestrator._core.partitions._zone import get_zone

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _clear_caches() -> None:
    get_key_format.cache_clear()
    get_zone.cache_clear()


def best_of(runs: int, setup: Callable[[], object], work: Callable[[object], object]) -> float:
    """Fastest wall-clock time of ``work(setup())`` over ``runs`` runs, in seconds."""
    best = float("inf")
    for _ in range(runs):
        _clear_caches()
        state = setup()
        start = time.perf_counter()
        work(state)
        best = min(best, time.perf_counter() - start)
    return best


def hourly(tz: str) -> HourlyPartitionsDefinition:
    # Arithmetic in UTC (absolute time), then the local wall-clock start.
    start = (NOW - timedelta(hours=100_000)).astimezone(ZoneInfo(tz)).replace(tzinfo=None)
    return HourlyPartitionsDefinition(start_date=start, timezone=tz)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    hourly_keys = {tz: hourly(tz).get_partition_keys(NOW) for tz in ("UTC", "America/New_York")}
    static_keys = [f"customer_{i:05d}" for i in range(10_000)]
    cases: list[tuple[str, Callable[[], object], Callable[[object], object]]] = [
        (
            "100,000 hourly keys (UTC): build + all keys",
            lambda: None,
            lambda _: hourly("UTC").get_partition_keys(NOW),
        ),
        (
            "100,000 hourly keys (America/New_York): build + all keys",
            lambda: None,
            lambda _: hourly("America/New_York").get_partition_keys(NOW),
        ),
        (
            "3,650 daily keys (UTC): build + all keys",
            lambda: None,
            lambda _: DailyPartitionsDefinition("2016-01-04").get_partition_keys(NOW),
        ),
        (
            "3,650 daily keys (Europe/Paris): build + all keys",
            lambda: None,
            lambda _: DailyPartitionsDefinition("2016-01-04", timezone="Europe/Paris").get_partition_keys(
                NOW
            ),
        ),
        (
            "validate 100,000 hourly keys (UTC)",
            lambda: hourly("UTC"),
            lambda d: all(d.has_partition_key(k, current_time=NOW) for k in hourly_keys["UTC"]),  # type: ignore[attr-defined]
        ),
        (
            "validate 100,000 hourly keys (America/New_York)",
            lambda: hourly("America/New_York"),
            lambda d: all(
                d.has_partition_key(k, current_time=NOW)  # type: ignore[attr-defined]
                for k in hourly_keys["America/New_York"]
            ),
        ),
        (
            "10,000-key static: build + all keys",
            lambda: None,
            lambda _: StaticPartitionsDefinition(static_keys).get_partition_keys(),
        ),
        (
            "10,000-key static: validate all keys",
            lambda: StaticPartitionsDefinition(static_keys),
            lambda d: all(d.has_partition_key(k) for k in static_keys),  # type: ignore[attr-defined]
        ),
    ]
    assert len(hourly_keys["UTC"]) == len(hourly_keys["America/New_York"]) == 100_000
    print(f"best of {runs} runs")
    for label, setup, work in cases:
        seconds = best_of(runs, setup, work)
        print(f"{label:<60} {seconds * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
