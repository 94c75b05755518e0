"""Running assets in this process: ``materialize``, ``materialize_to_memory`` and the shared core."""

import shutil
import tempfile
import uuid
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..asset_key import AssetKey
from ..definitions.asset_checks import AssetChecksDefinition
from ..definitions.asset_layer import AssetLayer
from ..definitions.job_definition import IMPLICIT_ASSET_JOB_NAME
from ..errors import InvalidSubsetError
from ..events import DagsterEvent
from ..runs import DagsterRun, DagsterRunStatus
from .executor import RunExecution
from .plan import ExecutionPlan, check_plan_partitions, plan_assets
from .result import ExecuteInProcessResult

PARTITION_TAG = "dagster/partition"
PARTITION_RANGE_START_TAG = "dagster/asset_partition_range_start"
PARTITION_RANGE_END_TAG = "dagster/asset_partition_range_end"


class _RecordingSink:
    """Forwards events to the instance and keeps them for the result."""

    def __init__(self, instance: Any):
        self.events: list[DagsterEvent] = []
        self._instance = instance

    def handle_event(self, event: DagsterEvent) -> None:
        self.events.append(event)
        if self._instance is not None:
            self._instance.handle_new_event(event)


def resolve_partition_keys(
    plan: ExecutionPlan,
    *,
    partition_key: str | None = None,
    partition_range: tuple[str, str] | None = None,
    instance: Any = None,
) -> list[str]:
    """The run's partition keys, validated against every partitions definition in the plan."""
    defs = plan.partitions_defs
    keys: list[str] = []
    if partition_key is not None:
        keys = [partition_key]
        for pdef in defs:
            pdef.validate_partition_key(partition_key, dynamic_partitions_store=instance)
    elif partition_range is not None:
        from ..partitions import PartitionKeyRange

        if not defs:
            raise InvalidSubsetError(
                "A partition range was given, but none of the selected assets is partitioned"
            )
        keys = list(
            defs[0].get_partition_keys_in_range(
                PartitionKeyRange(*partition_range), dynamic_partitions_store=instance
            )
        )
        for pdef in defs[1:]:
            for key in (keys[0], keys[-1]):
                pdef.validate_partition_key(key, dynamic_partitions_store=instance)
    check_plan_partitions(plan, keys)
    return keys


def plan_for_launch(
    defs: Any,
    *,
    asset_keys: Sequence[AssetKey] | None,
    job_name: str | None = None,
    step_selection: Iterable[str] | None = None,
) -> tuple[ExecutionPlan, dict[str, Any]]:
    """The plan and resources of a launch: ``asset_keys`` of ``defs``, else the op or asset job.

    Workers and the command line choose plans the same way through this function.
    """
    if asset_keys is not None:
        plan = plan_assets(defs.asset_layer, list(asset_keys))
    else:
        plan = defs.get_job_def(job_name or IMPLICIT_ASSET_JOB_NAME).build_plan()
    if step_selection is not None:
        wanted = set(step_selection)
        plan = ExecutionPlan([s for s in plan.steps if s.key in wanted])
    return plan, launch_resources(defs, job_name=None if asset_keys is not None else job_name)


def launch_resources(defs: Any, *, job_name: str | None) -> dict[str, Any]:
    """An op job's own resources; for assets, the code location's resources."""
    if job_name and job_name != IMPLICIT_ASSET_JOB_NAME:
        job = defs.get_job_def(job_name)
        if job.graph is not None:
            return dict(job.resource_defs)
    return dict(defs.resolved_resources)


