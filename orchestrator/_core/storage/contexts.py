"""``OutputContext`` and ``InputContext``: what an IO manager knows about the value it stores or loads."""

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from ..asset_key import AssetKey, CoercibleToAssetKey
from ..errors import InvalidInvocationError
from ..resources.context import Resources, as_resources

_LOG = logging.getLogger("orchestrator.io_manager")


def _key(value: CoercibleToAssetKey | None) -> AssetKey | None:
    return None if value is None else AssetKey.from_coercible(value)


def _single_partition(keys: Sequence[str], what: str) -> str:
    if len(keys) != 1:
        detail = "no partition" if not keys else f"{len(keys)} partitions ({', '.join(keys[:5])}...)"
        raise InvalidInvocationError(f"{what} has {detail}; use asset_partition_keys instead")
    return keys[0]


class _AssetPartitions:
    """What output and input contexts share: the asset and the partitions involved."""

    _asset_key: AssetKey | None
    _partition_key: str | None
    _asset_partitions_def: Any
    _asset_partition_keys: Sequence[str]

    def _partition_subject(self) -> str:
        raise NotImplementedError

    @property
    def asset_key(self) -> AssetKey | None:
        """The asset stored or loaded, or ``None`` for a plain op output."""
        return self._asset_key

    @property
    def has_asset_key(self) -> bool:
        return self._asset_key is not None

    @property
    def partition_key(self) -> str | None:
        """The run's partition key, or ``None`` when the run is not partitioned."""
        return self._partition_key

    @property
    def has_partition_key(self) -> bool:
        return self._partition_key is not None

    @property
    def asset_partitions_def(self) -> Any:
        return self._asset_partitions_def

    @property
    def asset_partition_keys(self) -> list[str]:
        """The asset's partitions stored (several for a range run) or to load."""
        return list(self._asset_partition_keys)

    @property
    def has_asset_partitions(self) -> bool:
        return bool(self._asset_partition_keys) or self._asset_partitions_def is not None

    @property
    def asset_partition_key(self) -> str:
        """The single partition involved; raises when there are none or several."""
        return _single_partition(self._asset_partition_keys, self._partition_subject())


