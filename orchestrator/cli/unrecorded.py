"""Running in this process without a database: when ``ORCHESTRATOR_HOME``'s database cannot be used.

The run executes exactly as ``materialize()`` does, keeping its events in memory;
asset values are still stored under ``ORCHESTRATOR_HOME/storage``.
"""

import datetime as dt
import logging
from typing import Any

from .._core.asset_key import AssetKey
from .._core.errors import OrchestratorError
from .._core.events import DagsterEvent
from .._core.instance import DagsterInstance
from .._core.instance.storage import InMemoryStorage
from ._common import CommandError
from .follow import RunView, summarize
from .options import LaunchRequest
from .output import Console
from .sdk import resolve_selection


def _iso(timestamp: float | None) -> str | None:
    return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC).isoformat() if timestamp else None


def event_dict(event: DagsterEvent) -> dict[str, Any]:
    """``event`` in the REST API's shape."""
    return {
        "type": event.event_type.value,
        "level": logging.getLevelName(event.level),
        "step_key": event.step_key,
        "asset_key": event.asset_key.to_user_string() if event.asset_key else None,
        "partition": event.partition,
        "message": event.message,
        "payload": event.payload,
        "timestamp": _iso(event.timestamp),
    }


class _ShowingInstance(DagsterInstance):
    """An in-memory instance that also shows each event as it is stored."""

    def __init__(self, view: RunView):
        super().__init__(InMemoryStorage())
        self._view = view

    def handle_new_event(self, event: DagsterEvent) -> None:
        super().handle_new_event(event)
        self._view.handle(event_dict(event))


def _plan(defs: Any, request: LaunchRequest) -> tuple[Any, dict[str, Any], list[AssetKey] | None, str]:
    """(plan, resources, asset keys, job name), chosen as the workers choose them."""
    from .._core.definitions.job_definition import IMPLICIT_ASSET_JOB_NAME
    from .._core.execution.api import plan_for_launch

    layer = defs.asset_layer
    keys: list[AssetKey] | None
    if request.job is not None:
        try:
            job_def = defs.get_job_def(request.job)
        except OrchestratorError as exc:
            raise CommandError(f"job: {exc}") from None
        keys = list(job_def.asset_keys) if job_def.is_asset_job else None
        job_name = request.job
    else:
        keys = [
            k
            for k in resolve_selection(request.selection or "", layer.graph)
            if layer.by_key[k].is_executable
        ]
        if not keys:
            raise CommandError(f"selection: {request.selection!r} matches no materializable asset")
        job_name = IMPLICIT_ASSET_JOB_NAME
    plan, resources = plan_for_launch(defs, asset_keys=keys, job_name=job_name)
    return plan, resources, keys, job_name


def run_unrecorded(console: Console, location: Any, request: LaunchRequest) -> int:
    """Execute ``request`` here, showing its events; returns the exit code."""
    from .._core.execution.api import execute_plan_in_process

    plan, resources, keys, job_name = _plan(location.definitions, request)
    view = RunView(console, total_steps=len(plan.steps))
    try:
        result = execute_plan_in_process(
            plan,
            job_name=job_name,
            resources=resources,
            instance=_ShowingInstance(view),
            run_config=request.run_config,
            tags=request.tags,
            partition_key=request.partition_key,
            partition_range=request.partition_range,
            raise_on_error=False,
            asset_selection=keys,
        )
    except OrchestratorError as exc:
        raise CommandError(str(exc)) from None
    finally:
        view.close()
    run = result.dagster_run
    failure = next((e for e in result.all_events if e.event_type.value == "RUN_FAILURE"), None)
    error = (failure.payload.get("error") or {}) if failure else {}
    summary = {
        "id": run.run_id,
        "status": run.status.value,
        "recorded": False,
        "job_name": job_name,
        "asset_selection": [k.to_user_string() for k in keys] if keys is not None else None,
        "partition_key": request.partition_key,
        "partition_range": list(request.partition_range) if request.partition_range else None,
        "tags": dict(run.tags),
        "start_time": _iso(run.start_time),
        "end_time": _iso(run.end_time),
        "failure_reason": error.get("message", ""),
        "materialized_asset_keys": sorted(view.materialized),
    }
    return summarize(console, summary, view)
