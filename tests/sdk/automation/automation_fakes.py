"""Small test doubles for the automation tests: jobs, a daily partitions definition, an instance."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.runs import DagsterRun, DagsterRunStatus


@dataclass
class FakeJob:
    """Anything with a ``name`` (and optionally ``partitions_def``) is a job to automation."""

    name: str
    partitions_def: Any = None


@dataclass
class FakeDailyPartitions:
    """A daily time-window partitions definition starting at ``start``, keyed ``YYYY-MM-DD``."""

    start: str = "2024-01-01"
    cron_schedule: str = "0 0 * * *"
    timezone: str = "UTC"

    def get_last_partition_key(self, current_time: datetime) -> str | None:
        """The last day that has fully ended at ``current_time``."""
        last_day = current_time.date() - timedelta(days=1)
        if last_day.isoformat() < self.start:
            return None
        return last_day.isoformat()


@dataclass
class FakeStaticPartitions:
    keys: Sequence[str]

    def get_partition_keys(self, current_time: Any = None) -> list[str]:
        return list(self.keys)


@dataclass(frozen=True)
class AssetRecord:
    storage_id: int
    event_log_entry: Any


@dataclass(frozen=True)
class RunRecord:
    storage_id: int
    dagster_run: DagsterRun
    dagster_event: Any = None


@dataclass
class FakeInstance:
    """In-memory storage implementing the automation instance Protocols."""

    asset_records: dict[AssetKey, list[AssetRecord]] = field(default_factory=dict)
    run_records: list[RunRecord] = field(default_factory=list)
    next_id: int = 1
    calls: list[tuple[str, Any]] = field(default_factory=list)

    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def materialize(self, key: str, entry: Any = None) -> int:
        storage_id = self._new_id()
        record = AssetRecord(storage_id, entry if entry is not None else f"materialization-{storage_id}")
        self.asset_records.setdefault(AssetKey.from_coercible(key), []).append(record)
        return storage_id

    def finish_run(self, run_id: str, job_name: str, status: DagsterRunStatus, event: Any = None) -> int:
        storage_id = self._new_id()
        run = DagsterRun(run_id=run_id, job_name=job_name, status=status)
        self.run_records.append(RunRecord(storage_id, run, event))
        return storage_id

    def get_asset_event_records(
        self, asset_key: AssetKey, after_storage_id: int | None, limit: int, ascending: bool = True
    ) -> list[AssetRecord]:
        self.calls.append(("get_asset_event_records", (asset_key, after_storage_id, limit)))
        records = [
            r
            for r in self.asset_records.get(asset_key, [])
            if after_storage_id is None or r.storage_id > after_storage_id
        ]
        return (records if ascending else records[::-1])[:limit]

    def get_run_status_records(
        self, after_storage_id: int | None, statuses: Sequence[DagsterRunStatus], limit: int
    ) -> list[RunRecord]:
        self.calls.append(("get_run_status_records", (after_storage_id, list(statuses), limit)))
        records = [
            r
            for r in self.run_records
            if r.dagster_run.status in statuses
            and (after_storage_id is None or r.storage_id > after_storage_id)
        ]
        return records[:limit]
