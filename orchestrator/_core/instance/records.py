"""Stored events and the filters used to query runs and events."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..asset_key import AssetKey
from ..events import AssetMaterialization, DagsterEvent, DagsterEventType
from ..runs import DagsterRun, DagsterRunStatus


@dataclass(frozen=True)
class EventLogEntry:
    """A stored event, as Dagster code reads it (``entry.asset_materialization``...)."""

    event: DagsterEvent

    @property
    def dagster_event(self) -> DagsterEvent:
        return self.event

    @property
    def dagster_event_type(self) -> DagsterEventType:
        return self.event.event_type

    @property
    def run_id(self) -> str:
        return self.event.run_id

    @property
    def timestamp(self) -> float:
        return self.event.timestamp

    @property
    def step_key(self) -> str | None:
        return self.event.step_key

    @property
    def level(self) -> int:
        return self.event.level

    @property
    def user_message(self) -> str:
        return self.event.message

    @property
    def message(self) -> str:
        return self.event.message

    @property
    def is_dagster_event(self) -> bool:
        return self.event.event_type != DagsterEventType.LOG_MESSAGE

    @property
    def asset_materialization(self) -> AssetMaterialization | None:
        return self.event.materialization


@dataclass(frozen=True)
class EventLogRecord:
    """An event with its storage id (increasing in write order; cursors are storage ids)."""

    storage_id: int
    event_log_entry: EventLogEntry

    @property
    def run_id(self) -> str:
        return self.event_log_entry.run_id

    @property
    def timestamp(self) -> float:
        return self.event_log_entry.timestamp

    @property
    def asset_key(self) -> AssetKey | None:
        return self.event_log_entry.event.asset_key

    @property
    def partition_key(self) -> str | None:
        return self.event_log_entry.event.partition

    @property
    def asset_materialization(self) -> AssetMaterialization | None:
        return self.event_log_entry.asset_materialization


@dataclass(frozen=True)
class RunsFilter:
    """Which runs to return from ``instance.get_runs``."""

    run_ids: Sequence[str] | None = None
    job_name: str | None = None
    statuses: Sequence[DagsterRunStatus] | None = None
    tags: dict[str, str] | None = None

    def matches(self, run: Any) -> bool:
        if self.run_ids is not None and run.run_id not in self.run_ids:
            return False
        if self.job_name is not None and run.job_name != self.job_name:
            return False
        if self.statuses is not None and run.status not in self.statuses:
            return False
        return not self.tags or all(run.tags.get(k) == v for k, v in self.tags.items())


@dataclass(frozen=True)
class EventRecordsFilter:
    """Which events to return from ``instance.get_event_records``."""

    event_type: DagsterEventType
    asset_key: AssetKey | None = None
    asset_partitions: Sequence[str] | None = None
    after_cursor: int | None = None
    before_cursor: int | None = None


@dataclass(frozen=True)
class RunStatusRecord:
    """A run lifecycle event with the run it belongs to (read by run-status sensors)."""

    storage_id: int
    dagster_run: DagsterRun
    dagster_event: DagsterEvent
