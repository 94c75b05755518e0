"""Celery tasks: thin wrappers that take ids and call one service."""

from celery import shared_task

from . import execution, services, step_execution


@shared_task(name="runs_app.tasks.execute_run", acks_late=True)
def execute_run(run_id: str) -> str | None:
    return execution.run_execute(run_id=run_id)


@shared_task(name="runs_app.tasks.execute_step", acks_late=True)
def execute_step(run_id: str, step_key: str) -> str | None:
    return step_execution.step_execute(run_id=run_id, step_key=step_key)


@shared_task(name="runs_app.tasks.monitor_runs")
def monitor_runs() -> dict[str, int]:
    return services.runs_monitor()


@shared_task(name="runs_app.tasks.prune_embedded_broker")
def prune_embedded_broker() -> int:
    from .broker_maintenance import prune_consumed_messages

    return prune_consumed_messages()
