"""Values that schedule and sensor functions return: ``RunRequest``, ``SkipReason``, ``SensorResult``."""

import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

from ..asset_key import AssetKey, CoercibleToAssetKey
from ..errors import InvalidInvocationError

SCHEDULE_NAME_TAG = "dagster/schedule_name"
SENSOR_NAME_TAG = "dagster/sensor_name"
PARTITION_NAME_TAG = "dagster/partition"


class DefaultScheduleStatus(enum.Enum):
    """Whether a schedule starts running when its code location is first loaded.

    Examples:
        >>> DefaultScheduleStatus.RUNNING.value
        'RUNNING'
    """

    RUNNING = "RUNNING"
    STOPPED = "STOPPED"


class DefaultSensorStatus(enum.Enum):
    """Whether a sensor starts running when its code location is first loaded.

    Examples:
        >>> DefaultSensorStatus.STOPPED.value
        'STOPPED'
    """

    RUNNING = "RUNNING"
    STOPPED = "STOPPED"


def normalize_tags(tags: Mapping[str, Any] | None, *, owner: str = "RunRequest") -> dict[str, str]:
    """Copy ``tags`` into a ``dict[str, str]``; non-string values are JSON-encoded.

    Examples:
        >>> normalize_tags({"team": "data", "priority": 3})
        {'team': 'data', 'priority': '3'}
    """
    if tags is None:
        return {}
    if not isinstance(tags, Mapping):
        raise InvalidInvocationError(f"{owner}: tags must be a mapping of str to str, got {tags!r}")
    result: dict[str, str] = {}
    for key, value in tags.items():
        if not isinstance(key, str):
            raise InvalidInvocationError(f"{owner}: tag keys must be strings, got {key!r}")
        result[key] = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return result


def _coerce_run_config(run_config: Any) -> dict[str, Any]:
    if run_config is None:
        return {}
    to_config_dict = getattr(run_config, "to_config_dict", None)
    if callable(to_config_dict):
        run_config = to_config_dict()
    if not isinstance(run_config, Mapping):
        raise InvalidInvocationError(f"RunRequest: run_config must be a mapping, got {run_config!r}")
    return dict(run_config)


@dataclass(frozen=True, init=False)
class RunRequest:
    """A request to launch one run, returned or yielded by a schedule or sensor.

    Args:
        run_key: Idempotence key: a sensor launches at most one run per key.
        run_config: Config for the run (a dict, or an object with ``to_config_dict()``).
        tags: Tags for the run; non-string values are JSON-encoded.
        job_name: The job to run; filled from the schedule or sensor when it has one target.
        asset_selection: Assets to materialize (keys, strings or key paths).
        stale_assets_only: Only materialize the selected assets that are stale.
        partition_key: The partition to run.
        asset_check_keys: Asset checks to run.

    Examples:
        >>> RunRequest(run_key="2024-01-01", asset_selection=["raw/users"]).asset_selection
        [AssetKey(['raw', 'users'])]
        >>> RunRequest(tags={"team": "data"}).tags
        {'team': 'data'}
    """

    run_key: str | None
    run_config: Mapping[str, Any]
    tags: Mapping[str, str]
    job_name: str | None
    asset_selection: Sequence[AssetKey] | None
    stale_assets_only: bool
    partition_key: str | None
    asset_check_keys: Sequence[Any] | None

    def __init__(
        self,
        run_key: str | None = None,
        run_config: Any | None = None,
        tags: Mapping[str, Any] | None = None,
        job_name: str | None = None,
        asset_selection: Sequence[CoercibleToAssetKey] | None = None,
        stale_assets_only: bool = False,
        partition_key: str | None = None,
        asset_check_keys: Sequence[Any] | None = None,
    ):
        if run_key is not None and not isinstance(run_key, str):
            raise InvalidInvocationError(f"RunRequest: run_key must be a string, got {run_key!r}")
        if job_name is not None and not isinstance(job_name, str):
            raise InvalidInvocationError(f"RunRequest: job_name must be a string, got {job_name!r}")
        if partition_key is not None and not isinstance(partition_key, str):
            raise InvalidInvocationError(f"RunRequest: partition_key must be a string, got {partition_key!r}")
        keys: list[AssetKey] | None = None
        if asset_selection is not None:
            if isinstance(asset_selection, (str, AssetKey)):
                raise InvalidInvocationError(
                    "RunRequest: asset_selection must be a sequence of asset keys, "
                    f"got {asset_selection!r}; wrap it in a list"
                )
            try:
                keys = [AssetKey.from_coercible(k) for k in asset_selection]
            except (TypeError, ValueError) as exc:
                raise InvalidInvocationError(f"RunRequest: invalid asset_selection: {exc}") from exc
        object.__setattr__(self, "run_key", run_key)
        object.__setattr__(self, "run_config", _coerce_run_config(run_config))
        object.__setattr__(self, "tags", normalize_tags(tags))
        object.__setattr__(self, "job_name", job_name)
        object.__setattr__(self, "asset_selection", keys)
        object.__setattr__(self, "stale_assets_only", bool(stale_assets_only))
        object.__setattr__(self, "partition_key", partition_key)
        object.__setattr__(
            self, "asset_check_keys", list(asset_check_keys) if asset_check_keys is not None else None
        )

    def with_replaced_attrs(self, **kwargs: Any) -> "RunRequest":
        """A copy with the given fields replaced.

        Examples:
            >>> RunRequest(run_key="a").with_replaced_attrs(job_name="etl").job_name
            'etl'
        """
        values: dict[str, Any] = {
            "run_key": self.run_key,
            "run_config": self.run_config,
            "tags": self.tags,
            "job_name": self.job_name,
            "asset_selection": self.asset_selection,
            "stale_assets_only": self.stale_assets_only,
            "partition_key": self.partition_key,
            "asset_check_keys": self.asset_check_keys,
        }
        unknown = set(kwargs) - set(values)
        if unknown:
            raise InvalidInvocationError(f"RunRequest has no field(s) {sorted(unknown)}")
        values.update(kwargs)
        return RunRequest(**values)


