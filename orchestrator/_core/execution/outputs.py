"""Normalising what user functions return or yield into outputs, check results and events."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..asset_key import AssetKey
from ..errors import InvalidDefinitionError
from ..events import AssetCheckResult, AssetMaterialization, AssetObservation, MaterializeResult, Output
from ..metadata import MetadataValue
from .plan import ExecutionStep, StepKind

NO_VALUE = object()


@dataclass
class ProducedOutput:
    """A value for one output, and the metadata to record with it."""

    name: str
    value: Any
    metadata: dict[str, MetadataValue] = field(default_factory=dict)
    store: bool = True


@dataclass
class StepResults:
    outputs: dict[str, ProducedOutput] = field(default_factory=dict)
    checks: list[AssetCheckResult] = field(default_factory=list)
    logged: list[AssetMaterialization] = field(default_factory=list)


def collect_results(step: ExecutionStep, returned: Any) -> StepResults:
    """Turn a return value or generator into :class:`StepResults`, validating it against the step."""
    results = StepResults()
    items: Iterable[Any]
    if step.compute.is_generator:
        items = returned
    elif isinstance(returned, tuple) and len(step.outputs) > 1 and not isinstance(returned, Output):
        items = _tuple_outputs(step, returned)
    else:
        items = [returned]
    for item in items:
        _add(step, results, item)
    return results


def _tuple_outputs(step: ExecutionStep, values: tuple[Any, ...]) -> list[Any]:
    names = list(step.outputs)
    if len(values) != len(names):
        raise InvalidDefinitionError(
            f"Step '{step.key}' returned {len(values)} values for {len(names)} outputs {names}"
        )
    return [
        v if isinstance(v, (Output, MaterializeResult)) else Output(v, output_name=n)
        for n, v in zip(names, values, strict=True)
    ]


def _default_output(step: ExecutionStep) -> str:
    if len(step.outputs) == 1:
        return next(iter(step.outputs))
    raise InvalidDefinitionError(
        f"Step '{step.key}' has outputs {list(step.outputs)}: yield Output(value, output_name=...) for each"
    )


def _output_for_key(step: ExecutionStep, key: AssetKey | None) -> str:
    if key is None:
        return _default_output(step)
    for out in step.outputs.values():
        if out.asset_key == key:
            return out.name
    raise InvalidDefinitionError(
        f"Step '{step.key}' returned a result for asset '{key.to_user_string()}', which it does not materialize"
    )


def _add(step: ExecutionStep, results: StepResults, item: Any) -> None:
    if isinstance(item, AssetCheckResult):
        results.checks.append(item)
    elif isinstance(item, (AssetMaterialization, AssetObservation)):
        results.logged.append(item)
    elif isinstance(item, MaterializeResult):
        name = _output_for_key(step, item.asset_key)
        store = item.value is not None
        _put(step, results, ProducedOutput(name, item.value, dict(item.metadata), store=store))
        results.checks.extend(item.check_results)
    elif isinstance(item, Output):
        name = item.output_name
        if name == "result" and "result" not in step.outputs and step.outputs:
            name = _default_output(step)
        _put(step, results, ProducedOutput(name, item.value, dict(item.metadata)))
    elif step.kind == StepKind.CHECK:
        if item is not None:
            raise InvalidDefinitionError(
                f"Asset check '{step.key}' must return an AssetCheckResult, got {type(item).__name__}"
            )
    elif item is None and (step.compute.returns_nothing or not step.outputs):
        if step.outputs:
            _put(step, results, ProducedOutput(_default_output(step), None, store=False))
    elif step.compute.is_generator:
        raise InvalidDefinitionError(
            f"Step '{step.key}' yielded {type(item).__name__}; yield Output, MaterializeResult or AssetCheckResult"
        )
    else:
        _put(step, results, ProducedOutput(_default_output(step), item))


def _put(step: ExecutionStep, results: StepResults, produced: ProducedOutput) -> None:
    if produced.name not in step.outputs:
        if not step.outputs:
            raise InvalidDefinitionError(f"Step '{step.key}' has no outputs but produced '{produced.name}'")
        raise InvalidDefinitionError(
            f"Step '{step.key}' produced output '{produced.name}'; its outputs are {list(step.outputs)}"
        )
    if produced.name in results.outputs:
        raise InvalidDefinitionError(f"Step '{step.key}' produced output '{produced.name}' twice")
    results.outputs[produced.name] = produced
