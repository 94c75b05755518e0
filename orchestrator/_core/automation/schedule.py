"""``ScheduleDefinition`` and ``@schedule``: cron-driven run requests, evaluated one tick at a time."""

import copy
import inspect
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Union

from ..errors import InvalidDefinitionError, InvalidInvocationError, OrchestratorError
from .context import ScheduleEvaluationContext, build_schedule_context
from .cron import (
    check_timezone,
    get_timezone,
    is_valid_cron_schedule,
    schedule_execution_time_iterator,
    to_timezone,
)
from .invocation import (
    AutomationTarget,
    FunctionParams,
    MissingJobError,
    UserCodeError,
    analyze_function,
    call_user_fn,
    check_valid_name,
    collect_outputs,
    resolve_invocation_context,
    user_code_boundary,
)
from .results import ScheduleExecutionData, SerializableErrorInfo
from .run_request import (
    SCHEDULE_NAME_TAG,
    DefaultScheduleStatus,
    RunRequest,
    SkipReason,
    normalize_tags,
)

_CONTEXT_TYPES = (ScheduleEvaluationContext,)


class DecoratedScheduleFunction:
    """The user function of ``@schedule`` with the decorator options that shape its output."""

    def __init__(
        self,
        fn: Callable[..., Any],
        name: str,
        run_tags: Mapping[str, str] | None,
        tags_fn: Callable[..., Any] | None,
        should_execute: Callable[..., Any] | None,
    ):
        self.fn = fn
        self.name = name
        self.params = analyze_function(fn, max_leading=1, context_types=_CONTEXT_TYPES)
        self.run_tags = run_tags
        self.tags_fn = tags_fn
        self.should_execute = should_execute


def _call_optional_context(fn: Callable[..., Any], context: ScheduleEvaluationContext) -> Any:
    """Call ``fn(context)``, or ``fn()`` when it takes no parameter."""
    try:
        takes_none = not inspect.signature(fn).parameters
    except (TypeError, ValueError):
        takes_none = False
    return fn() if takes_none else fn(context)