@dataclass(frozen=True)
class SkipReason:
    """Explains why a schedule or sensor tick requested no runs.

    Examples:
        >>> SkipReason("No new files").skip_message
        'No new files'
    """

    skip_message: str | None = None

    def __post_init__(self) -> None:
        if self.skip_message is not None and not isinstance(self.skip_message, str):
            raise InvalidInvocationError(
                f"SkipReason: skip_message must be a string, got {self.skip_message!r}"
            )


@dataclass(frozen=True, init=False)
class SensorResult:
    """Everything one sensor tick produces, returned as a single object.

    Args:
        run_requests: Runs to launch.
        skip_reason: Why no runs were requested (a ``SkipReason`` or a string).
        cursor: The new cursor to store for the next tick.
        dynamic_partitions_requests: Requests to add or delete dynamic partitions.
        asset_events: Asset materializations or observations to record.

    Examples:
        >>> result = SensorResult(run_requests=[RunRequest(run_key="a")], cursor="a")
        >>> (len(result.run_requests), result.cursor)
        (1, 'a')
        >>> SensorResult(skip_reason="nothing new").skip_reason
        SkipReason(skip_message='nothing new')
    """

    run_requests: Sequence[RunRequest] | None
    skip_reason: SkipReason | None
    cursor: str | None
    dynamic_partitions_requests: Sequence[Any] | None
    asset_events: Sequence[Any]

    def __init__(
        self,
        run_requests: Sequence[RunRequest] | None = None,
        skip_reason: Union[str, SkipReason] | None = None,
        cursor: str | None = None,
        dynamic_partitions_requests: Sequence[Any] | None = None,
        asset_events: Sequence[Any] | None = None,
    ):
        if run_requests is not None:
            run_requests = list(run_requests)
            for request in run_requests:
                if not isinstance(request, RunRequest):
                    raise InvalidInvocationError(
                        f"SensorResult: run_requests must contain RunRequest objects, got {request!r}"
                    )
        if isinstance(skip_reason, str):
            skip_reason = SkipReason(skip_reason)
        if skip_reason is not None and not isinstance(skip_reason, SkipReason):
            raise InvalidInvocationError(
                f"SensorResult: skip_reason must be a SkipReason or a string, got {skip_reason!r}"
            )
        if skip_reason is not None and run_requests:
            raise InvalidInvocationError(
                "Expected a single skip reason or one or more run requests: received values for "
                "both run_requests and skip_reason"
            )
        if cursor is not None and not isinstance(cursor, str):
            raise InvalidInvocationError(f"SensorResult: cursor must be a string, got {cursor!r}")
        object.__setattr__(self, "run_requests", run_requests)
        object.__setattr__(self, "skip_reason", skip_reason)
        object.__setattr__(self, "cursor", cursor)
        object.__setattr__(
            self,
            "dynamic_partitions_requests",
            list(dynamic_partitions_requests) if dynamic_partitions_requests is not None else None,
        )
        object.__setattr__(self, "asset_events", list(asset_events or []))
