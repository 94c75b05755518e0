"""Running a whole plan in this process: config, resources, steps in order, run events."""

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from ..errors import InvalidConfigError
from ..events import DagsterEvent, DagsterEventType, EventSink
from ..runs import DagsterRun, DagsterRunStatus
from .plan import ExecutionPlan
from .step_executor import RunState, StepOutcome, error_payload, execute_step


def resolve_step_configs(plan: ExecutionPlan, run_config: Mapping[str, Any]) -> dict[str, Any]:
    """Validate ``run_config["ops"]`` against each step's config; raise naming node and field."""
    from ..resources import compile_config_schema, resolve_op_config, validate_run_config_shape

    validate_run_config_shape(
        run_config,
        known_ops={s.config_key for s in plan.steps},
        known_resources=set(run_config.get("resources", {}) or {}),
    )
    ops = run_config.get("ops", {}) or {}
    configs: dict[str, Any] = {}
    for step in plan.steps:
        raw = ops.get(step.config_key, {})
        raw = raw.get("config") if isinstance(raw, Mapping) and "config" in raw else raw or None
        if step.compute.config_cls is not None:
            kind = step.kind.value if step.kind.value != "check" else "asset check"
            configs[step.config_key] = resolve_op_config(
                step.compute.config_cls, raw, node_name=step.key, node_kind=kind
            )
        elif step.config_schema is not None:
            kind = "op" if step.kind.value == "op" else "asset"
            configs[step.config_key] = compile_config_schema(step.config_schema).validate(
                raw, subject=f"{kind} '{step.key}'"
            )
        elif raw is not None:
            configs[step.config_key] = raw
    return configs


class RunExecution:
    """One run of a plan: emits RUN_START, each step's events, then RUN_SUCCESS or RUN_FAILURE."""

    def __init__(
        self,
        plan: ExecutionPlan,
        *,
        run: DagsterRun,
        resources: Mapping[str, Any],
        sink: EventSink,
        instance: Any = None,
        run_config: Mapping[str, Any] | None = None,
        partition_keys: Sequence[str] = (),
        capture_outputs: bool = False,
        should_cancel: Callable[[], bool] | None = None,
        output_run_ids: Mapping[str, str] | None = None,
        step_logs: Callable[[str], AbstractContextManager[Any]] | None = None,
    ):
        self.plan = plan
        self.run = run
        self.resource_defs = resources
        self.sink = sink
        self.instance = instance
        self.run_config = dict(run_config or {})
        self.partition_keys = tuple(partition_keys)
        self.captured: dict[tuple[str, str], Any] | None = {} if capture_outputs else None
        self.should_cancel = should_cancel
        self.output_run_ids = dict(output_run_ids or {})
        self.step_logs = step_logs
        self.outcomes: dict[str, StepOutcome] = {}
        self.run_error: BaseException | None = None

    def emit(self, event: DagsterEvent) -> None:
        self.sink.handle_event(event)

    def _run_event(self, event_type: DagsterEventType, message: str, **kw: Any) -> None:
        self.emit(DagsterEvent(event_type, run_id=self.run.run_id, message=message, **kw))

    def execute(self) -> DagsterRunStatus:
        """Execute every step; never raises for user errors (they become events)."""
        from ..resources import init_resources

        run = self.run
        run.status = DagsterRunStatus.STARTED
        run.start_time = time.time()
        self._run_event(
            DagsterEventType.RUN_START, f"Started run {run.run_id} ({len(self.plan.steps)} steps)"
        )
        status = DagsterRunStatus.FAILURE
        try:
            op_configs = resolve_step_configs(self.plan, self.run_config)
            with init_resources(
                self.resource_defs,
                required_keys=self.plan.resource_keys,
                run_config_resources=self.run_config.get("resources") or {},
                run_id=run.run_id,
                instance=self.instance,
                requested_by=self._requested_by(),
            ) as resources:
                state = RunState(
                    run=run,
                    emit=self.emit,
                    resources=resources,
                    instance=self.instance,
                    run_config=self.run_config,
                    op_configs=op_configs,
                    partition_keys=self.partition_keys,
                    captured=self.captured,
                    plan=self.plan,
                    output_run_ids=self.output_run_ids,
                    step_logs=self.step_logs,
                )
                status = self._execute_steps(state)
        except InvalidConfigError as exc:
            self.run_error = exc
            self._run_event(
                DagsterEventType.RUN_FAILURE,
                f"Run failed: {exc}",
                level=logging.ERROR,
                payload=error_payload(exc),
            )
        except Exception as exc:
            self.run_error = exc
            self._run_event(
                DagsterEventType.RUN_FAILURE,
                f"Run failed: {type(exc).__name__}: {exc}",
                level=logging.ERROR,
                payload=error_payload(exc),
            )
        else:
            self._finish(status)
        if self.run_error is not None:
            status = DagsterRunStatus.FAILURE
        run.status = status
        run.end_time = time.time()
        return status

    def _requested_by(self) -> dict[str, list[str]]:
        needs: dict[str, list[str]] = {}
        for step in self.plan.steps:
            for key in step.resource_keys:
                needs.setdefault(key, []).append(step.key)
        return needs

    def _execute_steps(self, state: RunState) -> DagsterRunStatus:
        for step in self.plan.steps:
            if self.should_cancel is not None and self.should_cancel():
                return DagsterRunStatus.CANCELED
            self.outcomes[step.key] = execute_step(step, state)
        if any(o.status == "failure" for o in self.outcomes.values()):
            return DagsterRunStatus.FAILURE
        return DagsterRunStatus.SUCCESS

    def _finish(self, status: DagsterRunStatus) -> None:
        duration = time.time() - (self.run.start_time or time.time())
        if status == DagsterRunStatus.SUCCESS:
            self._run_event(
                DagsterEventType.RUN_SUCCESS, f"Finished run {self.run.run_id} in {duration:.3f}s"
            )
        elif status == DagsterRunStatus.CANCELED:
            self._run_event(
                DagsterEventType.RUN_CANCELED, f"Canceled run {self.run.run_id}", level=logging.WARNING
            )
        else:
            failed = [k for k, o in self.outcomes.items() if o.status == "failure"]
            self._run_event(
                DagsterEventType.RUN_FAILURE,
                f"Run failed: step(s) {', '.join(failed)} failed",
                level=logging.ERROR,
                payload={"failed_steps": failed},
            )

    @property
    def first_error(self) -> BaseException | None:
        if self.run_error is not None:
            return self.run_error
        for outcome in self.outcomes.values():
            if outcome.error is not None:
                return outcome.error
        return None