class OutputContext(_AssetPartitions):
    """Describes a step output being stored by an IO manager.

    Every argument is keyword-only and optional, so tests can build one directly (or use
    ``build_output_context``).

    Examples:
        >>> context = OutputContext(asset_key=AssetKey(["sales", "orders"]), partition_key="2024-01-01")
        >>> context.get_asset_identifier()
        ['sales', 'orders', '2024-01-01']
        >>> context.add_output_metadata({"rows": 3})
        >>> context.get_logged_metadata()
        {'rows': 3}
    """

    def __init__(
        self,
        *,
        step_key: str | None = None,
        name: str | None = None,
        job_name: str | None = None,
        run_id: str | None = None,
        definition_metadata: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
        mapping_key: str | None = None,
        config: Any = None,
        dagster_type: Any = None,
        log: Any = None,
        version: str | None = None,
        resource_config: Any = None,
        resources: Any = None,
        asset_key: CoercibleToAssetKey | None = None,
        partition_key: str | None = None,
        asset_partition_keys: Sequence[str] | None = None,
        asset_partitions_def: Any = None,
        op_def: Any = None,
        instance: Any = None,
        step_context: Any = None,
    ):
        self._step_key = step_key
        self._name = name or "result"
        self._job_name = job_name
        self._run_id = run_id
        self._definition_metadata = dict(definition_metadata or metadata or {})
        self._mapping_key = mapping_key
        self._config = config
        self._dagster_type = dagster_type
        self._log = log if log is not None else _LOG
        self._version = version
        self._resource_config = resource_config
        self._resources = as_resources(resources)
        self._asset_key = _key(asset_key)
        self._partition_key = partition_key
        if asset_partition_keys is None:
            asset_partition_keys = [partition_key] if partition_key is not None else []
        self._asset_partition_keys = list(asset_partition_keys)
        self._asset_partitions_def = asset_partitions_def
        self._op_def = op_def
        self._instance = instance
        self._step_context = step_context
        self._user_metadata: dict[str, Any] = {}
        self._events: list[Any] = []

    @property
    def step_key(self) -> str | None:
        return self._step_key

    @property
    def name(self) -> str:
        """The output name (``"result"`` for single-output assets and ops)."""
        return self._name

    @property
    def job_name(self) -> str | None:
        return self._job_name

    @property
    def run_id(self) -> str | None:
        return self._run_id

    @property
    def definition_metadata(self) -> dict[str, Any]:
        """Metadata declared on the asset or output definition."""
        return self._definition_metadata

    @property
    def metadata(self) -> dict[str, Any]:
        """Alias of ``definition_metadata``."""
        return self._definition_metadata

    @property
    def mapping_key(self) -> str | None:
        return self._mapping_key

    @property
    def config(self) -> Any:
        return self._config

    @property
    def dagster_type(self) -> Any:
        return self._dagster_type

    @property
    def log(self) -> Any:
        return self._log

    @property
    def version(self) -> str | None:
        return self._version

    @property
    def resource_config(self) -> Any:
        return self._resource_config

    @property
    def resources(self) -> Resources:
        return self._resources

    @property
    def op_def(self) -> Any:
        return self._op_def

    @property
    def instance(self) -> Any:
        return self._instance

    @property
    def step_context(self) -> Any:
        return self._step_context

    def _partition_subject(self) -> str:
        return f"Output of {self._describe()}"

    def _describe(self) -> str:
        if self._asset_key is not None:
            return f"asset '{self._asset_key.to_user_string()}'"
        return f"step '{self._step_key}' output '{self._name}'"

    def add_output_metadata(self, metadata: Mapping[str, Any]) -> None:
        """Record metadata about the stored value (shown on the materialization).

        Examples:
            >>> context = build_output_context(asset_key="users")
            >>> context.add_output_metadata({"row_count": 10})
            >>> context.get_logged_metadata()["row_count"]
            10
        """
        self._user_metadata.update(dict(metadata))

    def get_logged_metadata(self) -> dict[str, Any]:
        """Metadata recorded with ``add_output_metadata``."""
        return dict(self._user_metadata)

    def log_event(self, event: Any) -> None:
        """Record an event (e.g. an observation) to report with the output."""
        self._events.append(event)

    def get_logged_events(self) -> list[Any]:
        return list(self._events)

    def get_identifier(self) -> list[str]:
        """Identity of the step output: ``[run_id, step_key, name]`` (plus the mapping key)."""
        if self._version is not None:
            return [str(self._step_key), self._name, self._version]
        parts = [str(self._run_id), str(self._step_key), self._name]
        if self._mapping_key:
            parts.append(self._mapping_key)
        return parts

    def get_asset_identifier(self) -> list[str]:
        """Asset key parts, plus the partition key when the asset is partitioned."""
        if self._asset_key is None:
            raise InvalidInvocationError(f"Output of {self._describe()} has no asset key")
        if self.has_asset_partitions:
            return [*self._asset_key.path, self.asset_partition_key]
        return list(self._asset_key.path)


class InputContext(_AssetPartitions):
    """Describes an input being loaded by an IO manager, with the upstream output it comes from.

    Examples:
        >>> context = InputContext(asset_key=AssetKey("orders"), asset_partition_keys=["a", "b"])
        >>> context.asset_partition_keys, context.has_asset_partitions
        (['a', 'b'], True)
        >>> context.upstream_output.asset_key
        AssetKey(['orders'])
    """

    def __init__(
        self,
        *,
        name: str | None = None,
        job_name: str | None = None,
        op_def: Any = None,
        config: Any = None,
        definition_metadata: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
        upstream_output: OutputContext | None = None,
        dagster_type: Any = None,
        log: Any = None,
        resource_config: Any = None,
        resources: Any = None,
        asset_key: CoercibleToAssetKey | None = None,
        partition_key: str | None = None,
        asset_partition_keys: Sequence[str] | None = None,
        asset_partitions_def: Any = None,
        instance: Any = None,
        step_context: Any = None,
    ):
        self._name = name
        self._job_name = job_name
        self._op_def = op_def
        self._config = config
        self._definition_metadata = dict(definition_metadata or metadata or {})
        self._dagster_type = dagster_type
        self._log = log if log is not None else _LOG
        self._resource_config = resource_config
        self._resources = as_resources(resources)
        key = _key(asset_key)
        if key is None and upstream_output is not None:
            key = upstream_output.asset_key
        self._asset_key = key
        self._partition_key = partition_key
        self._asset_partition_keys = list(asset_partition_keys or [])
        self._asset_partitions_def = asset_partitions_def
        if upstream_output is None and key is not None:
            upstream_output = OutputContext(
                asset_key=key,
                asset_partitions_def=asset_partitions_def,
                resources=self._resources,
                log=self._log,
                asset_partition_keys=self._asset_partition_keys,
            )
        self._upstream_output = upstream_output
        self._instance = instance
        self._step_context = step_context

    @property
    def name(self) -> str | None:
        """The input's name."""
        return self._name

    @property
    def job_name(self) -> str | None:
        return self._job_name

    @property
    def op_def(self) -> Any:
        return self._op_def

    @property
    def config(self) -> Any:
        return self._config

    @property
    def definition_metadata(self) -> dict[str, Any]:
        """Metadata declared on the input (``AssetIn(metadata=...)``)."""
        return self._definition_metadata

    @property
    def metadata(self) -> dict[str, Any]:
        """Alias of ``definition_metadata``."""
        return self._definition_metadata

    @property
    def upstream_output(self) -> OutputContext | None:
        """The output this input reads, described as when it was stored."""
        return self._upstream_output

    @property
    def dagster_type(self) -> Any:
        return self._dagster_type

    @property
    def log(self) -> Any:
        return self._log

    @property
    def resource_config(self) -> Any:
        return self._resource_config

    @property
    def resources(self) -> Resources:
        return self._resources

    @property
    def instance(self) -> Any:
        return self._instance

    @property
    def step_context(self) -> Any:
        return self._step_context

    def _partition_subject(self) -> str:
        what = f"Input '{self._name}'" if self._name else "Input"
        if self._asset_key is not None:
            what += f" from asset '{self._asset_key.to_user_string()}'"
        return what

    def get_identifier(self) -> list[str]:
        """The upstream output's identifier (``[run_id, step_key, name]``)."""
        if self._upstream_output is None:
            raise InvalidInvocationError("Input has no upstream output to identify")
        return self._upstream_output.get_identifier()

    def get_asset_identifier(self) -> list[str]:
        """Upstream asset key parts, plus the partition key when a single partition is loaded."""
        if self._asset_key is None:
            raise InvalidInvocationError("Input does not come from an asset")
        if self.has_asset_partitions:
            return [*self._asset_key.path, self.asset_partition_key]
        return list(self._asset_key.path)


