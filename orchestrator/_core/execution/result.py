"""``ExecuteInProcessResult``: what ``materialize`` and ``execute_in_process`` return."""

from collections.abc import Callable, Mapping
from typing import Any

from ..asset_key import AssetKey, CoercibleToAssetKey
from ..errors import InvalidInvocationError
from ..events import AssetMaterialization, DagsterEvent, DagsterEventType
from ..runs import DagsterRun, DagsterRunStatus
from .plan import ExecutionPlan


class ExecuteInProcessResult:
    """The run, its events and (in-process) its output values.

    Examples:
        >>> from orchestrator import asset, materialize
        >>> @asset
        ... def one():
        ...     return 1
        >>> result = materialize([one])
        >>> result.success, result.output_for_node("one")
        (True, 1)
    """

    def __init__(
        self,
        *,
        run: DagsterRun,
        events: list[DagsterEvent],
        plan: ExecutionPlan,
        captured: Mapping[tuple[str, str], Any],
    ):
        self._run = run
        self._events = events
        self._plan = plan
        self._captured = captured

    @property
    def success(self) -> bool:
        return self._run.status == DagsterRunStatus.SUCCESS

    @property
    def run_id(self) -> str:
        return self._run.run_id

    @property
    def dagster_run(self) -> DagsterRun:
        return self._run

    @property
    def all_events(self) -> list[DagsterEvent]:
        return list(self._events)

    @property
    def all_node_events(self) -> list[DagsterEvent]:
        return [e for e in self._events if e.step_key is not None]

    def filter_events(self, predicate: Callable[[DagsterEvent], bool]) -> list[DagsterEvent]:
        return [e for e in self._events if predicate(e)]

    def _of_type(self, event_type: DagsterEventType) -> list[DagsterEvent]:
        return [e for e in self._events if e.event_type == event_type]

    def events_for_node(self, node_name: str) -> list[DagsterEvent]:
        return [e for e in self._events if e.step_key == node_name]

    def get_asset_materialization_events(self) -> list[DagsterEvent]:
        return self._of_type(DagsterEventType.ASSET_MATERIALIZATION)

    def get_asset_observation_events(self) -> list[DagsterEvent]:
        return self._of_type(DagsterEventType.ASSET_OBSERVATION)

    def get_asset_check_evaluations(self) -> list[DagsterEvent]:
        return self._of_type(DagsterEventType.ASSET_CHECK_EVALUATION)

    def asset_materializations_for_node(self, node_name: str) -> list[AssetMaterialization]:
        return [
            e.materialization
            for e in self.get_asset_materialization_events()
            if e.step_key == node_name and e.materialization is not None
        ]

    def get_step_success_events(self) -> list[DagsterEvent]:
        return self._of_type(DagsterEventType.STEP_SUCCESS)

    def get_step_failure_events(self) -> list[DagsterEvent]:
        return self._of_type(DagsterEventType.STEP_FAILURE)

    def get_step_skipped_events(self) -> list[DagsterEvent]:
        return self._of_type(DagsterEventType.STEP_SKIPPED)

    def get_failed_step_keys(self) -> set[str]:
        return {e.step_key for e in self.get_step_failure_events() if e.step_key}

    def get_job_success_event(self) -> DagsterEvent:
        return self._only(DagsterEventType.RUN_SUCCESS)

    def get_job_failure_event(self) -> DagsterEvent:
        return self._only(DagsterEventType.RUN_FAILURE)

    get_run_success_event = get_job_success_event
    get_run_failure_event = get_job_failure_event

    def _only(self, event_type: DagsterEventType) -> DagsterEvent:
        events = self._of_type(event_type)
        if not events:
            raise InvalidInvocationError(f"The run has no {event_type.value} event")
        return events[0]

    def is_node_success(self, node_name: str) -> bool:
        return any(e.step_key == node_name for e in self.get_step_success_events())

    def is_node_failed(self, node_name: str) -> bool:
        return any(e.step_key == node_name for e in self.get_step_failure_events())

    def is_node_skipped(self, node_name: str) -> bool:
        return any(e.step_key == node_name for e in self.get_step_skipped_events())

    def output_for_node(self, node_name: str, output_name: str = "result") -> Any:
        """The value ``node_name`` produced for ``output_name`` during this run."""
        if (node_name, output_name) in self._captured:
            return self._captured[(node_name, output_name)]
        step = self._plan.by_key.get(node_name)
        if step is None:
            raise InvalidInvocationError(
                f"No node '{node_name}' in this run; nodes: {', '.join(self._plan.step_keys)}"
            )
        if output_name not in step.outputs and output_name == "result" and len(step.outputs) == 1:
            return self.output_for_node(node_name, next(iter(step.outputs)))
        raise InvalidInvocationError(
            f"Node '{node_name}' produced no value for output '{output_name}' in this run "
            f"(outputs: {', '.join(step.outputs) or 'none'})"
        )

    def asset_value(self, asset_key: CoercibleToAssetKey) -> Any:
        """The value the run produced for ``asset_key``."""
        key = AssetKey.from_coercible(asset_key)
        for step in self._plan.steps:
            for out in step.outputs.values():
                if out.asset_key == key:
                    return self.output_for_node(step.key, out.name)
        raise InvalidInvocationError(f"Asset '{key.to_user_string()}' was not materialized by this run")
