"""``@asset_sensor``: calls a function for each new materialization of one asset."""

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ..asset_key import AssetKey, CoercibleToAssetKey
from ..errors import InvalidDefinitionError, InvalidInvocationError
from .context import SensorEvaluationContext, build_sensor_context
from .invocation import analyze_function, call_user_fn, collect_outputs, user_code_boundary
from .run_request import DefaultSensorStatus, SensorResult, SkipReason
from .sensor import SensorDefinition, SensorType


def _parse_storage_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        return int(cursor)
    except ValueError:
        return None


class AssetSensorDefinition(SensorDefinition):
    """A sensor that reacts to materializations of ``asset_key``.

    Each tick asks ``context.instance.get_asset_event_records(asset_key=...,
    after_storage_id=<cursor>, limit=1, ascending=False)`` (see
    :class:`~orchestrator._core.automation.protocols.AssetEventStore`) for the newest
    materialization after the cursor, as Dagster does (a burst of materializations
    between ticks triggers once); if there is one, calls
    ``asset_materialization_fn(context, event_log_entry)`` and sets the cursor to the
    record's storage id. Without a new record the tick is skipped.

    Examples:
        >>> def on_users(context, event):
        ...     return RunRequest(run_key=str(event))
        >>> s = AssetSensorDefinition("users_sensor", "users", "refresh", on_users)
        >>> s.asset_key
        AssetKey(['users'])
    """

    _sensor_type = SensorType.ASSET

    def __init__(
        self,
        name: str,
        asset_key: CoercibleToAssetKey,
        job_name: str | None,
        asset_materialization_fn: Callable[..., Any],
        minimum_interval_seconds: int | None = None,
        description: str | None = None,
        job: Any | None = None,
        jobs: Sequence[Any] | None = None,
        default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
        required_resource_keys: set[str] | None = None,
        tags: Mapping[str, str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        target: Any | None = None,
    ):
        if not callable(asset_materialization_fn):
            raise InvalidDefinitionError(f"asset sensor '{name}' needs a callable asset_materialization_fn")
        try:
            self._asset_key = AssetKey.from_coercible(asset_key)
        except (TypeError, ValueError) as exc:
            raise InvalidDefinitionError(
                f"Invalid asset_key {asset_key!r} for asset sensor '{name}': {exc}"
            ) from exc
        self._materialization_fn = asset_materialization_fn
        self._user_params = analyze_function(
            asset_materialization_fn, max_leading=2, context_types=(SensorEvaluationContext,)
        )
        super().__init__(
            name=name,
            evaluation_fn=self._evaluate_asset_events,
            job_name=job_name,
            minimum_interval_seconds=minimum_interval_seconds,
            description=description,
            job=job,
            jobs=jobs,
            default_status=default_status,
            required_resource_keys=set(required_resource_keys or ()) | set(self._user_params.resource_params),
            tags=tags,
            metadata=metadata,
            target=target,
        )

    @property
    def asset_key(self) -> AssetKey:
        return self._asset_key

    def _evaluate_asset_events(self, context: SensorEvaluationContext) -> Iterator[Any]:
        after = _parse_storage_cursor(context.cursor)
        records = list(
            context.instance.get_asset_event_records(
                asset_key=self._asset_key, after_storage_id=after, limit=1, ascending=False
            )
        )
        if not records:
            yield SkipReason(
                f"No new materialization events found for asset key {self._asset_key.to_user_string()}"
            )
            return
        record = records[0]
        with user_code_boundary(f"Error occurred during the evaluation of asset sensor '{self.name}'"):
            items = collect_outputs(
                call_user_fn(
                    self._materialization_fn,
                    self._user_params,
                    [context, record.event_log_entry],
                    context.resources,
                    "sensor",
                    self.name,
                )
            )
        for item in items:
            if isinstance(item, SensorResult) and item.cursor is not None:
                raise InvalidInvocationError(
                    f"Error in asset sensor '{self.name}': the cursor is managed by the asset sensor; "
                    "return a SensorResult without a cursor."
                )
        yield from items
        context.update_cursor(str(record.storage_id))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Invoke the function directly: ``my_asset_sensor(context, asset_event)``."""
        params = self._user_params
        resources = {k: v for k, v in kwargs.items() if k in params.resource_params}
        named = {k: v for k, v in kwargs.items() if k not in params.resource_params}
        if len(args) > len(params.leading):
            raise InvalidInvocationError(
                f"Asset sensor '{self.name}' takes at most {len(params.leading)} positional arguments "
                "(context, asset_event); pass resources as keyword arguments."
            )
        values = list(args)
        for param_name in params.leading[len(values) :]:
            if param_name not in named:
                raise InvalidInvocationError(f"Asset sensor invocation expected argument '{param_name}'.")
            values.append(named.pop(param_name))
        if named:
            raise InvalidInvocationError(
                f"Asset sensor '{self.name}' got unexpected arguments {sorted(named)}"
            )
        context = values[0] if values else build_sensor_context()
        if not isinstance(context, SensorEvaluationContext):
            raise InvalidInvocationError(
                f"Asset sensor invocation expected a SensorEvaluationContext, got {context!r}"
            )
        if resources:
            context = context.merge_resources(resources)
            if values:
                values[0] = context
        return call_user_fn(self._materialization_fn, params, values, context.resources, "sensor", self.name)


def asset_sensor(
    asset_key: CoercibleToAssetKey,
    *,
    job_name: str | None = None,
    name: str | None = None,
    minimum_interval_seconds: int | None = None,
    description: str | None = None,
    job: Any | None = None,
    jobs: Sequence[Any] | None = None,
    default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
    required_resource_keys: set[str] | None = None,
    tags: Mapping[str, str] | None = None,
    metadata: Mapping[str, Any] | None = None,
    target: Any | None = None,
) -> Callable[[Callable[..., Any]], AssetSensorDefinition]:
    """Turn a function ``(context, asset_event)`` into an :class:`AssetSensorDefinition`.

    Examples:
        >>> @asset_sensor("raw/users", job_name="refresh_users")
        ... def users_updated(context, asset_event):
        ...     return RunRequest(run_key=context.cursor)
        >>> users_updated.asset_key.to_user_string()
        'raw/users'
    """

    def inner(fn: Callable[..., Any]) -> AssetSensorDefinition:
        definition = AssetSensorDefinition(
            name=name or fn.__name__,
            asset_key=asset_key,
            job_name=job_name,
            asset_materialization_fn=fn,
            minimum_interval_seconds=minimum_interval_seconds,
            description=description,
            job=job,
            jobs=jobs,
            default_status=default_status,
            required_resource_keys=required_resource_keys,
            tags=tags,
            metadata=metadata,
            target=target,
        )
        functools.update_wrapper(definition, fn)  # type: ignore[arg-type]
        return definition

    return inner
