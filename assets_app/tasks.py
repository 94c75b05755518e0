"""Celery tasks of the catalog."""

from celery import shared_task

from . import services


@shared_task(name="assets_app.tasks.reload_code_location")
def reload_code_location(name: str | None = None) -> str:
    return services.code_location_reload(name=name).status
