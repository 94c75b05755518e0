"""App config for runs and their events."""

from django.apps import AppConfig


class RunsAppConfig(AppConfig):
    name = "runs_app"
    verbose_name = "Runs"

    def ready(self) -> None:
        from orchestrator._core.instance import register_instance_factory

        from .instance_storage import database_instance

        register_instance_factory(database_instance)
