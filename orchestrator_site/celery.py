"""The Celery application: workers execute runs and steps, beat drives periodic work."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orchestrator_site.settings")

app = Celery("orchestrator")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["assets_app", "runs_app"])


def _configure_embedded_broker() -> None:
    """Poll the embedded SQLAlchemy broker often (its default is one second).

    The interval must be set on the transport class: passed as a transport
    option it is forwarded to ``create_engine`` and breaks the worker.
    """
    from django.conf import settings

    if str(settings.CELERY_BROKER_URL).startswith("sqla+"):
        from kombu.transport import sqlalchemy as sqla_transport

        sqla_transport.Transport.polling_interval = settings.ORCHESTRATOR_BROKER_POLL_SECONDS


def _beat_schedule() -> dict:
    from django.conf import settings

    return {
        "monitor-runs": {
            "task": "runs_app.tasks.monitor_runs",
            "schedule": settings.ORCHESTRATOR_MONITOR_INTERVAL_SECONDS,
        },
        "prune-embedded-broker": {
            "task": "runs_app.tasks.prune_embedded_broker",
            "schedule": 300.0,
        },
    }


@app.on_configure.connect
def _on_configure(sender: Celery, **_: object) -> None:
    _configure_embedded_broker()
    sender.conf.beat_schedule = _beat_schedule()
