"""Whether the installation can work: its database answers, its broker answers, a worker is alive.

Each check reports ``{"ok": bool, ...}`` with the error when it fails; nothing here
raises, so a load balancer or monitor always gets an answer naming what is down.
"""

from typing import Any

from django.conf import settings
from django.db import connection

from runs_app.worker_liveness import worker_stale_after_seconds, workers_alive

BROKER_TIMEOUT_SECONDS = 2.0
COMPONENTS = ("database", "broker", "workers", "daemon")


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def health_database() -> dict[str, Any]:
    """``SELECT 1`` on the default database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # whatever keeps the database from answering is the report
        return {"ok": False, "error": _error(exc)}
    return {"ok": True, "vendor": connection.vendor}


def health_broker() -> dict[str, Any]:
    """Connect to the broker (one attempt, short timeouts) and ask it for the default queue."""
    from orchestrator_site.celery import app

    url = str(settings.CELERY_BROKER_URL)
    options: dict[str, Any] = {"connect_timeout": BROKER_TIMEOUT_SECONDS}
    if url.startswith(("redis://", "rediss://")):
        options["transport_options"] = {"socket_timeout": BROKER_TIMEOUT_SECONDS}
    queue = app.conf.task_default_queue
    try:
        with app.connection_for_write(url=url, **options) as conn:
            conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
            report: dict[str, Any] = {"ok": True, "transport": conn.transport_cls}
            try:
                _, messages, _ = conn.default_channel.queue_declare(queue=queue, passive=True)
                report["queued_messages"] = messages
            except conn.channel_errors:  # the broker answered: no such queue yet
                report["queued_messages"] = 0
            return report
    except Exception as exc:  # whatever keeps the broker from answering is the report
        return {"ok": False, "error": _error(exc)}


def health_workers(*, daemon: bool = False) -> dict[str, Any]:
    """Run workers (or, with ``daemon``, daemons) whose heartbeat row is fresh (see
    ``runs_app.worker_liveness``)."""
    window = worker_stale_after_seconds()
    try:
        names = workers_alive(daemon=daemon)
    except Exception as exc:  # the database is down: no worker can be known alive
        return {"ok": False, "alive": 0, "names": [], "error": _error(exc)}
    report: dict[str, Any] = {"ok": bool(names), "alive": len(names), "names": names}
    if not names:
        what = "daemon" if daemon else "worker"
        report["error"] = f"no {what} has reported in the last {window:g} s"
    return report


def health_report() -> dict[str, Any]:
    """Every check, ``status`` ``ok`` or ``unavailable``, and the ``failing`` components."""
    checks = {
        "database": health_database(),
        "broker": health_broker(),
        "workers": health_workers(),
        "daemon": health_workers(daemon=True),
    }
    failing = [name for name in COMPONENTS if not checks[name]["ok"]]
    return {"status": "unavailable" if failing else "ok", "failing": failing, **checks}
