"""``@run_status_sensor`` and ``@run_failure_sensor``: react to runs reaching a status."""

import functools
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Union

from ..errors import InvalidDefinitionError, InvalidInvocationError
from ..runs import DagsterRun, DagsterRunStatus
from .context import LoggerLike, ResourcesView, SensorEvaluationContext
from .invocation import (
    FunctionParams,
    UserCodeError,
    analyze_function,
    call_user_fn,
    collect_outputs,
    user_code_boundary,
)
from .results import DagsterRunReaction, SerializableErrorInfo
from .run_request import PARTITION_NAME_TAG, DefaultSensorStatus, SensorResult, SkipReason
from .sensor import SensorDefinition, SensorType

RUN_STATUS_SENSOR_FETCH_LIMIT = 5
_PAGE_SIZE = 1000


class RunStatusSensorContext:
    """The context passed to a run-status sensor function, about one run.

    Examples:
        >>> ctx = build_run_status_sensor_context(
        ...     sensor_name="notify", dagster_event=None, dagster_instance=None,
        ...     dagster_run=DagsterRun("r1", "etl", DagsterRunStatus.SUCCESS),
        ... )
        >>> (ctx.sensor_name, ctx.dagster_run.run_id)
        ('notify', 'r1')
    """

    def __init__(
        self,
        sensor_name: str,
        dagster_run: DagsterRun,
        dagster_event: Any,
        instance: Any,
        context: SensorEvaluationContext | None = None,
        resource_defs: Mapping[str, Any] | None = None,
        logger: LoggerLike | None = None,
        partition_key: str | None = None,
    ):
        if not isinstance(dagster_run, DagsterRun):
            raise InvalidInvocationError(f"dagster_run must be a DagsterRun, got {dagster_run!r}")
        self._sensor_name = sensor_name
        self._dagster_run = dagster_run
        self._dagster_event = dagster_event
        self._instance = instance
        self._resource_defs = dict(resource_defs or {})
        self._resources = ResourcesView(self._resource_defs)
        self._logger: Any = logger or (context.log if context is not None else None)
        if partition_key is None:
            partition_key = dagster_run.partition_key or dagster_run.tags.get(PARTITION_NAME_TAG)
        self._partition_key = partition_key

    def for_run_failure(self) -> "RunFailureSensorContext":
        """This context as a :class:`RunFailureSensorContext`."""
        return RunFailureSensorContext(
            sensor_name=self._sensor_name,
            dagster_run=self._dagster_run,
            dagster_event=self._dagster_event,
            instance=self._instance,
            resource_defs=self._resource_defs,
            logger=self._logger,
            partition_key=self._partition_key,
        )

    @property
    def sensor_name(self) -> str:
        return self._sensor_name

    @property
    def dagster_run(self) -> DagsterRun:
        """The run that reached the monitored status."""
        return self._dagster_run

    @property
    def dagster_event(self) -> Any:
        """The event recording the status change (may be None)."""
        return self._dagster_event

    @property
    def instance(self) -> Any:
        return self._instance

    @property
    def resources(self) -> ResourcesView:
        return self._resources

    @property
    def resource_defs(self) -> Mapping[str, Any]:
        return dict(self._resource_defs)

    @property
    def partition_key(self) -> str | None:
        return self._partition_key

    @property
    def log(self) -> Any:
        if self._logger is None:
            self._logger = logging.getLogger("orchestrator.sensor")
        return self._logger

    def __enter__(self) -> "RunStatusSensorContext":
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


class RunFailureSensorContext(RunStatusSensorContext):
    """The context passed to a run-failure sensor function.

    Examples:
        >>> ctx = RunFailureSensorContext("alert", DagsterRun("r1", "etl"), "failure-event", None)
        >>> ctx.failure_event
        'failure-event'
    """

    @property
    def failure_event(self) -> Any:
        """The run failure event."""
        return self.dagster_event


