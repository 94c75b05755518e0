"""The Celery application: workers execute runs and steps, beat drives periodic work."""

import os
from typing import Any

from celery import Celery
from celery.signals import beat_init, worker_process_init, worker_ready, worker_shutdown

from .queues import DAEMON_QUEUE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orchestrator_site.settings")

app = Celery("orchestrator")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["assets_app", "runs_app"])


def _sqlite_broker_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets polling workers read while a publisher writes; NORMAL sync skips the fsync per
    commit (a crash of the machine may lose the newest messages: the run monitor re-sends
    what was lost, as it does for a worker that died holding a message)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _configure_embedded_broker() -> None:
    """Tune the embedded broker (kombu's SQLAlchemy transport): poll often, write cheaply.

    The poll interval must be set on the transport class (its default is one
    second): passed as a transport option it is forwarded to ``create_engine``
    and breaks the worker. Connection pragmas are set on the engine the channel
    creates, so other SQLAlchemy engines in the process (user code) are untouched.
    """
    from django.conf import settings

    url = str(settings.CELERY_BROKER_URL)
    if not url.startswith("sqla+"):
        return
    from kombu.transport import sqlalchemy as sqla_transport

    sqla_transport.Transport.polling_interval = settings.ORCHESTRATOR_BROKER_POLL_SECONDS
    if url.startswith("sqla+sqlite:") and sqla_transport.Transport.Channel is sqla_transport.Channel:
        from sqlalchemy import event

        class SQLiteChannel(sqla_transport.Channel):
            def _engine_from_config(self) -> Any:
                engine = super()._engine_from_config()
                event.listen(engine, "connect", _sqlite_broker_pragmas)
                return engine

        sqla_transport.Transport.Channel = SQLiteChannel


def _beat_schedule() -> dict:
    """Periodic work, sent to the daemon's own queue (see ``orchestrator daemon``).

    Each message expires after one interval: a tick the daemon could not take in time (it
    was down, or the broker was) is dropped, not executed late in a burst.
    """
    from django.conf import settings

    monitor_every = settings.ORCHESTRATOR_MONITOR_INTERVAL_SECONDS
    return {
        "monitor-runs": {
            "task": "runs_app.tasks.monitor_runs",
            "schedule": monitor_every,
            "options": {"queue": DAEMON_QUEUE, "expires": monitor_every},
        },
        "prune-embedded-broker": {
            "task": "runs_app.tasks.prune_embedded_broker",
            "schedule": 300.0,
            "options": {"queue": DAEMON_QUEUE, "expires": 300.0},
        },
    }


@app.on_configure.connect
def _on_configure(sender: Celery, **_: object) -> None:
    _configure_embedded_broker()
    sender.conf.beat_schedule = _beat_schedule()


@worker_ready.connect
def _worker_liveness_start(sender: Any = None, **_: object) -> None:
    """Each worker reports in to the database while it runs (see ``runs_app.worker_liveness``);
    the daemon (``orchestrator daemon`` names its worker ``daemon@host``) as the daemon."""
    from runs_app.worker_liveness import worker_liveness_start

    hostname = str(getattr(sender, "hostname", ""))
    worker_liveness_start(daemon=hostname.startswith("daemon@"))


@worker_shutdown.connect
def _worker_liveness_stop(**_: object) -> None:
    from runs_app.worker_liveness import worker_liveness_stop

    worker_liveness_stop()


@worker_process_init.connect
def _pool_child_dies_with_worker(**_: object) -> None:
    """A pool process ends when its worker's main process dies, even by SIGKILL, instead of
    living on as an orphan that keeps the run it executes half alive."""
    from orchestrator._core.parent_death import die_with_parent

    die_with_parent()


@beat_init.connect
def _embedded_beat_dies_with_daemon(**_: object) -> None:
    """Beat run inside the daemon's worker (``--beat``) is a child process of it: it ends with it."""
    from billiard.process import current_process

    from orchestrator._core.parent_death import die_with_parent

    if current_process().name == "Beat":
        die_with_parent()