class ScheduleDefinition:
    """Runs a job on a cron schedule.

    Without ``execution_fn`` each tick requests one run with ``run_config`` (or
    ``run_config_fn(context)``) and ``tags`` (or ``tags_fn(context)``), unless
    ``should_execute(context)`` returns False.

    Args:
        name: Defaults to ``"<job name>_schedule"``.
        cron_schedule: A cron string, or a list of them (the union of their times).
        job_name: Name of the job to run (alternative to ``job``).
        run_config: Config for each run.
        run_config_fn: Function of the context returning the run config.
        tags: Tags of the schedule, also put on its runs when there is no ``execution_fn``.
        tags_fn: Function of the context returning run tags.
        should_execute: Function of the context; a tick is skipped when it returns False.
        environment_vars: Kept for compatibility; has no effect.
        execution_timezone: IANA timezone the cron is read in (UTC when None).
        execution_fn: Function of the context returning or yielding run requests/skip reasons.
        description: Human-readable description.
        job: The job to run: any object with a ``name``.
        default_status: Whether the schedule starts running.
        required_resource_keys: Resource keys the schedule needs.
        target: A job, or an asset selection run as an anonymous asset job.
        metadata: Arbitrary metadata about the schedule.

    Examples:
        >>> nightly = ScheduleDefinition(job_name="etl", cron_schedule="0 2 * * *", tags={"team": "data"})
        >>> data = nightly.evaluate_tick(build_schedule_context())
        >>> [(r.job_name, dict(r.tags)) for r in data.run_requests]
        [('etl', {'team': 'data', 'dagster/schedule_name': 'etl_schedule'})]
    """

    def __init__(
        self,
        name: str | None = None,
        *,
        cron_schedule: Union[str, Sequence[str]] | None = None,
        job_name: str | None = None,
        run_config: Any | None = None,
        run_config_fn: Callable[..., Any] | None = None,
        tags: Mapping[str, str] | None = None,
        tags_fn: Callable[..., Any] | None = None,
        should_execute: Callable[..., Any] | None = None,
        environment_vars: Mapping[str, str] | None = None,
        execution_timezone: str | None = None,
        execution_fn: Callable[..., Any] | None = None,
        description: str | None = None,
        job: Any | None = None,
        default_status: DefaultScheduleStatus = DefaultScheduleStatus.STOPPED,
        required_resource_keys: set[str] | None = None,
        target: Any | None = None,
        metadata: Mapping[str, Any] | None = None,
    ):
        if name:
            self._name = check_valid_name(name, "schedule")
        elif job_name:
            self._name = f"{job_name}_schedule"
        elif job is not None and isinstance(getattr(job, "name", None), str):
            self._name = f"{job.name}_schedule"
        else:
            raise InvalidDefinitionError(
                "ScheduleDefinition needs a name, or a job or job_name to derive one from"
            )
        owner = f"schedule '{self._name}'"

        if cron_schedule is None:
            raise InvalidDefinitionError(f"No cron_schedule was provided for {owner}")
        if not isinstance(cron_schedule, str):
            if not isinstance(cron_schedule, Sequence):
                raise InvalidDefinitionError(f"Found invalid cron schedule {cron_schedule!r} for {owner}")
            cron_schedule = list(cron_schedule)
        if not is_valid_cron_schedule(cron_schedule):
            raise InvalidDefinitionError(
                f"Found invalid cron schedule {cron_schedule!r} for {owner}. Standard cron "
                "expressions consisting of 5 fields are supported."
            )
        self._cron_schedule: Union[str, Sequence[str]] = cron_schedule
        self._execution_timezone = check_timezone(execution_timezone, owner)

        provided = [n for n, v in (("target", target), ("job_name", job_name), ("job", job)) if v is not None]
        if len(provided) > 1:
            raise InvalidDefinitionError(
                f"Attempted to provide more than one of 'job', 'job_name', and 'target' to {owner} "
                f"(got {', '.join(provided)}). Must provide only one."
            )
        if target is not None:
            self._target = AutomationTarget.from_coercible(target, self._name, owner)
        elif job is not None:
            self._target = AutomationTarget.from_job(job, owner)
        elif job_name is not None:
            self._target = AutomationTarget(job_name=job_name)
        else:
            raise InvalidDefinitionError(f"Must provide target, job, or job_name to {owner}")

        if not isinstance(default_status, DefaultScheduleStatus):
            raise InvalidDefinitionError(f"Invalid default_status {default_status!r} for {owner}")
        self._default_status = default_status
        self._description = description
        self._environment_vars = dict(environment_vars) if environment_vars is not None else None
        self._metadata = dict(metadata or {})
        self._tags = normalize_tags(tags, owner=owner)

        self._decorated: DecoratedScheduleFunction | None = None
        self._execution_fn: Callable[..., Any] | None = None
        self._execution_params: FunctionParams | None = None
        self._run_config = run_config
        self._run_config_fn = run_config_fn
        self._tags_fn = tags_fn
        self._should_execute = should_execute
        if execution_fn is not None:
            if run_config_fn or tags_fn or should_execute or run_config is not None:
                raise InvalidDefinitionError(
                    f"Attempted to provide both execution_fn and individual run_config/tags_fn "
                    f"arguments to {owner}. Must provide only one of the two."
                )
            if isinstance(execution_fn, DecoratedScheduleFunction):
                self._decorated = execution_fn
            elif callable(execution_fn):
                self._execution_fn = execution_fn
                self._execution_params = analyze_function(
                    execution_fn, max_leading=1, context_types=_CONTEXT_TYPES
                )
            else:
                raise InvalidDefinitionError(f"execution_fn of {owner} must be callable")
        else:
            if run_config_fn is not None and run_config is not None:
                raise InvalidDefinitionError(
                    f"Attempted to provide both run_config_fn and run_config as arguments to {owner}. "
                    "Must provide only one of the two."
                )
            if tags_fn is not None and tags:
                raise InvalidDefinitionError(
                    f"Attempted to provide both tags_fn and tags as arguments to {owner}. "
                    "Must provide only one of the two."
                )
            try:
                RunRequest(run_config=run_config)
            except InvalidInvocationError as exc:
                raise InvalidDefinitionError(f"Invalid run_config for {owner}: {exc}") from exc

        params = self._decorated.params if self._decorated else self._execution_params
        resource_params = set(params.resource_params) if params else set()
        self._required_resource_keys = set(required_resource_keys or ()) | resource_params

    # ----------------------------------------------------------------- properties

    @property
    def name(self) -> str:
        return self._name

    @property
    def cron_schedule(self) -> Union[str, Sequence[str]]:
        """The cron string, or list of cron strings, as given."""
        return self._cron_schedule

    @property
    def execution_timezone(self) -> str | None:
        """The IANA timezone the cron is read in; None means UTC."""
        return self._execution_timezone

    @property
    def job_name(self) -> str:
        return self._target.job_name

    @property
    def job(self) -> Any:
        """The job object given as ``job``/``target``; raises when only a name was given."""
        if self._target.job is None:
            raise MissingJobError(f"No job was provided to schedule '{self._name}'.")
        return self._target.job

    @property
    def target(self) -> AutomationTarget:
        return self._target

    @property
    def has_anonymous_job(self) -> bool:
        return self._target.asset_selection is not None

    @property
    def description(self) -> str | None:
        return self._description

    @property
    def default_status(self) -> DefaultScheduleStatus:
        return self._default_status

    @property
    def tags(self) -> Mapping[str, str]:
        return dict(self._tags)

    @property
    def metadata(self) -> Mapping[str, Any]:
        return dict(self._metadata)

    @property
    def environment_vars(self) -> Mapping[str, str] | None:
        return self._environment_vars

    @property
    def required_resource_keys(self) -> set[str]:
        return set(self._required_resource_keys)

    def with_updated_job(self, new_job: Any) -> "ScheduleDefinition":
        """A copy of this schedule targeting ``new_job`` (e.g. once a job name is resolved)."""
        updated = copy.copy(self)
        updated._target = AutomationTarget.from_job(new_job, f"schedule '{self._name}'")
        return updated

    # ----------------------------------------------------------------- time

    def execution_time_iterator(self, start: Union[datetime, float]) -> Iterator[datetime]:
        """Execution times strictly after ``start``, ascending, tz-aware in the execution timezone.

        A naive ``start`` is read as wall time in the execution timezone. Across DST, a
        skipped wall time runs at the end of the gap and a repeated one runs once, at its
        later occurrence (hourly crons run at both).

        Examples:
            >>> from datetime import datetime
            >>> s = ScheduleDefinition(
            ...     job_name="etl", cron_schedule="0 2 * * *", execution_timezone="Europe/Berlin"
            ... )
            >>> next(s.execution_time_iterator(datetime(2024, 3, 30, 12))).isoformat()
            '2024-03-31T03:00:00+02:00'
        """
        return schedule_execution_time_iterator(start, self._cron_schedule, self._execution_timezone)

    def next_tick_times(self, start: Union[datetime, float], n: int) -> list[datetime]:
        """The next ``n`` execution times strictly after ``start``.

        Examples:
            >>> from datetime import datetime
            >>> s = ScheduleDefinition(job_name="etl", cron_schedule="0 * * * *")
            >>> [t.hour for t in s.next_tick_times(datetime(2024, 1, 1, 10, 30), 2)]
            [11, 12]
        """
        return list(itertools.islice(self.execution_time_iterator(start), n))

    # ----------------------------------------------------------------- invocation

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Invoke the decorated function directly, as in a unit test: ``my_schedule(context)``."""
        if self._decorated is None:
            raise InvalidInvocationError(
                "Schedule invocation is only supported for schedules created via the schedule decorators."
            )
        decorated = self._decorated
        context, overrides = resolve_invocation_context(
            decorated.params, args, kwargs, ScheduleEvaluationContext, build_schedule_context, "schedule"
        )
        if overrides:
            context = context.merge_resources(overrides)
        result = call_user_fn(
            decorated.fn, decorated.params, [context], context.resources, "schedule", self._name
        )
        return copy.deepcopy(result) if isinstance(result, dict) else result

    def _raw_items(self, context: ScheduleEvaluationContext) -> list[Any]:
        """Run user code for one tick; exceptions surface as :class:`UserCodeError`."""
        name = self._name
        decorated = self._decorated
        if decorated is not None:
            if decorated.should_execute is not None:
                with user_code_boundary(
                    f"Error occurred during the execution of should_execute for schedule '{name}'"
                ):
                    if not decorated.should_execute(context):
                        return [SkipReason(f"should_execute function for {name} returned false.")]
            with user_code_boundary(f"Error occurred during the evaluation of schedule '{name}'"):
                result = call_user_fn(
                    decorated.fn, decorated.params, [context], context.resources, "schedule", name
                )
                if isinstance(result, dict):
                    run_tags = decorated.run_tags
                    if run_tags is None and decorated.tags_fn is not None:
                        run_tags = decorated.tags_fn(context)
                    return [RunRequest(run_key=None, run_config=copy.deepcopy(result), tags=run_tags)]
                return collect_outputs(result)
        if self._execution_fn is not None and self._execution_params is not None:
            with user_code_boundary(f"Error occurred during the evaluation of schedule '{name}'"):
                result = call_user_fn(
                    self._execution_fn, self._execution_params, [context], context.resources, "schedule", name
                )
                return collect_outputs(result)
        if self._should_execute is not None:
            with user_code_boundary(
                f"Error occurred during the execution of should_execute for schedule '{name}'"
            ):
                if not self._should_execute(context):
                    return [SkipReason(f"should_execute function for {name} returned false.")]
        with user_code_boundary(
            f"Error occurred during the execution of run_config_fn for schedule '{name}'"
        ):
            if self._run_config_fn is not None:
                run_config = copy.deepcopy(_call_optional_context(self._run_config_fn, context))
            else:
                run_config = copy.deepcopy(self._run_config)
        with user_code_boundary(f"Error occurred during the execution of tags_fn for schedule '{name}'"):
            tags = self._tags_fn(context) if self._tags_fn is not None else self._tags
            request = RunRequest(run_key=None, run_config=run_config, tags=tags)
        return [request]

    def _normalize(self, items: list[Any]) -> tuple[list[RunRequest], str | None]:
        prefix = f"Error in schedule '{self._name}'"
        for item in items:
            if not isinstance(item, (RunRequest, SkipReason)):
                raise InvalidInvocationError(
                    f"{prefix}: schedule function returned {item!r} of type {type(item).__name__}; "
                    "expected RunRequest, SkipReason, a list of RunRequests, a run config dict or None"
                )
        if not items:
            return [], "Schedule function returned an empty result"
        if len(items) == 1:
            item = items[0]
            return ([item], None) if isinstance(item, RunRequest) else ([], item.skip_message)
        if any(isinstance(item, SkipReason) for item in items):
            raise InvalidInvocationError(
                f"{prefix}: expected a single SkipReason or one or more RunRequests, got both"
            )
        if any(not item.run_key for item in items):
            raise InvalidInvocationError(
                f"{prefix}: Schedules that return multiple RunRequests must specify a run_key in "
                "each RunRequest"
            )
        return list(items), None

    def evaluate_tick(self, context: ScheduleEvaluationContext) -> ScheduleExecutionData:
        """Evaluate one tick: run the function and return the run requests, never raising.

        The context's ``scheduled_execution_time`` is converted to the execution timezone
        (a naive one is read as wall time there). Each run request gets the schedule's
        ``job_name`` when it has none and the ``dagster/schedule_name`` tag. Exceptions
        from user code and invalid outputs are returned in ``error``.

        Examples:
            >>> from orchestrator._core.automation import schedule
            >>> @schedule("0 0 * * *", job_name="etl")
            ... def daily(context):
            ...     return RunRequest(run_key=context.scheduled_execution_time.date().isoformat())
            >>> from datetime import datetime
            >>> context = build_schedule_context(scheduled_execution_time=datetime(2024, 5, 1))
            >>> data = daily.evaluate_tick(context)
            >>> data.run_requests[0].run_key
            '2024-05-01'
        """
        if not isinstance(context, ScheduleEvaluationContext):
            raise InvalidInvocationError(
                f"evaluate_tick of schedule '{self._name}' expects a ScheduleEvaluationContext, "
                f"got {context!r}"
            )
        if context._scheduled_execution_time is not None:
            context._scheduled_execution_time = to_timezone(
                context._scheduled_execution_time, get_timezone(self._execution_timezone)
            )
        if context._schedule_name is None:
            context._schedule_name = self._name
        mark = context._log_mark()
        try:
            items = self._raw_items(context)
        except UserCodeError as exc:
            return ScheduleExecutionData(
                log_records=context._records_since(mark),
                error=SerializableErrorInfo.from_exception(exc.original, exc.message),
            )
        try:
            run_requests, skip_message = self._normalize(items)
            resolved = [
                request.with_replaced_attrs(
                    job_name=request.job_name or self.job_name,
                    tags={**request.tags, SCHEDULE_NAME_TAG: self._name},
                )
                for request in run_requests
            ]
        except OrchestratorError as exc:
            return ScheduleExecutionData(
                log_records=context._records_since(mark),
                error=SerializableErrorInfo(message=str(exc), stack=[], cls_name=type(exc).__name__),
            )
        return ScheduleExecutionData(
            run_requests=resolved, skip_message=skip_message, log_records=context._records_since(mark)
        )
