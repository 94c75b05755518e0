"""Executing one step: load inputs, call user code (with retries), store outputs, record events."""

import contextlib
import logging
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..asset_key import AssetKey
from ..definitions.retry_policy import Failure, RetryRequested
from ..events import (
    AssetCheckResult,
    AssetObservation,
    DagsterEvent,
    DagsterEventType,
    materialization_event,
)
from ..metadata import MetadataValue, dataframe_metadata, metadata_to_json, normalize_metadata
from ..runs import DagsterRun
from .capture import capture_output
from .context import AssetExecutionContext, OpExecutionContext, PartitionInfo, Resources, StepData
from .outputs import StepResults, collect_results
from .plan import ExecutionStep, StepInput, StepKind


@dataclass
class RunState:
    """Everything steps of one run share."""

    run: DagsterRun
    emit: Callable[[DagsterEvent], None]
    resources: dict[str, Any]
    instance: Any = None
    run_config: Mapping[str, Any] = field(default_factory=dict)
    op_configs: dict[str, Any] = field(default_factory=dict)
    partition_keys: tuple[str, ...] = ()
    captured: dict[tuple[str, str], Any] | None = None
    plan: Any = None
    unavailable: set[tuple[str, str]] = field(default_factory=set)
    # Step key -> id of the earlier run that stored its outputs, for steps a
    # re-execution does not run (run-scoped outputs of ops live under that run).
    output_run_ids: Mapping[str, str] = field(default_factory=dict)
    # Step key -> a context manager that captures the step's stdout and stderr as compute logs
    # while its code runs (see ``compute_logs.capture_step_logs``); None captures none.
    step_logs: Callable[[str], contextlib.AbstractContextManager[Any]] | None = None

    def __post_init__(self) -> None:
        self.resources_view = Resources(self.resources)

    def event(self, event_type: DagsterEventType, step_key: str | None, message: str, **kw: Any) -> None:
        self.emit(DagsterEvent(event_type, run_id=self.run.run_id, message=message, step_key=step_key, **kw))


@dataclass
class StepOutcome:
    """How a step ended; ``error`` is the user exception of a failed step."""

    status: str  # "success" | "failure" | "skipped"
    error: BaseException | None = None


def error_payload(exc: BaseException) -> dict[str, Any]:
    return {
        "error": {
            "message": str(exc) or type(exc).__name__,
            "cls": type(exc).__name__,
            "traceback": "".join(traceback.format_exception(exc)),
        }
    }


def execute_step(step: ExecutionStep, state: RunState) -> StepOutcome:
    """Run ``step`` to completion (including retries) and emit its events."""
    missing = _missing_upstream(step, state)
    if missing:
        state.event(
            DagsterEventType.STEP_SKIPPED,
            step.key,
            f"Skipped {step.key}: upstream {', '.join(missing)} did not produce what it needs",
            level=logging.INFO,
        )
        _mark_unavailable(step, state)
        return StepOutcome("skipped")
    partition = _partition_for(step, state)
    attempt = 0
    started = time.perf_counter()
    state.event(DagsterEventType.STEP_START, step.key, f"Started {step.key}")
    while True:
        data = StepData(
            run=state.run,
            step_key=step.key,
            emit=state.emit,
            resources=state.resources_view,
            op_config=state.op_configs.get(step.config_key),
            asset_keys=step.asset_keys,
            output_names=step.output_names_by_key,
            partition=partition,
            instance=state.instance,
            retry_number=attempt,
        )
        context_cls = OpExecutionContext if step.kind == StepKind.OP else AssetExecutionContext
        context = context_cls(data)
        try:
            with state.step_logs(step.key) if state.step_logs is not None else contextlib.nullcontext():
                results = _run_user_code(step, state, context)
                _store_outputs(step, state, context, data, results)
                _record_checks(step, state, results.checks)
        except BaseException as exc:
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            delay = _retry_delay(step, exc, attempt)
            if delay is not None:
                attempt += 1
                state.event(
                    DagsterEventType.STEP_UP_FOR_RETRY,
                    step.key,
                    f"{step.key} failed ({type(exc).__name__}: {exc}); retry {attempt} in {delay:.2f}s",
                    level=logging.WARNING,
                    payload={"attempt": attempt, "delay": delay, **error_payload(exc)},
                )
                if delay:
                    time.sleep(delay)
                continue
            payload = error_payload(exc)
            if isinstance(exc, Failure) and exc.metadata:
                payload["metadata"] = metadata_to_json(normalize_metadata(exc.metadata))
            state.event(
                DagsterEventType.STEP_FAILURE,
                step.key,
                f"{step.key} failed: {type(exc).__name__}: {exc}",
                level=logging.ERROR,
                payload=payload,
            )
            _mark_unavailable(step, state)
            return StepOutcome("failure", exc)
        state.event(
            DagsterEventType.STEP_SUCCESS,
            step.key,
            f"Finished {step.key}",
            payload={
                "duration_ms": round((time.perf_counter() - started) * 1000, 3),
                "attempts": attempt + 1,
            },
        )
        return StepOutcome("success")


