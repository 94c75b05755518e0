"""``InstanceStorage``: what an instance needs from a store, and the in-memory store."""

import threading
from collections.abc import Sequence
from typing import Protocol

from ..asset_key import AssetKey
from ..events import DagsterEvent, DagsterEventType
from ..runs import DagsterRun
from .records import EventLogEntry, EventLogRecord, EventRecordsFilter, RunsFilter


class InstanceStorage(Protocol):
    """A store of runs, events and dynamic partitions.

    The SDK ships :class:`InMemoryStorage`; the server provides one over its
    database, so runs launched anywhere land in one place.
    """

    def add_run(self, run: DagsterRun) -> None: ...
    def update_run(self, run: DagsterRun) -> None: ...
    def get_run(self, run_id: str) -> DagsterRun | None: ...
    def get_runs(self, filters: RunsFilter | None, limit: int | None) -> list[DagsterRun]: ...
    def store_events(self, events: Sequence[DagsterEvent]) -> None: ...
    def get_run_events(self, run_id: str, after_storage_id: int | None) -> list[EventLogRecord]: ...
    def get_event_records(
        self, filters: EventRecordsFilter, limit: int | None, ascending: bool
    ) -> list[EventLogRecord]: ...
    def wipe_asset(self, key: AssetKey) -> None: ...
    def asset_keys(self) -> list[AssetKey]: ...
    def get_dynamic_partitions(self, name: str) -> list[str]: ...
    def add_dynamic_partitions(self, name: str, keys: Sequence[str]) -> None: ...
    def delete_dynamic_partition(self, name: str, key: str) -> None: ...


_ASSET_EVENTS = (
    DagsterEventType.ASSET_MATERIALIZATION,
    DagsterEventType.ASSET_OBSERVATION,
    DagsterEventType.ASSET_CHECK_EVALUATION,
)


class InMemoryStorage:
    """Everything in dicts and lists; for tests and ``materialize()``.

    Examples:
        >>> s = InMemoryStorage()
        >>> s.add_dynamic_partitions("files", ["a.csv"])
        >>> s.get_dynamic_partitions("files")
        ['a.csv']
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: dict[str, DagsterRun] = {}
        self._records: list[EventLogRecord] = []
        self._by_run: dict[str, list[EventLogRecord]] = {}
        self._by_asset: dict[AssetKey, list[EventLogRecord]] = {}
        self._wiped: dict[AssetKey, int] = {}
        self._dynamic: dict[str, list[str]] = {}

    def add_run(self, run: DagsterRun) -> None:
        with self._lock:
            self._runs[run.run_id] = run

    def update_run(self, run: DagsterRun) -> None:
        self.add_run(run)

    def get_run(self, run_id: str) -> DagsterRun | None:
        return self._runs.get(run_id)

    def get_runs(self, filters: RunsFilter | None, limit: int | None) -> list[DagsterRun]:
        runs = [r for r in reversed(self._runs.values()) if filters is None or filters.matches(r)]
        return runs[:limit] if limit is not None else runs

    def store_events(self, events: Sequence[DagsterEvent]) -> None:
        with self._lock:
            for event in events:
                record = EventLogRecord(len(self._records) + 1, EventLogEntry(event))
                self._records.append(record)
                self._by_run.setdefault(event.run_id, []).append(record)
                if event.asset_key is not None and event.event_type in _ASSET_EVENTS:
                    self._by_asset.setdefault(event.asset_key, []).append(record)

    def get_run_events(self, run_id: str, after_storage_id: int | None) -> list[EventLogRecord]:
        records = self._by_run.get(run_id, [])
        return [r for r in records if after_storage_id is None or r.storage_id > after_storage_id]

    def get_event_records(
        self, filters: EventRecordsFilter, limit: int | None, ascending: bool
    ) -> list[EventLogRecord]:
        pool = self._by_asset.get(filters.asset_key, []) if filters.asset_key is not None else self._records
        floor = self._wiped.get(filters.asset_key, 0) if filters.asset_key is not None else 0
        out = []
        for record in pool if ascending else reversed(pool):
            event = record.event_log_entry.event
            if record.storage_id <= floor or event.event_type != filters.event_type:
                continue
            if filters.after_cursor is not None and record.storage_id <= filters.after_cursor:
                continue
            if filters.before_cursor is not None and record.storage_id >= filters.before_cursor:
                continue
            if filters.asset_partitions is not None and event.partition not in filters.asset_partitions:
                continue
            out.append(record)
            if limit is not None and len(out) >= limit:
                break
        return out

    def wipe_asset(self, key: AssetKey) -> None:
        with self._lock:
            self._wiped[key] = len(self._records)

    def asset_keys(self) -> list[AssetKey]:
        return sorted(
            k for k, recs in self._by_asset.items() if recs and recs[-1].storage_id > self._wiped.get(k, 0)
        )

    def get_dynamic_partitions(self, name: str) -> list[str]:
        return list(self._dynamic.get(name, []))

    def add_dynamic_partitions(self, name: str, keys: Sequence[str]) -> None:
        existing = self._dynamic.setdefault(name, [])
        existing.extend(k for k in keys if k not in existing)

    def delete_dynamic_partition(self, name: str, key: str) -> None:
        if key in self._dynamic.get(name, []):
            self._dynamic[name].remove(key)