def build_run_status_sensor_context(
    sensor_name: str,
    dagster_event: Any,
    dagster_instance: Any,
    dagster_run: DagsterRun,
    context: SensorEvaluationContext | None = None,
    resources: Mapping[str, Any] | None = None,
    partition_key: str | None = None,
) -> RunStatusSensorContext:
    """Build a context to invoke a run-status or run-failure sensor directly (unit tests).

    Examples:
        >>> ctx = build_run_status_sensor_context("alert", None, None, DagsterRun("r1", "etl"))
        >>> ctx.for_run_failure().dagster_run.job_name
        'etl'
    """
    return RunStatusSensorContext(
        sensor_name=sensor_name,
        dagster_run=dagster_run,
        dagster_event=dagster_event,
        instance=dagster_instance,
        resource_defs=resources,
        logger=context.log if context is not None else None,
        partition_key=partition_key,
    )


def _monitored_job_name(item: Any, owner: str) -> str | None:
    """The job name a ``monitored_jobs`` entry selects; None for whole-location selectors."""
    if isinstance(item, str):
        return item
    job_name = getattr(item, "job_name", None)
    if isinstance(job_name, str):
        return job_name
    name = getattr(item, "name", None)
    if isinstance(name, str):
        return name
    if hasattr(item, "location_name") or hasattr(item, "repository_name"):
        return None
    raise InvalidDefinitionError(f"Cannot interpret monitored job {item!r} of {owner}")


def _parse_cursor(cursor: str | None) -> int | None:
    try:
        return int(cursor) if cursor is not None else None
    except ValueError:
        return None