def build_output_context(
    step_key: str | None = None,
    name: str | None = None,
    definition_metadata: Mapping[str, Any] | None = None,
    run_id: str | None = None,
    mapping_key: str | None = None,
    config: Any = None,
    dagster_type: Any = None,
    version: str | None = None,
    resource_config: Any = None,
    resources: Mapping[str, Any] | None = None,
    op_def: Any = None,
    asset_key: CoercibleToAssetKey | None = None,
    partition_key: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    asset_partition_keys: Sequence[str] | None = None,
    asset_partitions_def: Any = None,
) -> OutputContext:
    """Build an ``OutputContext`` to test an IO manager.

    Examples:
        >>> build_output_context(asset_key=["a", "b"]).get_asset_identifier()
        ['a', 'b']
    """
    return OutputContext(
        step_key=step_key,
        name=name,
        definition_metadata=definition_metadata,
        metadata=metadata,
        run_id=run_id,
        mapping_key=mapping_key,
        config=config,
        dagster_type=dagster_type,
        version=version,
        resource_config=resource_config,
        resources=resources,
        op_def=op_def,
        asset_key=asset_key,
        partition_key=partition_key,
        asset_partition_keys=asset_partition_keys,
        asset_partitions_def=asset_partitions_def,
    )


def build_input_context(
    name: str | None = None,
    config: Any = None,
    definition_metadata: Mapping[str, Any] | None = None,
    upstream_output: OutputContext | None = None,
    dagster_type: Any = None,
    resource_config: Any = None,
    resources: Mapping[str, Any] | None = None,
    op_def: Any = None,
    step_context: Any = None,
    asset_key: CoercibleToAssetKey | None = None,
    partition_key: str | None = None,
    asset_partitions_def: Any = None,
    instance: Any = None,
    metadata: Mapping[str, Any] | None = None,
    asset_partition_keys: Sequence[str] | None = None,
) -> InputContext:
    """Build an ``InputContext`` to test an IO manager.

    ``partition_key`` alone means "load that partition of the upstream asset".

    Examples:
        >>> build_input_context(asset_key="orders", partition_key="2024-01-01").asset_partition_key
        '2024-01-01'
    """
    if asset_partition_keys is None and partition_key is not None:
        asset_partition_keys = [partition_key]
    return InputContext(
        name=name,
        config=config,
        definition_metadata=definition_metadata,
        metadata=metadata,
        upstream_output=upstream_output,
        dagster_type=dagster_type,
        resource_config=resource_config,
        resources=resources,
        op_def=op_def,
        step_context=step_context,
        asset_key=asset_key,
        partition_key=partition_key,
        asset_partition_keys=asset_partition_keys,
        asset_partitions_def=asset_partitions_def,
        instance=instance,
    )
