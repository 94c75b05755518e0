"""``SensorDefinition`` and ``@sensor``: polled functions that request runs, one tick at a time."""

import copy
import enum
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Union

from ..asset_key import AssetKey
from ..errors import InvalidDefinitionError, InvalidInvocationError, OrchestratorError
from .context import SensorEvaluationContext, build_sensor_context
from .invocation import (
    AutomationTarget,
    MissingJobError,
    UserCodeError,
    analyze_function,
    call_user_fn,
    check_valid_name,
    collect_outputs,
    resolve_invocation_context,
    user_code_boundary,
)
from .results import DagsterRunReaction, SensorExecutionData, SerializableErrorInfo
from .run_request import (
    SENSOR_NAME_TAG,
    DefaultSensorStatus,
    RunRequest,
    SensorResult,
    SkipReason,
    normalize_tags,
)

DEFAULT_SENSOR_DAEMON_INTERVAL = 30
_CONTEXT_TYPES = (SensorEvaluationContext,)


class SensorType(enum.Enum):
    """The kind of sensor, so a daemon or UI can tell them apart.

    Examples:
        >>> SensorDefinition("s", evaluation_fn=lambda context: None).sensor_type
        <SensorType.STANDARD: 'STANDARD'>
    """

    STANDARD = "STANDARD"
    RUN_STATUS = "RUN_STATUS"
    ASSET = "ASSET"
    MULTI_ASSET = "MULTI_ASSET"
    UNKNOWN = "UNKNOWN"


def _check_interval(value: int | None, owner: str) -> int:
    if value is None:
        return DEFAULT_SENSOR_DAEMON_INTERVAL
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidDefinitionError(
            f"minimum_interval_seconds of {owner} must be a positive integer, got {value!r}"
        )
    return value


def _static_selection_keys(selection: Any, context: SensorEvaluationContext) -> list[AssetKey] | None:
    """Asset keys of a sensor's asset selection when they can be known without the asset graph."""
    if isinstance(selection, AssetKey):
        return [selection]
    if isinstance(selection, str):
        return [AssetKey.from_user_string(selection)]
    if isinstance(selection, (list, tuple, set, frozenset)):
        keys: list[AssetKey] = []
        for item in selection:
            item_keys = getattr(item, "keys", None)
            if item_keys is not None and not callable(item_keys):
                keys.extend(AssetKey.from_coercible(k) for k in item_keys)
                continue
            try:
                keys.append(AssetKey.from_coercible(item))
            except (TypeError, ValueError):
                return None
        return keys
    asset_graph = getattr(context.repository_def, "asset_graph", None)
    resolve = getattr(selection, "resolve", None)
    if asset_graph is not None and callable(resolve):
        return sorted(AssetKey.from_coercible(k) for k in resolve(asset_graph))
    return None