def _missing_upstream(step: ExecutionStep, state: RunState) -> list[str]:
    return sorted(
        {up for up, outs in step.upstream.items() if any((up, o) in state.unavailable for o in outs)}
    )


def _mark_unavailable(step: ExecutionStep, state: RunState) -> None:
    for name in step.outputs:
        state.unavailable.add((step.key, name))


def _partition_for(step: ExecutionStep, state: RunState) -> PartitionInfo:
    pdef = step.partitions_def
    if pdef is None:
        return PartitionInfo()
    to_key = getattr(pdef, "get_partition_key_from_str", None)
    keys = [to_key(k) for k in state.partition_keys] if to_key else state.partition_keys
    return PartitionInfo(pdef, keys)


def _retry_delay(step: ExecutionStep, exc: BaseException, attempt: int) -> float | None:
    if isinstance(exc, RetryRequested):
        return float(exc.seconds_to_wait) if attempt < exc.max_retries else None
    if isinstance(exc, Failure) and not exc.allow_retries:
        return None
    policy = step.retry_policy
    if policy is None or attempt >= policy.max_retries:
        return None
    return float(policy.delay_for(attempt + 1))


def _run_user_code(step: ExecutionStep, state: RunState, context: OpExecutionContext) -> StepResults:
    inputs = {inp.param: _load_input(step, state, context, inp) for inp in step.inputs}
    config = state.op_configs.get(step.config_key)
    with capture_output() as (out, err):
        try:
            returned = step.compute.call(context, config, state.resources, inputs)
            results = collect_results(step, returned)
        finally:
            for stream, kind in ((out, DagsterEventType.STDOUT), (err, DagsterEventType.STDERR)):
                if stream.buffer_text:
                    text = stream.text
                    state.event(kind, step.key, text.rstrip("\n"), payload={"text": text})
                notice = stream.dropped_notice()
                if notice is not None:
                    state.event(kind, step.key, notice[0], payload=notice[1], level=logging.WARNING)
    return results


def _io_manager(state: RunState, key: str, step: ExecutionStep) -> Any:
    try:
        return state.resources[key]
    except KeyError:
        from ..errors import ResourceNotFoundError

        raise ResourceNotFoundError(
            f"Step '{step.key}' needs IO manager '{key}', which is not provided"
        ) from None


def _load_input(step: ExecutionStep, state: RunState, context: OpExecutionContext, inp: StepInput) -> Any:
    from ..storage import InputContext, OutputContext

    if inp.has_default and inp.source_step is None and inp.asset_key is None:
        return inp.default
    upstream_keys = _upstream_partition_keys(step, state, inp)
    partition_keys = context._data.partition.keys
    upstream = OutputContext(
        step_key=inp.source_step,
        name=inp.source_output,
        asset_key=inp.asset_key,
        run_id=state.output_run_ids.get(inp.source_step or "", state.run.run_id),
        definition_metadata=dict(inp.upstream_metadata or {}),
        asset_partitions_def=inp.upstream_partitions_def,
        partition_key=upstream_keys[0] if upstream_keys and len(upstream_keys) == 1 else None,
        asset_partition_keys=list(upstream_keys or ()),
        resources=state.resources_view,
        log=context.log,
    )
    input_context = InputContext(
        name=inp.param,
        asset_key=inp.asset_key,
        partition_key=partition_keys[0] if len(partition_keys) == 1 else None,
        asset_partition_keys=list(upstream_keys or ()),
        asset_partitions_def=inp.upstream_partitions_def,
        upstream_output=upstream,
        definition_metadata=dict(inp.metadata or {}),
        resources=state.resources_view,
        log=context.log,
    )
    return _io_manager(state, inp.io_manager_key, step).load_input(input_context)


def _upstream_partition_keys(step: ExecutionStep, state: RunState, inp: StepInput) -> list[str] | None:
    if inp.upstream_partitions_def is None:
        return None
    from ..partitions import infer_partition_mapping

    mapping = infer_partition_mapping(inp.partition_mapping, step.partitions_def, inp.upstream_partitions_def)
    downstream = list(state.partition_keys) if step.partitions_def is not None else None
    return list(
        mapping.get_upstream_partition_keys(
            downstream,
            step.partitions_def,
            inp.upstream_partitions_def,
            dynamic_partitions_store=state.instance,
        )
    )


