"""Which workers are alive, from the database: each worker reports in on its own.

A worker's main process upserts its ``WorkerHeartbeat`` row (``host:pid``) when it
is ready and then every ``ORCHESTRATOR_HEARTBEAT_SECONDS`` from a thread; a worker
is alive while its row is younger than ``ORCHESTRATOR_STALE_AFTER_SECONDS``. This
needs no broadcast and no Celery event heartbeats (workers run with
``--without-heartbeat``), so it works on every broker; a stopped worker removes its
row, a killed one ages out. The daemon (a worker of its own for periodic work) reports
as ``daemon/host:pid``, so it is told apart from the workers that execute runs.
"""

import logging
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from .models import WorkerHeartbeat
from .process_liveness import worker_name

logger = logging.getLogger(__name__)

PRUNE_AFTER = timedelta(days=1)
DAEMON_PREFIX = "daemon/"


def worker_stale_after_seconds() -> float:
    return float(settings.ORCHESTRATOR_STALE_AFTER_SECONDS)


def worker_heartbeat_record(*, name: str, now: datetime | None = None) -> None:
    """Mark worker ``name`` seen at ``now`` (an UPDATE; the first report inserts its row)."""
    now = now or timezone.now()
    if not WorkerHeartbeat.objects.filter(name=name).update(last_seen=now):
        WorkerHeartbeat.objects.get_or_create(name=name, defaults={"started_at": now, "last_seen": now})


def worker_heartbeat_remove(*, name: str) -> None:
    WorkerHeartbeat.objects.filter(name=name).delete()


def worker_heartbeat_prune(*, now: datetime | None = None) -> int:
    """Forget workers silent for a day (killed ones never remove their row)."""
    cutoff = (now or timezone.now()) - PRUNE_AFTER
    deleted, _ = WorkerHeartbeat.objects.filter(last_seen__lt=cutoff).delete()
    return deleted


def workers_alive(*, now: datetime | None = None, daemon: bool = False) -> list[str]:
    """Names of the run workers (or, with ``daemon``, the daemons) that reported in within the
    stale window, by name."""
    cutoff = (now or timezone.now()) - timedelta(seconds=worker_stale_after_seconds())
    fresh = WorkerHeartbeat.objects.filter(last_seen__gte=cutoff)
    fresh = (
        fresh.filter(name__startswith=DAEMON_PREFIX)
        if daemon
        else fresh.exclude(name__startswith=DAEMON_PREFIX)
    )
    return list(fresh.order_by("name").values_list("name", flat=True))


class _HeartbeatThread(threading.Thread):
    def __init__(self, name: str, interval: float):
        super().__init__(name="worker-liveness", daemon=True)
        self.worker = name
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    worker_heartbeat_record(name=self.worker)
                except DatabaseError:  # the database is away: report again next time
                    logger.warning("Could not record the heartbeat of worker %s", self.worker, exc_info=True)
                    connection.close()
        finally:
            connection.close()


_thread: _HeartbeatThread | None = None


def worker_liveness_start(*, daemon: bool = False) -> None:
    """Report this worker in now and keep reporting from a thread (called once, when the worker is ready)."""
    global _thread
    name = f"{DAEMON_PREFIX if daemon else ''}{worker_name()}"
    try:
        worker_heartbeat_record(name=name)
        worker_heartbeat_prune()
    except DatabaseError:
        logger.warning("Could not record the heartbeat of worker %s", name, exc_info=True)
    if _thread is None or not _thread.is_alive():
        _thread = _HeartbeatThread(name, float(settings.ORCHESTRATOR_HEARTBEAT_SECONDS))
        _thread.start()


def worker_liveness_stop() -> None:
    """Stop reporting and remove this worker's row (called when the worker shuts down)."""
    global _thread
    thread, _thread = _thread, None
    if thread is None:
        return
    thread.stopped.set()
    thread.join(timeout=5)
    try:
        worker_heartbeat_remove(name=thread.worker)
    except DatabaseError:
        logger.warning("Could not remove the heartbeat of this worker", exc_info=True)