class SensorDefinition:
    """A function polled every ``minimum_interval_seconds`` that may request runs.

    Args:
        name: Defaults to the evaluation function's name.
        evaluation_fn: Takes ``(context)`` or nothing, plus resources by parameter name, and
            returns or yields ``RunRequest``s, a ``SkipReason``, a ``SensorResult`` or None.
        job_name: Name of the job run requests target.
        minimum_interval_seconds: Seconds between ticks (default 30); a positive integer.
        description: Human-readable description.
        job: The job run requests target (any object with a ``name``).
        jobs: Several target jobs; each run request must then name its ``job_name``.
        default_status: Whether the sensor starts running.
        asset_selection: Assets to materialize instead of a job.
        required_resource_keys: Resource keys the sensor needs.
        tags: Tags of the sensor.
        metadata: Arbitrary metadata about the sensor.
        target: A job, or an asset selection run as an anonymous asset job.

    Examples:
        >>> def new_files(context):
        ...     return [RunRequest(run_key=f) for f in ("a.csv", "b.csv")]
        >>> s = SensorDefinition("new_files", evaluation_fn=new_files, job_name="ingest")
        >>> [(r.run_key, r.job_name) for r in s.evaluate_tick(build_sensor_context()).run_requests]
        [('a.csv', 'ingest'), ('b.csv', 'ingest')]
    """

    _sensor_type = SensorType.STANDARD

    def __init__(
        self,
        name: str | None = None,
        *,
        evaluation_fn: Callable[..., Any] | None = None,
        job_name: str | None = None,
        minimum_interval_seconds: int | None = None,
        description: str | None = None,
        job: Any | None = None,
        jobs: Sequence[Any] | None = None,
        default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
        asset_selection: Any | None = None,
        required_resource_keys: set[str] | None = None,
        tags: Mapping[str, str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        target: Any | None = None,
    ):
        if evaluation_fn is None or not callable(evaluation_fn):
            raise InvalidDefinitionError(
                f"Must provide a callable evaluation_fn to SensorDefinition{f' {name!r}' if name else ''}."
            )
        self._name = check_valid_name(name, "sensor") if name else evaluation_fn.__name__
        owner = f"sensor '{self._name}'"
        given = {
            "target": target,
            "job": job,
            "job_name": job_name,
            "jobs": jobs,
            "asset_selection": asset_selection,
        }
        provided = [key for key, value in given.items() if value is not None]
        if len(provided) > 1:
            raise InvalidDefinitionError(
                f"Attempted to provide more than one of 'job', 'jobs', 'job_name', 'asset_selection' and "
                f"'target' to {owner} (got {' and '.join(provided)}). Must provide only one."
            )
        targets: list[AutomationTarget] = []
        if target is not None:
            targets = [AutomationTarget.from_coercible(target, self._name, owner)]
        elif job is not None:
            targets = [AutomationTarget.from_job(job, owner)]
        elif job_name is not None:
            targets = [AutomationTarget(job_name=job_name)]
        elif jobs is not None:
            if isinstance(jobs, (str, bytes)) or not isinstance(jobs, Sequence):
                raise InvalidDefinitionError(f"jobs of {owner} must be a list of jobs, got {jobs!r}")
            targets = [AutomationTarget.from_job(j, owner) for j in jobs]
        self._targets = targets
        self._asset_selection = asset_selection
        self._raw_fn = evaluation_fn
        self._params = analyze_function(evaluation_fn, max_leading=1, context_types=_CONTEXT_TYPES)
        self._min_interval = _check_interval(minimum_interval_seconds, owner)
        if not isinstance(default_status, DefaultSensorStatus):
            raise InvalidDefinitionError(f"Invalid default_status {default_status!r} for {owner}")
        self._default_status = default_status
        self._description = description
        self._tags = normalize_tags(tags, owner=owner)
        self._metadata = dict(metadata or {})
        self._required_resource_keys = set(required_resource_keys or ()) | set(self._params.resource_params)

    # ----------------------------------------------------------------- properties

    @property
    def name(self) -> str:
        return self._name

    @property
    def description(self) -> str | None:
        return self._description

    @property
    def minimum_interval_seconds(self) -> int:
        return self._min_interval

    @property
    def default_status(self) -> DefaultSensorStatus:
        return self._default_status

    @property
    def tags(self) -> Mapping[str, str]:
        return dict(self._tags)

    @property
    def metadata(self) -> Mapping[str, Any]:
        return dict(self._metadata)

    @property
    def required_resource_keys(self) -> set[str]:
        return set(self._required_resource_keys)

    @property
    def sensor_type(self) -> SensorType:
        return self._sensor_type

    @property
    def asset_selection(self) -> Any:
        """The ``asset_selection`` given to the sensor, if any."""
        return self._asset_selection

    @property
    def targets(self) -> Sequence[AutomationTarget]:
        return list(self._targets)

    @property
    def job_names(self) -> list[str]:
        """Names of the targeted jobs (empty when the sensor has no job target)."""
        return [t.job_name for t in self._targets]

    @property
    def has_jobs(self) -> bool:
        return bool(self._targets)

    @property
    def has_anonymous_job(self) -> bool:
        return len(self._targets) == 1 and self._targets[0].asset_selection is not None

    @property
    def job_name(self) -> str | None:
        """The single targeted job name; raises when there is no target or several."""
        if not self._targets:
            raise MissingJobError(f"No job was provided to sensor '{self._name}'.")
        if len(self._targets) > 1:
            raise MissingJobError(
                f"job_name property not available when sensor '{self._name}' has multiple jobs."
            )
        return self._targets[0].job_name

    @property
    def job(self) -> Any:
        """The single targeted job object; raises when there is none or several."""
        if len(self._targets) == 1 and self._targets[0].job is not None:
            return self._targets[0].job
        if len(self._targets) > 1:
            raise MissingJobError(f"Job property not available when sensor '{self._name}' has multiple jobs.")
        raise MissingJobError(f"No job was provided to sensor '{self._name}'.")

    @property
    def jobs(self) -> list[Any]:
        """The targeted job objects; raises when none was given as an object."""
        found = [t.job for t in self._targets if t.job is not None]
        if not found:
            raise MissingJobError(f"No job was provided to sensor '{self._name}'.")
        return found

    def with_updated_jobs(self, new_jobs: Sequence[Any]) -> "SensorDefinition":
        """A copy of this sensor targeting ``new_jobs`` (e.g. once job names are resolved)."""
        updated = copy.copy(self)
        updated._targets = [AutomationTarget.from_job(j, f"sensor '{self._name}'") for j in new_jobs]
        return updated

    def with_updated_job(self, new_job: Any) -> "SensorDefinition":
        """A copy of this sensor targeting ``new_job``."""
        return self.with_updated_jobs([new_job])

    # ----------------------------------------------------------------- invocation

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Invoke the function directly, as in a unit test: ``my_sensor(context)``."""
        context, overrides = resolve_invocation_context(
            self._params, args, kwargs, SensorEvaluationContext, build_sensor_context, "sensor"
        )
        if overrides:
            context = context.merge_resources(overrides)
        return call_user_fn(self._raw_fn, self._params, [context], context.resources, "sensor", self._name)

    def _evaluate_items(self, context: SensorEvaluationContext) -> list[Any]:
        """Run user code for one tick and flatten its output; errors surface as UserCodeError."""
        with user_code_boundary(f"Error occurred during the evaluation of sensor '{self._name}'"):
            raw = call_user_fn(self._raw_fn, self._params, [context], context.resources, "sensor", self._name)
            return collect_outputs(raw)

    def evaluate_tick(self, context: SensorEvaluationContext) -> SensorExecutionData:
        """Evaluate one tick: run the function and return what it requested, never raising.

        Run requests get the sensor's job name when it targets one job and the
        ``dagster/sensor_name`` tag. The returned cursor is the one set with
        ``context.update_cursor`` or ``SensorResult.cursor`` (else unchanged). Exceptions
        from user code and invalid outputs are returned in ``error``.

        Examples:
            >>> @sensor(job_name="ingest")
            ... def files(context):
            ...     context.update_cursor("2")
            ...     yield RunRequest(run_key="file_2")
            >>> data = files.evaluate_tick(build_sensor_context(cursor="1"))
            >>> ([r.run_key for r in data.run_requests], data.cursor)
            (['file_2'], '2')
        """
        if not isinstance(context, SensorEvaluationContext):
            raise InvalidInvocationError(
                f"evaluate_tick of sensor '{self._name}' expects a SensorEvaluationContext, got {context!r}"
            )
        if context._sensor_name is None:
            context._sensor_name = self._name
        start_cursor = context.cursor
        mark = context._log_mark()

        def failed(error: SerializableErrorInfo) -> SensorExecutionData:
            return SensorExecutionData(
                cursor=start_cursor, log_records=context._records_since(mark), error=error
            )

        try:
            items = self._evaluate_items(context)
        except UserCodeError as exc:
            return failed(SerializableErrorInfo.from_exception(exc.original, exc.message))
        except Exception as exc:
            return failed(
                SerializableErrorInfo.from_exception(
                    exc, f"Error occurred during the evaluation of sensor '{self._name}'"
                )
            )
        try:
            data = self._normalize(items, context)
        except OrchestratorError as exc:
            return failed(SerializableErrorInfo(message=str(exc), stack=[], cls_name=type(exc).__name__))
        return SensorExecutionData(
            run_requests=data["run_requests"],
            skip_message=data["skip_message"],
            cursor=data["cursor"],
            dynamic_partitions_requests=data["dynamic_partitions_requests"],
            asset_events=data["asset_events"],
            dagster_run_reactions=data["reactions"],
            log_records=context._records_since(mark),
            error=next((r.error for r in data["reactions"] if r.error is not None), None),
        )

    def _normalize(self, items: list[Any], context: SensorEvaluationContext) -> dict[str, Any]:
        prefix = f"Error in sensor '{self._name}'"
        for item in items:
            if not isinstance(item, (RunRequest, SkipReason, SensorResult, DagsterRunReaction)):
                raise InvalidInvocationError(
                    f"{prefix}: Sensor unexpectedly returned output {item!r} of type {type(item).__name__}. "
                    "Should only return SkipReason, RunRequest or SensorResult objects."
                )
        reactions = [i for i in items if isinstance(i, DagsterRunReaction)]
        outputs = [i for i in items if not isinstance(i, DagsterRunReaction)]
        cursor = context.cursor
        dynamic_partitions_requests: list[Any] = []
        asset_events: list[Any] = []
        skip_message: str | None = None
        results = [i for i in outputs if isinstance(i, SensorResult)]
        if results:
            if len(outputs) > 1:
                raise InvalidInvocationError(
                    f"{prefix}: When a SensorResult is returned from a sensor, it must be the only "
                    "object returned."
                )
            result = results[0]
            if result.cursor is not None and context.cursor_updated:
                raise InvalidInvocationError(
                    f"{prefix}: SensorResult.cursor cannot be set if context.update_cursor() was called."
                )
            if result.cursor is not None:
                cursor = result.cursor
            run_requests = list(result.run_requests or [])
            if result.skip_reason is not None:
                skip_message = result.skip_reason.skip_message
            elif not run_requests:
                skip_message = "Sensor function returned an empty result"
            dynamic_partitions_requests = list(result.dynamic_partitions_requests or [])
            asset_events = list(result.asset_events)
        else:
            run_requests = [i for i in outputs if isinstance(i, RunRequest)]
            skips = [i for i in outputs if isinstance(i, SkipReason)]
            if skips and run_requests:
                raise InvalidInvocationError(
                    f"{prefix}: Expected a single SkipReason or one or more RunRequests: received both "
                    "RunRequest and SkipReason"
                )
            if len(skips) > 1:
                raise InvalidInvocationError(
                    f"{prefix}: Expected a single SkipReason: received multiple SkipReasons"
                )
            if skips:
                skip_message = skips[0].skip_message
            elif not items:
                skip_message = "Sensor function returned an empty result"
        return {
            "run_requests": self._resolve_run_requests(run_requests, context),
            "skip_message": skip_message,
            "cursor": cursor,
            "dynamic_partitions_requests": dynamic_partitions_requests,
            "asset_events": asset_events,
            "reactions": reactions,
        }

    def _resolve_run_requests(
        self, run_requests: list[RunRequest], context: SensorEvaluationContext
    ) -> list[RunRequest]:
        prefix = f"Error in sensor '{self._name}'"
        if run_requests and not self._targets and self._asset_selection is None:
            raise InvalidInvocationError(
                f"{prefix}: Sensor evaluation function returned a RunRequest for a sensor lacking a "
                "specified target (job_name, job, or jobs). Targets can be specified by providing job, "
                "jobs, or job_name to the @sensor decorator."
            )
        names = self.job_names
        selection_keys: list[AssetKey] | None = None
        if self._asset_selection is not None and any(r.asset_selection is None for r in run_requests):
            selection_keys = _static_selection_keys(self._asset_selection, context)
        resolved = []
        for request in run_requests:
            job_name = request.job_name
            asset_selection = request.asset_selection
            if self._asset_selection is not None:
                if asset_selection is None:
                    asset_selection = selection_keys
            elif job_name is None:
                if len(names) > 1:
                    raise InvalidInvocationError(
                        f"{prefix}: Sensor returned a RunRequest that did not specify job_name for the "
                        f"requested run. Expected one of: {names}"
                    )
                job_name = names[0]
            elif job_name not in names:
                raise InvalidInvocationError(
                    f"{prefix}: Sensor returned a RunRequest with job_name {job_name}. "
                    f"Expected one of: {names}"
                )
            resolved.append(
                request.with_replaced_attrs(
                    job_name=job_name,
                    asset_selection=asset_selection,
                    tags={**request.tags, SENSOR_NAME_TAG: self._name},
                )
            )
        return resolved


def sensor(
    job_name: Union[str, Callable[..., Any]] | None = None,
    *,
    name: str | None = None,
    minimum_interval_seconds: int | None = None,
    description: str | None = None,
    job: Any | None = None,
    jobs: Sequence[Any] | None = None,
    default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
    asset_selection: Any | None = None,
    required_resource_keys: set[str] | None = None,
    tags: Mapping[str, str] | None = None,
    metadata: Mapping[str, Any] | None = None,
    target: Any | None = None,
) -> Any:
    """Turn a function into a :class:`SensorDefinition` (usable bare or with arguments).

    Examples:
        >>> @sensor(job_name="ingest", minimum_interval_seconds=60)
        ... def new_rows(context):
        ...     last = int(context.cursor or 0)
        ...     if last >= 3:
        ...         return SkipReason("no new rows")
        ...     return SensorResult(run_requests=[RunRequest(run_key=str(last + 1))], cursor=str(last + 1))
        >>> new_rows.evaluate_tick(build_sensor_context(cursor="3")).skip_message
        'no new rows'
    """

    def inner(fn: Callable[..., Any]) -> SensorDefinition:
        if not callable(fn):
            raise InvalidDefinitionError(f"@sensor must decorate a function, got {fn!r}")
        definition = SensorDefinition(
            name=name or fn.__name__,
            evaluation_fn=fn,
            job_name=job_name if isinstance(job_name, str) else None,
            minimum_interval_seconds=minimum_interval_seconds,
            description=description,
            job=job,
            jobs=jobs,
            default_status=default_status,
            asset_selection=asset_selection,
            required_resource_keys=required_resource_keys,
            tags=tags,
            metadata=metadata,
            target=target,
        )
        functools.update_wrapper(definition, fn)  # type: ignore[arg-type]
        return definition

    if callable(job_name):
        return inner(job_name)
    return inner
