"""``build_asset_context`` / ``build_op_context``: contexts for calling definitions directly in tests."""

import uuid
from collections.abc import Mapping
from typing import Any

from ..events import ListEventSink
from ..runs import DagsterRun
from .context import AssetExecutionContext, OpExecutionContext, PartitionInfo, Resources, StepData


def _step_data(
    *,
    resources: Mapping[str, Any] | None,
    op_config: Any,
    partition_key: str | None,
    partition_key_range: Any,
    partitions_def: Any,
    run_tags: Mapping[str, str] | None,
    instance: Any,
    asset_keys: Any = (),
) -> StepData:
    from ..resources import init_resources

    keys: list[str] = []
    if partition_key is not None:
        keys = [partition_key]
    elif partition_key_range is not None:
        if partitions_def is not None:
            keys = list(partitions_def.get_partition_keys_in_range(partition_key_range))
        else:
            keys = [partition_key_range.start, partition_key_range.end]
    sink = ListEventSink()
    manager = init_resources(dict(resources or {}))
    values = manager.__enter__()
    return StepData(
        run=DagsterRun(run_id=str(uuid.uuid4()), job_name="__ephemeral__", tags=dict(run_tags or {})),
        step_key="direct_invocation",
        emit=sink.handle_event,
        resources=Resources(values),
        op_config=op_config,
        asset_keys=list(asset_keys),
        partition=PartitionInfo(partitions_def, keys),
        instance=instance,
        close=lambda: _close(manager),
    )


def _close(manager: Any) -> None:
    manager.__exit__(None, None, None)


def build_op_context(
    resources: Mapping[str, Any] | None = None,
    op_config: Any = None,
    resources_config: Mapping[str, Any] | None = None,
    instance: Any = None,
    config: Any = None,
    partition_key: str | None = None,
    partition_key_range: Any = None,
    run_tags: Mapping[str, str] | None = None,
    partitions_def: Any = None,
) -> OpExecutionContext:
    """A context for calling an op's function directly.

    Use it as a context manager (``with build_op_context(resources=...) as ctx``)
    to tear resources down when done.

    Examples:
        >>> build_op_context(partition_key="2026-01-01").partition_key
        '2026-01-01'
    """
    return OpExecutionContext(
        _step_data(
            resources=resources,
            op_config=op_config if op_config is not None else config,
            partition_key=partition_key,
            partition_key_range=partition_key_range,
            partitions_def=partitions_def,
            run_tags=run_tags,
            instance=instance,
        )
    )


def build_asset_context(
    resources: Mapping[str, Any] | None = None,
    resources_config: Mapping[str, Any] | None = None,
    asset_config: Any = None,
    instance: Any = None,
    partition_key: str | None = None,
    partition_key_range: Any = None,
    run_tags: Mapping[str, str] | None = None,
    partitions_def: Any = None,
    asset_key: Any = None,
) -> AssetExecutionContext:
    """A context for calling an asset's function directly.

    Examples:
        >>> build_asset_context(run_tags={"team": "data"}).run_tags["team"]
        'data'
    """
    from ..asset_key import AssetKey

    return AssetExecutionContext(
        _step_data(
            resources=resources,
            op_config=asset_config,
            partition_key=partition_key,
            partition_key_range=partition_key_range,
            partitions_def=partitions_def,
            run_tags=run_tags,
            instance=instance,
            asset_keys=[AssetKey.from_coercible(asset_key)] if asset_key is not None else (),
        )
    )
