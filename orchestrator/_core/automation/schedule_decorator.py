"""``@schedule``: turn a function into a :class:`ScheduleDefinition`."""

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Union

from ..errors import InvalidDefinitionError
from .run_request import DefaultScheduleStatus, normalize_tags
from .schedule import DecoratedScheduleFunction, ScheduleDefinition


def schedule(
    cron_schedule: Union[str, Sequence[str]],
    *,
    job_name: str | None = None,
    name: str | None = None,
    tags: Mapping[str, str] | None = None,
    tags_fn: Callable[..., Any] | None = None,
    metadata: Mapping[str, Any] | None = None,
    should_execute: Callable[..., Any] | None = None,
    environment_vars: Mapping[str, str] | None = None,
    execution_timezone: str | None = None,
    description: str | None = None,
    job: Any | None = None,
    default_status: DefaultScheduleStatus = DefaultScheduleStatus.STOPPED,
    required_resource_keys: set[str] | None = None,
    target: Any | None = None,
) -> Callable[[Callable[..., Any]], ScheduleDefinition]:
    """Turn a function into a :class:`ScheduleDefinition`.

    The function takes ``(context)`` or nothing, plus resources as named parameters, and
    returns or yields ``RunRequest``s, a ``SkipReason``, a run config dict (one run with
    that config and ``tags``/``tags_fn``), or None.

    Examples:
        >>> @schedule("0 6 * * 1-5", job_name="report", execution_timezone="Europe/Berlin")
        ... def weekday_report(context):
        ...     day = context.scheduled_execution_time.strftime("%Y-%m-%d")
        ...     return RunRequest(run_key=day, run_config={"ops": {"report": {"config": {"day": day}}}})
        >>> weekday_report.name, weekday_report.cron_schedule
        ('weekday_report', '0 6 * * 1-5')
    """

    def inner(fn: Callable[..., Any]) -> ScheduleDefinition:
        if not callable(fn):
            raise InvalidDefinitionError(f"@schedule must decorate a function, got {fn!r}")
        schedule_name = name or fn.__name__
        if tags_fn is not None and tags:
            raise InvalidDefinitionError(
                f"Attempted to provide both tags_fn and tags as arguments to schedule '{schedule_name}'. "
                "Must provide only one of the two."
            )
        decorated = DecoratedScheduleFunction(
            fn,
            schedule_name,
            run_tags=normalize_tags(tags, owner=f"schedule '{schedule_name}'") if tags else None,
            tags_fn=tags_fn,
            should_execute=should_execute,
        )
        definition = ScheduleDefinition(
            name=schedule_name,
            cron_schedule=cron_schedule,
            job_name=job_name,
            tags=tags,
            metadata=metadata,
            environment_vars=environment_vars,
            execution_timezone=execution_timezone,
            execution_fn=decorated,  # type: ignore[arg-type]
            description=description,
            job=job,
            default_status=default_status,
            required_resource_keys=required_resource_keys,
            target=target,
        )
        functools.update_wrapper(definition, fn)  # type: ignore[arg-type]
        return definition

    return inner
