"""Run identity and status, shared by the executor, the instance and automation."""

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .asset_key import AssetKey


class DagsterRunStatus(str, enum.Enum):
    """Lifecycle of a run: QUEUED -> STARTING -> STARTED -> SUCCESS | FAILURE | CANCELED."""

    QUEUED = "QUEUED"
    NOT_STARTED = "NOT_STARTED"
    STARTING = "STARTING"
    STARTED = "STARTED"
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"
    CANCELING = "CANCELING"
    CANCELED = "CANCELED"

    @property
    def is_finished(self) -> bool:
        return self in FINISHED_STATUSES


FINISHED_STATUSES = frozenset({DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED})

RunStatus = DagsterRunStatus


@dataclass
class DagsterRun:
    """A run as the instance records it.

    Examples:
        >>> DagsterRun(run_id="r1", job_name="__asset_job").status
        <DagsterRunStatus.NOT_STARTED: 'NOT_STARTED'>
    """

    run_id: str
    job_name: str
    status: DagsterRunStatus = DagsterRunStatus.NOT_STARTED
    tags: Mapping[str, str] = field(default_factory=dict)
    run_config: Mapping[str, Any] = field(default_factory=dict)
    asset_selection: frozenset[AssetKey] | None = None
    partition_key: str | None = None
    parent_run_id: str | None = None
    start_time: float | None = None
    end_time: float | None = None

    @property
    def is_success(self) -> bool:
        return self.status == DagsterRunStatus.SUCCESS

    @property
    def is_failure(self) -> bool:
        return self.status == DagsterRunStatus.FAILURE