def execute_plan_in_process(
    plan: ExecutionPlan,
    *,
    job_name: str,
    resources: Mapping[str, Any],
    instance: Any,
    run_config: Mapping[str, Any] | None = None,
    tags: Mapping[str, str] | None = None,
    partition_key: str | None = None,
    partition_range: tuple[str, str] | None = None,
    raise_on_error: bool = True,
    run_id: str | None = None,
    asset_selection: Iterable[AssetKey] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> ExecuteInProcessResult:
    """Execute ``plan`` here, recording the run and its events in ``instance``."""
    from ..resources import validate_run_config_shape

    tags = dict(tags or {})
    if partition_key is None and partition_range is None and PARTITION_RANGE_START_TAG in tags:
        partition_range = (
            tags[PARTITION_RANGE_START_TAG],
            tags.get(PARTITION_RANGE_END_TAG, tags[PARTITION_RANGE_START_TAG]),
        )
    keys = resolve_partition_keys(
        plan, partition_key=partition_key, partition_range=partition_range, instance=instance
    )
    validate_run_config_shape(
        run_config or {}, known_ops={s.config_key for s in plan.steps}, known_resources=set(resources)
    )
    run_tags = dict(tags)
    if len(keys) == 1:
        run_tags[PARTITION_TAG] = keys[0]
    elif keys:
        run_tags[PARTITION_RANGE_START_TAG], run_tags[PARTITION_RANGE_END_TAG] = keys[0], keys[-1]
    run = DagsterRun(
        run_id=run_id or str(uuid.uuid4()),
        job_name=job_name,
        status=DagsterRunStatus.STARTING,
        tags=run_tags,
        run_config=dict(run_config or {}),
        asset_selection=frozenset(asset_selection) if asset_selection is not None else None,
        partition_key=keys[0] if len(keys) == 1 else None,
    )
    instance.add_run(run)
    sink = _RecordingSink(instance)
    execution = RunExecution(
        plan,
        run=run,
        resources=resources,
        sink=sink,
        instance=instance,
        run_config=run_config,
        partition_keys=keys,
        capture_outputs=True,
        should_cancel=should_cancel,
    )
    execution.execute()
    instance.storage.update_run(run)
    if raise_on_error and run.status != DagsterRunStatus.SUCCESS:
        error = execution.first_error
        if error is not None:
            raise error
    return ExecuteInProcessResult(run=run, events=sink.events, plan=plan, captured=execution.captured or {})


def split_assets_and_checks(values: Iterable[Any]) -> tuple[list[Any], list[AssetChecksDefinition]]:
    assets: list[Any] = []
    checks: list[AssetChecksDefinition] = []
    for value in values:
        (checks if isinstance(value, AssetChecksDefinition) else assets).append(value)
    return assets, checks


def _selected_keys(layer: AssetLayer, selection: Any) -> list[AssetKey]:
    if selection is None:
        return [k for k in layer.topological_keys if layer.by_key[k].is_executable]
    from ..selection import AssetSelection

    return sorted(AssetSelection.from_coercible(selection).resolve(layer.graph))


def materialize(
    assets: Sequence[Any],
    run_config: Any = None,
    instance: Any = None,
    resources: Mapping[str, Any] | None = None,
    partition_key: str | None = None,
    raise_on_error: bool = True,
    tags: Mapping[str, str] | None = None,
    selection: Any = None,
) -> ExecuteInProcessResult:
    """Materialize ``assets`` (or the ``selection`` among them) in this process.

    Outputs are stored by the ``io_manager`` resource, a ``FilesystemIOManager``
    under the instance's storage directory unless one is given.

    Examples:
        >>> from orchestrator import asset, materialize
        >>> @asset
        ... def greeting():
        ...     return "hello"
        >>> materialize([greeting]).asset_value("greeting")
        'hello'
    """
    from ..storage import FilesystemIOManager

    if instance is None:
        from ..instance import DagsterInstance

        tmp = tempfile.mkdtemp(prefix="orchestrator-")
        instance = DagsterInstance.ephemeral(tempdir=tmp)
        # The storage lives as long as the instance (the result keeps values in memory).
        weakref.finalize(instance, shutil.rmtree, tmp, True)
    defaults = {"io_manager": FilesystemIOManager(base_dir=instance.storage_directory())}
    return _materialize(
        assets,
        run_config,
        instance,
        {**defaults, **(resources or {})},
        partition_key,
        raise_on_error,
        tags,
        selection,
    )


def materialize_to_memory(
    assets: Sequence[Any],
    run_config: Any = None,
    instance: Any = None,
    resources: Mapping[str, Any] | None = None,
    partition_key: str | None = None,
    raise_on_error: bool = True,
    tags: Mapping[str, str] | None = None,
    selection: Any = None,
) -> ExecuteInProcessResult:
    """Like :func:`materialize`, with every output kept in memory.

    Examples:
        >>> from orchestrator import asset, materialize_to_memory
        >>> @asset
        ... def n():
        ...     return 2
        >>> materialize_to_memory([n]).asset_value("n")
        2
    """
    from ..instance import DagsterInstance
    from ..storage import InMemoryIOManager

    merged = {**(resources or {}), "io_manager": InMemoryIOManager()}
    return _materialize(
        assets,
        run_config,
        instance or DagsterInstance.ephemeral(),
        merged,
        partition_key,
        raise_on_error,
        tags,
        selection,
    )


def _materialize(
    assets: Sequence[Any],
    run_config: Any,
    instance: Any,
    resources: Mapping[str, Any],
    partition_key: str | None,
    raise_on_error: bool,
    tags: Mapping[str, str] | None,
    selection: Any,
) -> ExecuteInProcessResult:
    asset_defs, checks = split_assets_and_checks(assets)
    layer = AssetLayer(asset_defs, checks)
    keys = _selected_keys(layer, selection)
    plan = plan_assets(layer, keys)
    if hasattr(run_config, "to_config_dict"):
        run_config = run_config.to_config_dict()
    return execute_plan_in_process(
        plan,
        job_name="__ephemeral_asset_job__",
        resources=resources,
        instance=instance,
        run_config=run_config,
        tags=tags,
        partition_key=partition_key,
        raise_on_error=raise_on_error,
        asset_selection=keys,
    )
