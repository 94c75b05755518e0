"""User-facing event objects (Output, MaterializeResult, ...) and the typed run event stream."""

import enum
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .asset_key import AssetKey, CoercibleToAssetKey
from .metadata import MetadataValue, metadata_from_json, metadata_to_json, normalize_metadata


class Output:
    """A value returned by an asset or op, with optional metadata.

    Examples:
        >>> Output([1, 2], metadata={"count": 2}).value
        [1, 2]
    """

    def __init__(
        self,
        value: Any = None,
        output_name: str = "result",
        metadata: Mapping[str, Any] | None = None,
        data_version: Any = None,
        tags: Mapping[str, str] | None = None,
    ):
        self.value = value
        self.output_name = output_name
        self.metadata = normalize_metadata(metadata)
        self.data_version = data_version
        self.tags = dict(tags or {})


class AssetMaterialization:
    """Records that an asset was materialized (yielded by ops, or emitted by the executor).

    Examples:
        >>> AssetMaterialization("users", metadata={"rows": 3}).asset_key
        AssetKey(['users'])
    """

    def __init__(
        self,
        asset_key: CoercibleToAssetKey,
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        partition: str | None = None,
        tags: Mapping[str, str] | None = None,
    ):
        self.asset_key = AssetKey.from_coercible(asset_key)
        self.description = description
        self.metadata = normalize_metadata(metadata)
        self.partition = partition
        self.tags = dict(tags or {})

    def __repr__(self) -> str:
        return f"AssetMaterialization({self.asset_key!r}, partition={self.partition!r})"


class AssetObservation(AssetMaterialization):
    """Records something observed about an asset without materializing it."""


class AssetCheckSeverity(str, enum.Enum):
    """How serious a failed check is; ERROR on a blocking check stops downstream steps."""

    WARN = "WARN"
    ERROR = "ERROR"


@dataclass
class AssetCheckResult:
    """The outcome of an asset check.

    Examples:
        >>> AssetCheckResult(passed=False, metadata={"nulls": 3}).severity
        <AssetCheckSeverity.ERROR: 'ERROR'>
    """

    passed: bool
    asset_key: Any = None
    check_name: str | None = None
    metadata: Mapping[str, Any] | None = None
    severity: AssetCheckSeverity = AssetCheckSeverity.ERROR
    description: str | None = None

    def __post_init__(self) -> None:
        if self.asset_key is not None:
            self.asset_key = AssetKey.from_coercible(self.asset_key)
        self.metadata = normalize_metadata(self.metadata)


class MaterializeResult:
    """Returned by an asset that stores its data itself: metadata and check results, no value.

    Examples:
        >>> MaterializeResult(metadata={"rows": 10}).metadata["rows"].value
        10
    """

    def __init__(
        self,
        *,
        asset_key: CoercibleToAssetKey | None = None,
        metadata: Mapping[str, Any] | None = None,
        check_results: Sequence[AssetCheckResult] | None = None,
        data_version: Any = None,
        tags: Mapping[str, str] | None = None,
        value: Any = None,
    ):
        self.asset_key = AssetKey.from_coercible(asset_key) if asset_key is not None else None
        self.metadata = normalize_metadata(metadata)
        self.check_results = list(check_results or [])
        self.data_version = data_version
        self.tags = dict(tags or {})
        self.value = value


class DagsterEventType(str, enum.Enum):
    """Every kind of event a run emits."""

    RUN_ENQUEUED = "RUN_ENQUEUED"
    RUN_STARTING = "RUN_STARTING"
    RUN_START = "RUN_START"
    RUN_SUCCESS = "RUN_SUCCESS"
    RUN_FAILURE = "RUN_FAILURE"
    RUN_CANCELING = "RUN_CANCELING"
    RUN_CANCELED = "RUN_CANCELED"
    STEP_START = "STEP_START"
    STEP_SUCCESS = "STEP_SUCCESS"
    STEP_FAILURE = "STEP_FAILURE"
    STEP_SKIPPED = "STEP_SKIPPED"
    STEP_UP_FOR_RETRY = "STEP_UP_FOR_RETRY"
    STEP_OUTPUT = "STEP_OUTPUT"
    ASSET_MATERIALIZATION = "ASSET_MATERIALIZATION"
    ASSET_OBSERVATION = "ASSET_OBSERVATION"
    ASSET_CHECK_EVALUATION = "ASSET_CHECK_EVALUATION"
    LOG_MESSAGE = "LOG_MESSAGE"
    STDOUT = "STDOUT"
    STDERR = "STDERR"


_FAILURE_TYPES = frozenset({DagsterEventType.STEP_FAILURE, DagsterEventType.RUN_FAILURE})


