"""Execution contexts handed to user code: ``AssetExecutionContext`` and ``OpExecutionContext``."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..asset_key import AssetKey, CoercibleToAssetKey
from ..errors import InvalidInvocationError
from ..events import (
    AssetMaterialization,
    AssetObservation,
    DagsterEvent,
    DagsterEventType,
    materialization_event,
)
from ..metadata import normalize_metadata
from ..runs import DagsterRun
from .log_manager import DagsterLogManager


class Resources:
    """Attribute access over initialized resources: ``context.resources.database``.

    Examples:
        >>> Resources({"db": 1}).db
        1
    """

    def __init__(self, values: Mapping[str, Any]):
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(
                f"No resource {name!r} is available here; available: {sorted(self._values) or 'none'}"
            ) from None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def keys(self) -> list[str]:
        return list(self._values)

    def original_resource_dict(self) -> dict[str, Any]:
        return dict(self._values)


@dataclass
class PartitionInfo:
    """The partitions a step runs for: one key, a range, or none."""

    partitions_def: Any = None
    keys: Sequence[str] = ()

    @property
    def is_partitioned(self) -> bool:
        return bool(self.keys)


@dataclass
class StepData:
    """What the executor knows about the step a context belongs to."""

    run: DagsterRun
    step_key: str
    emit: Callable[[DagsterEvent], None]
    resources: Resources = field(default_factory=lambda: Resources({}))
    op_config: Any = None
    asset_keys: Sequence[AssetKey] = ()
    output_names: Mapping[AssetKey, str] = field(default_factory=dict)
    partition: PartitionInfo = field(default_factory=PartitionInfo)
    instance: Any = None
    retry_number: int = 0
    output_metadata: dict[str, dict[str, Any]] = field(default_factory=dict)
    close: Callable[[], None] | None = None


class OpExecutionContext:
    """The context of a running op or asset step.

    Examples:
        >>> from orchestrator import build_op_context
        >>> build_op_context(op_config={"n": 1}).op_config
        {'n': 1}
    """

    def __init__(self, data: StepData):
        self._data = data
        self._log = DagsterLogManager(data.run.run_id, data.step_key, data.emit)

    def __enter__(self) -> "OpExecutionContext":
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Tear down resources a ``build_*_context`` call initialized."""
        if self._data.close is not None:
            self._data.close()
            self._data.close = None

    # -- run ------------------------------------------------------------------
    @property
    def log(self) -> DagsterLogManager:
        return self._log

    @property
    def run_id(self) -> str:
        return self._data.run.run_id

    @property
    def run(self) -> DagsterRun:
        return self._data.run

    @property
    def dagster_run(self) -> DagsterRun:
        return self._data.run

    @property
    def run_tags(self) -> Mapping[str, str]:
        return self._data.run.tags

    def get_tag(self, key: str) -> str | None:
        return self._data.run.tags.get(key)

    def has_tag(self, key: str) -> bool:
        return key in self._data.run.tags

    @property
    def job_name(self) -> str:
        return self._data.run.job_name

    @property
    def instance(self) -> Any:
        return self._data.instance

    @property
    def resources(self) -> Resources:
        return self._data.resources

    @property
    def op_config(self) -> Any:
        return self._data.op_config

    @property
    def retry_number(self) -> int:
        return self._data.retry_number

    @property
    def step_key(self) -> str:
        return self._data.step_key

    @property
    def op_execution_context(self) -> "OpExecutionContext":
        return self

    # -- assets ---------------------------------------------------------------
    @property
    def asset_key(self) -> AssetKey:
        keys = self._data.asset_keys
        if len(keys) != 1:
            raise InvalidInvocationError(
                f"Step '{self.step_key}' materializes {len(keys)} assets; use context.selected_asset_keys"
            )
        return keys[0]

    @property
    def selected_asset_keys(self) -> set[AssetKey]:
        return set(self._data.asset_keys)

    @property
    def asset_keys(self) -> Sequence[AssetKey]:
        return list(self._data.asset_keys)

    def asset_key_for_output(self, output_name: str = "result") -> AssetKey:
        for key, name in self._data.output_names.items():
            if name == output_name:
                return key
        raise InvalidInvocationError(f"Step '{self.step_key}' has no asset output named '{output_name}'")

    # -- partitions -----------------------------------------------------------
    @property
    def has_partition_key(self) -> bool:
        return len(self._data.partition.keys) == 1

    @property
    def has_partition_key_range(self) -> bool:
        return self._data.partition.is_partitioned

    @property
    def partition_key(self) -> str:
        keys = self._data.partition.keys
        if len(keys) != 1:
            raise InvalidInvocationError(
                "Cannot read partition_key: this run is not partitioned"
                if not keys
                else f"Cannot read partition_key: this run covers {len(keys)} partitions; "
                "use partition_keys or partition_key_range"
            )
        return keys[0]

    @property
    def partition_keys(self) -> Sequence[str]:
        self._require_partitions("partition_keys")
        return list(self._data.partition.keys)

    @property
    def partition_key_range(self) -> Any:
        from ..partitions import PartitionKeyRange

        keys = self._require_partitions("partition_key_range")
        return PartitionKeyRange(keys[0], keys[-1])

    @property
    def partition_time_window(self) -> Any:
        from ..partitions import TimeWindow

        keys = self._require_partitions("partition_time_window")
        pdef = self._data.partition.partitions_def
        if not hasattr(pdef, "time_window_for_partition_key"):
            raise InvalidInvocationError(
                f"Cannot read partition_time_window: {type(pdef).__name__} is not time-based"
            )
        first = pdef.time_window_for_partition_key(keys[0])
        last = pdef.time_window_for_partition_key(keys[-1]) if len(keys) > 1 else first
        return TimeWindow(first.start, last.end)

    @property
    def partitions_def(self) -> Any:
        return self._data.partition.partitions_def

    def asset_partition_key_for_output(self, output_name: str = "result") -> str:
        return self.partition_key

    def asset_partitions_time_window_for_output(self, output_name: str = "result") -> Any:
        return self.partition_time_window

    def _require_partitions(self, what: str) -> Sequence[str]:
        keys = self._data.partition.keys
        if not keys:
            raise InvalidInvocationError(f"Cannot read {what}: this run is not partitioned")
        return keys

    # -- metadata and events --------------------------------------------------
    def add_output_metadata(
        self,
        metadata: Mapping[str, Any],
        output_name: str | None = None,
        mapping_key: str | None = None,
    ) -> None:
        """Attach metadata to the materialization of an output (the only one by default)."""
        if output_name is None:
            names = set(self._data.output_names.values()) or {"result"}
            if len(names) > 1:
                raise InvalidInvocationError(
                    f"Step '{self.step_key}' has several outputs; pass output_name to add_output_metadata"
                )
            output_name = next(iter(names))
        self._data.output_metadata.setdefault(output_name, {}).update(normalize_metadata(metadata))

    def add_asset_metadata(
        self,
        metadata: Mapping[str, Any],
        asset_key: CoercibleToAssetKey | None = None,
        partition_key: str | None = None,
    ) -> None:
        key = AssetKey.from_coercible(asset_key) if asset_key is not None else self.asset_key
        self.add_output_metadata(metadata, output_name=self._data.output_names.get(key, "result"))

    def log_event(self, event: AssetMaterialization | AssetObservation) -> None:
        """Record a materialization or observation from inside user code."""
        kind = (
            DagsterEventType.ASSET_OBSERVATION
            if isinstance(event, AssetObservation)
            else DagsterEventType.ASSET_MATERIALIZATION
        )
        self._data.emit(materialization_event(self.run_id, self.step_key, event, kind))

    def get_output_metadata(self, output_name: str = "result") -> dict[str, Any]:
        return dict(self._data.output_metadata.get(output_name, {}))


class AssetExecutionContext(OpExecutionContext):
    """The context of a running asset step (``context`` parameter of ``@asset``)."""


AssetCheckExecutionContext = AssetExecutionContext