def _store_outputs(
    step: ExecutionStep, state: RunState, context: OpExecutionContext, data: StepData, results: StepResults
) -> None:
    from ..errors import StepExecutionError
    from ..storage import OutputContext

    for name, spec in step.outputs.items():
        produced = results.outputs.get(name)
        if produced is None:
            if spec.is_required:
                raise StepExecutionError(
                    f"Step '{step.key}' did not produce required output '{name}'"
                    + (f" (asset '{spec.asset_key.to_user_string()}')" if spec.asset_key else ""),
                    step_key=step.key,
                )
            state.unavailable.add((step.key, name))
            continue
        metadata: dict[str, MetadataValue] = dict(produced.metadata)
        if produced.store:
            if _is_dataframe(produced.value):
                metadata = {**dataframe_metadata(produced.value), **metadata}
            keys = list(data.partition.keys)
            out_ctx = OutputContext(
                step_key=step.key,
                name=name,
                asset_key=spec.asset_key,
                partition_key=keys[0] if len(keys) == 1 else None,
                asset_partition_keys=keys,
                asset_partitions_def=step.partitions_def,
                run_id=state.run.run_id,
                definition_metadata=dict(spec.metadata),
                resources=state.resources_view,
                log=context.log,
            )
            _io_manager(state, spec.io_manager_key, step).handle_output(out_ctx, produced.value)
            metadata.update(normalize_metadata(out_ctx.get_logged_metadata()))
            if state.captured is not None:
                state.captured[(step.key, name)] = produced.value
        metadata.update(data.output_metadata.get(name, {}))
        if spec.asset_key is not None:
            _record_materializations(step, state, spec.asset_key, data.partition.keys, metadata)
        else:
            state.event(
                DagsterEventType.STEP_OUTPUT,
                step.key,
                f"Output '{name}' of {step.key}",
                payload={"output_name": name, "metadata": metadata_to_json(metadata)},
            )
    for logged in results.logged:
        kind = (
            DagsterEventType.ASSET_OBSERVATION
            if isinstance(logged, AssetObservation)
            else DagsterEventType.ASSET_MATERIALIZATION
        )
        state.emit(materialization_event(state.run.run_id, step.key, logged, kind))


def _record_materializations(
    step: ExecutionStep,
    state: RunState,
    key: AssetKey,
    partitions: Any,
    metadata: dict[str, MetadataValue],
) -> None:
    from ..events import AssetMaterialization

    for partition in partitions or [None]:
        mat = AssetMaterialization(key, partition=partition)
        mat.metadata = metadata
        state.emit(
            materialization_event(state.run.run_id, step.key, mat, DagsterEventType.ASSET_MATERIALIZATION)
        )


def _record_checks(step: ExecutionStep, state: RunState, checks: list[AssetCheckResult]) -> None:
    from ..errors import StepExecutionError

    specs = {(s.asset_key, s.name): s for s in step.check_specs}
    seen = set()
    for result in checks:
        spec = _match_check(step, specs, result)
        seen.add((spec.asset_key, spec.name))
        blocking_failure = spec.blocking and not result.passed and result.severity.value == "ERROR"
        state.event(
            DagsterEventType.ASSET_CHECK_EVALUATION,
            step.key,
            f"Check {spec.key.to_user_string()} {'passed' if result.passed else 'failed'}",
            level=logging.INFO if result.passed else logging.WARNING,
            asset_key=spec.asset_key,
            partition=state.partition_keys[0]
            if len(state.partition_keys) == 1 and step.partitions_def
            else None,
            payload={
                "check_name": spec.name,
                "passed": bool(result.passed),
                "severity": result.severity.value,
                "blocking": spec.blocking,
                "description": result.description,
                "metadata": metadata_to_json(result.metadata or {}),  # type: ignore[arg-type]
            },
        )
        if blocking_failure:
            for other in _producers_of(state, spec.asset_key, step):
                state.unavailable.add(other)
    missing = [s for k, s in specs.items() if k not in seen]
    if missing:
        raise StepExecutionError(
            f"Step '{step.key}' did not return a result for check(s) "
            + ", ".join(s.key.to_user_string() for s in missing),
            step_key=step.key,
        )


def _match_check(
    step: ExecutionStep, specs: dict[tuple[AssetKey, str], Any], result: AssetCheckResult
) -> Any:
    from ..errors import StepExecutionError

    candidates = [
        s
        for s in specs.values()
        if (result.asset_key is None or s.asset_key == result.asset_key)
        and (result.check_name is None or s.name == result.check_name)
    ]
    if len(candidates) != 1:
        raise StepExecutionError(
            f"Step '{step.key}' returned a check result for "
            f"{result.asset_key.to_user_string() if result.asset_key else '?'}:{result.check_name or '?'} "
            f"that matches {len(candidates)} declared checks "
            f"({', '.join(s.key.to_user_string() for s in specs.values()) or 'none'})",
            step_key=step.key,
        )
    return candidates[0]


def _producers_of(state: RunState, key: AssetKey, step: ExecutionStep) -> list[tuple[str, str]]:
    """The (step, output) of ``key`` in this run; a failed blocking check makes it unavailable downstream."""
    plan = getattr(state, "plan", None)
    if plan is None:
        return []
    return [(s.key, o.name) for s in plan.steps for o in s.outputs.values() if o.asset_key == key]


def _is_dataframe(value: Any) -> bool:
    cls = type(value)
    return cls.__name__ == "DataFrame" and cls.__module__.startswith("pandas")