@dataclass(slots=True)
class DagsterEvent:
    """One typed entry of a run's event stream; ``payload`` is plain JSON data.

    Payload by type: materialization ``{"metadata", "description", "tags"}``;
    failures ``{"error": {"message", "cls", "traceback"}}``; retry ``{"attempt",
    "max_retries", "delay"}``; check evaluation ``{"check_name", "passed",
    "severity", "metadata", "blocking"}``; stdout/stderr ``{"text"}``.

    Examples:
        >>> e = DagsterEvent(DagsterEventType.RUN_START, run_id="r1")
        >>> DagsterEvent.from_dict(e.to_dict()).event_type
        <DagsterEventType.RUN_START: 'RUN_START'>
    """

    event_type: DagsterEventType
    run_id: str = ""
    message: str = ""
    level: int = logging.DEBUG
    step_key: str | None = None
    asset_key: AssetKey | None = None
    partition: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    timestamp: float = field(default_factory=time.time)

    def __post_init__(self) -> None:
        # Every event passes here: values read from the environment for config and resources
        # (passwords, tokens) never reach the event log, whatever the user's message printed.
        from .resources.secrets import redact_secrets, secrets_remembered

        if not secrets_remembered():
            return
        self.message = redact_secrets(self.message)
        error = self.payload.get("error")
        if isinstance(error, dict):
            self.payload["error"] = {
                k: redact_secrets(v) if isinstance(v, str) else v for k, v in error.items()
            }
        if isinstance(self.payload.get("text"), str):
            self.payload["text"] = redact_secrets(self.payload["text"])

    @property
    def event_type_value(self) -> str:
        return self.event_type.value

    @property
    def is_failure(self) -> bool:
        return self.event_type in _FAILURE_TYPES

    @property
    def is_step_failure(self) -> bool:
        return self.event_type == DagsterEventType.STEP_FAILURE

    @property
    def is_step_success(self) -> bool:
        return self.event_type == DagsterEventType.STEP_SUCCESS

    @property
    def is_asset_materialization(self) -> bool:
        return self.event_type == DagsterEventType.ASSET_MATERIALIZATION

    @property
    def node_name(self) -> str | None:
        return self.step_key

    @property
    def materialization(self) -> AssetMaterialization | None:
        """The materialization this event records, rebuilt from the payload."""
        if self.event_type != DagsterEventType.ASSET_MATERIALIZATION or self.asset_key is None:
            return None
        mat = AssetMaterialization(
            self.asset_key,
            description=self.payload.get("description"),
            partition=self.partition,
            tags=self.payload.get("tags"),
        )
        mat.metadata = self.metadata
        return mat

    @property
    def metadata(self) -> dict[str, MetadataValue]:
        return metadata_from_json(self.payload.get("metadata") or {})

    @property
    def error_traceback(self) -> str | None:
        error = self.payload.get("error")
        return error.get("traceback") if error else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type.value,
            "run_id": self.run_id,
            "message": self.message,
            "level": self.level,
            "step_key": self.step_key,
            "asset_key": self.asset_key.to_user_string() if self.asset_key else None,
            "partition": self.partition,
            "payload": self.payload,
            "timestamp": self.timestamp,
        }

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> "DagsterEvent":
        key = data.get("asset_key")
        return DagsterEvent(
            event_type=DagsterEventType(data["event_type"]),
            run_id=data.get("run_id", ""),
            message=data.get("message", ""),
            level=int(data.get("level", logging.DEBUG)),
            step_key=data.get("step_key"),
            asset_key=AssetKey.from_user_string(key) if key else None,
            partition=data.get("partition"),
            payload=dict(data.get("payload") or {}),
            timestamp=float(data.get("timestamp", 0.0)),
        )


def materialization_event(
    run_id: str, step_key: str | None, mat: AssetMaterialization, event_type: DagsterEventType
) -> DagsterEvent:
    """The run event recording ``mat``."""
    verb = "Materialized" if event_type == DagsterEventType.ASSET_MATERIALIZATION else "Observed"
    part = f" partition {mat.partition}" if mat.partition else ""
    return DagsterEvent(
        event_type,
        run_id=run_id,
        message=f"{verb} {mat.asset_key.to_user_string()}{part}",
        level=logging.INFO,
        step_key=step_key,
        asset_key=mat.asset_key,
        partition=mat.partition,
        payload={
            "metadata": metadata_to_json(mat.metadata),
            "description": mat.description,
            "tags": mat.tags,
        },
    )


class EventSink(Protocol):
    """Where a run's events go: a list in tests, an instance's storage, a database."""

    def handle_event(self, event: DagsterEvent) -> None: ...


class ListEventSink:
    """Keeps events in memory."""

    def __init__(self) -> None:
        self.events: list[DagsterEvent] = []

    def handle_event(self, event: DagsterEvent) -> None:
        self.events.append(event)