class RunStatusSensorDefinition(SensorDefinition):
    """A sensor calling a function once for each run that reaches ``run_status``.

    Each tick asks ``context.instance.get_run_status_records(after_storage_id=<cursor>,
    statuses=[run_status], limit=5)`` (see
    :class:`~orchestrator._core.automation.protocols.RunStatusStore`), calls the function
    for each run of a monitored job and moves the cursor past each record. The first tick
    only records the newest storage id, so history is not replayed. Processing stops at
    the first run for which the function returns something (its run requests or skip
    reason are the tick's output).

    Examples:
        >>> def notify(context):
        ...     pass
        >>> s = RunStatusSensorDefinition("notify", DagsterRunStatus.SUCCESS, notify)
        >>> s.run_status
        <DagsterRunStatus.SUCCESS: 'SUCCESS'>
    """

    _sensor_type = SensorType.RUN_STATUS

    def __init__(
        self,
        name: str,
        run_status: DagsterRunStatus,
        run_status_sensor_fn: Callable[..., Any],
        minimum_interval_seconds: int | None = None,
        description: str | None = None,
        monitored_jobs: Sequence[Any] | None = None,
        monitor_all_code_locations: bool | None = None,
        default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
        request_job: Any | None = None,
        request_jobs: Sequence[Any] | None = None,
        required_resource_keys: set[str] | None = None,
        tags: Mapping[str, str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        _failure_context: bool = False,
    ):
        owner = f"run status sensor '{name}'"
        if not isinstance(run_status, DagsterRunStatus):
            raise InvalidDefinitionError(
                f"run_status of {owner} must be a DagsterRunStatus, got {run_status!r}"
            )
        if not callable(run_status_sensor_fn):
            raise InvalidDefinitionError(f"{owner} needs a callable function")
        if monitored_jobs and monitor_all_code_locations:
            raise InvalidDefinitionError(
                f"Cannot specify both monitor_all_code_locations and monitored_jobs for {owner}."
            )
        self._run_status = run_status
        self._user_fn = run_status_sensor_fn
        self._failure_context = _failure_context
        self._user_params: FunctionParams = analyze_function(
            run_status_sensor_fn, max_leading=1, context_types=(RunStatusSensorContext,)
        )
        self._monitored_jobs = list(monitored_jobs or [])
        names = [_monitored_job_name(item, owner) for item in self._monitored_jobs]
        self._monitored_names: frozenset[str] | None = (
            None if not names or any(n is None for n in names) else frozenset(n for n in names if n)
        )
        self._monitor_all_code_locations = bool(monitor_all_code_locations)
        super().__init__(
            name=name,
            evaluation_fn=self._evaluate_run_statuses,
            minimum_interval_seconds=minimum_interval_seconds,
            description=description,
            job=request_job,
            jobs=request_jobs,
            default_status=default_status,
            required_resource_keys=set(required_resource_keys or ()) | set(self._user_params.resource_params),
            tags=tags,
            metadata=metadata,
        )

    @property
    def run_status(self) -> DagsterRunStatus:
        return self._run_status

    @property
    def monitored_jobs(self) -> Sequence[Any]:
        return list(self._monitored_jobs)

    @property
    def monitor_all_code_locations(self) -> bool:
        return self._monitor_all_code_locations

    def _matches(self, run: DagsterRun) -> bool:
        return self._monitored_names is None or run.job_name in self._monitored_names

    def _latest_storage_id(self, instance: Any) -> int | None:
        latest = getattr(instance, "get_latest_run_status_storage_id", None)
        if callable(latest):
            return latest(statuses=[self._run_status])
        last: int | None = None
        while True:
            page = list(
                instance.get_run_status_records(
                    after_storage_id=last, statuses=[self._run_status], limit=_PAGE_SIZE
                )
            )
            if not page:
                return last
            last = page[-1].storage_id
            if len(page) < _PAGE_SIZE:
                return last

    def _make_context(
        self, context: SensorEvaluationContext, run: DagsterRun, event: Any
    ) -> RunStatusSensorContext:
        cls = RunFailureSensorContext if self._failure_context else RunStatusSensorContext
        return cls(
            sensor_name=self.name,
            dagster_run=run,
            dagster_event=event,
            instance=context.instance,
            resource_defs=context.resource_defs,
            logger=context.log,
        )

    def _evaluate_run_statuses(self, context: SensorEvaluationContext) -> Iterator[Any]:
        instance = context.instance
        if _parse_cursor(context.cursor) is None:
            latest = self._latest_storage_id(instance)
            context.update_cursor(str(latest if latest is not None else -1))
            yield SkipReason(f"Initiating {self.name}. Set cursor to {context.cursor}")
            return
        after = _parse_cursor(context.cursor)
        records = instance.get_run_status_records(
            after_storage_id=after if after is not None and after >= 0 else None,
            statuses=[self._run_status],
            limit=RUN_STATUS_SENSOR_FETCH_LIMIT,
        )
        for record in records:
            run = record.dagster_run
            if not self._matches(run):
                context.update_cursor(str(record.storage_id))
                continue
            status_context = self._make_context(context, run, record.dagster_event)
            try:
                with user_code_boundary(
                    f"Error occurred during the execution of run status sensor '{self.name}' "
                    f"for run '{run.run_id}'"
                ):
                    raw = call_user_fn(
                        self._user_fn,
                        self._user_params,
                        [status_context],
                        context.resources,
                        "sensor",
                        self.name,
                    )
                    items = collect_outputs(raw)
            except UserCodeError as exc:
                context.update_cursor(str(record.storage_id))
                error = SerializableErrorInfo.from_exception(exc.original, exc.message)
                yield DagsterRunReaction(dagster_run=run, run_status=self._run_status, error=error)
                continue
            context.update_cursor(str(record.storage_id))
            if raw is not None:
                for item in items:
                    if isinstance(item, SensorResult) and item.cursor is not None:
                        raise InvalidInvocationError(
                            f"Error in run status sensor '{self.name}': Sensor returned a SensorResult with "
                            "a cursor value. The cursor is managed by the sensor and should not be modified "
                            "by a user."
                        )
                yield from items
                return
            yield DagsterRunReaction(dagster_run=run, run_status=self._run_status)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Invoke the function directly with a context from ``build_run_status_sensor_context``."""
        params = self._user_params
        resources = {k: v for k, v in kwargs.items() if k in params.resource_params}
        others = {k: v for k, v in kwargs.items() if k not in params.resource_params}
        if len(args) + len(others) > 1:
            raise InvalidInvocationError(
                "Run status sensor invocation received multiple non-resource arguments. Only a first "
                "positional context parameter should be provided when invoking."
            )
        context = args[0] if args else others.get(params.context_param or "context")
        if params.context_param and context is None:
            raise InvalidInvocationError(
                "Run status sensor evaluation function expected context argument, but no context "
                "argument was provided when invoking."
            )
        if context is not None and not isinstance(context, RunStatusSensorContext):
            raise InvalidInvocationError(
                f"Run status sensor invocation expected a RunStatusSensorContext, got {context!r}"
            )
        if self._failure_context and context is not None and not isinstance(context, RunFailureSensorContext):
            context = context.for_run_failure()
        available = {**(context.resource_defs if context is not None else {}), **resources}
        return call_user_fn(
            self._user_fn,
            params,
            [context] if context is not None else [],
            ResourcesView(available),
            "sensor",
            self.name,
        )


def run_status_sensor(
    run_status: DagsterRunStatus,
    name: str | None = None,
    minimum_interval_seconds: int | None = None,
    description: str | None = None,
    monitored_jobs: Sequence[Any] | None = None,
    job_selection: Sequence[Any] | None = None,
    monitor_all_code_locations: bool | None = None,
    default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
    request_job: Any | None = None,
    request_jobs: Sequence[Any] | None = None,
    monitor_all_repositories: bool | None = None,
    job_selector: Sequence[Any] | None = None,
) -> Callable[[Callable[..., Any]], RunStatusSensorDefinition]:
    """Turn a function ``(context: RunStatusSensorContext)`` into a run-status sensor.

    ``job_selection`` and ``job_selector`` are older names of ``monitored_jobs``, and
    ``monitor_all_repositories`` of ``monitor_all_code_locations``.

    Examples:
        >>> @run_status_sensor(run_status=DagsterRunStatus.SUCCESS, monitored_jobs=["etl"])
        ... def etl_done(context):
        ...     context.log.info("run %s succeeded", context.dagster_run.run_id)
        >>> etl_done.name, etl_done.run_status.value
        ('etl_done', 'SUCCESS')
    """
    return _run_status_decorator(
        run_status,
        name=name,
        minimum_interval_seconds=minimum_interval_seconds,
        description=description,
        monitored_jobs=monitored_jobs or job_selection or job_selector,
        monitor_all_code_locations=monitor_all_code_locations or monitor_all_repositories,
        default_status=default_status,
        request_job=request_job,
        request_jobs=request_jobs,
        failure_context=False,
    )


def run_failure_sensor(
    name: Union[str, Callable[..., Any]] | None = None,
    minimum_interval_seconds: int | None = None,
    description: str | None = None,
    monitored_jobs: Sequence[Any] | None = None,
    job_selection: Sequence[Any] | None = None,
    monitor_all_code_locations: bool | None = None,
    default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
    request_job: Any | None = None,
    request_jobs: Sequence[Any] | None = None,
    monitor_all_repositories: bool | None = None,
    job_selector: Sequence[Any] | None = None,
) -> Any:
    """A run-status sensor for ``FAILURE`` whose function gets a :class:`RunFailureSensorContext`.

    Usable bare (``@run_failure_sensor``) or with arguments.

    Examples:
        >>> @run_failure_sensor
        ... def alert_on_failure(context):
        ...     context.log.error("run %s failed", context.dagster_run.run_id)
        >>> alert_on_failure.run_status.value
        'FAILURE'
    """
    decorator = _run_status_decorator(
        DagsterRunStatus.FAILURE,
        name=name if isinstance(name, str) else None,
        minimum_interval_seconds=minimum_interval_seconds,
        description=description,
        monitored_jobs=monitored_jobs or job_selection or job_selector,
        monitor_all_code_locations=monitor_all_code_locations or monitor_all_repositories,
        default_status=default_status,
        request_job=request_job,
        request_jobs=request_jobs,
        failure_context=True,
    )
    if callable(name):
        return decorator(name)
    return decorator


def _run_status_decorator(
    run_status: DagsterRunStatus,
    *,
    name: str | None,
    minimum_interval_seconds: int | None,
    description: str | None,
    monitored_jobs: Sequence[Any] | None,
    monitor_all_code_locations: bool | None,
    default_status: DefaultSensorStatus,
    request_job: Any | None,
    request_jobs: Sequence[Any] | None,
    failure_context: bool,
) -> Callable[[Callable[..., Any]], RunStatusSensorDefinition]:
    def inner(fn: Callable[..., Any]) -> RunStatusSensorDefinition:
        if not callable(fn):
            raise InvalidDefinitionError(f"A run status sensor must decorate a function, got {fn!r}")
        definition = RunStatusSensorDefinition(
            name=name or fn.__name__,
            run_status=run_status,
            run_status_sensor_fn=fn,
            minimum_interval_seconds=minimum_interval_seconds,
            description=description,
            monitored_jobs=monitored_jobs,
            monitor_all_code_locations=monitor_all_code_locations,
            default_status=default_status,
            request_job=request_job,
            request_jobs=request_jobs,
            _failure_context=failure_context,
        )
        functools.update_wrapper(definition, fn)  # type: ignore[arg-type]
        return definition

    return inner
