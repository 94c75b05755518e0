"""Who owns a run or step (``host:pid``), and whether that process is gone.

Heartbeats find a lost owner on any machine, after ``ORCHESTRATOR_STALE_AFTER_SECONDS``.
An owner on this machine is checked directly: a process that no longer exists (or is a
zombie waiting to be reaped) lost its work, so the run is failed at once rather than
after the heartbeat timeout. A pid reused by a new process only delays that to the
heartbeat timeout.

A live owner here whose heartbeats stopped is given longer: a database outage holds up
heartbeats, and the owner retries its writes for ``ORCHESTRATOR_DB_RETRY_SECONDS``.
"""

import os
import socket
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings


def worker_name() -> str:
    """``host:pid`` of this process (computed per call: prefork children share the parent's imports)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def local_worker_prefix() -> str:
    """The prefix of the ``worker_name`` of every process on this machine."""
    return f"{socket.gethostname()}:"


def owner_gone(worker: str) -> bool:
    """True when ``worker`` names a process on this machine that has exited."""
    host, _, pid_text = worker.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # someone else's process: alive
        return False
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def silent_before(worker: str, now: datetime) -> datetime:
    """The heartbeat time before which ``worker`` (not gone) counts as silent, hence lost."""
    stale = timedelta(seconds=settings.ORCHESTRATOR_STALE_AFTER_SECONDS)
    if worker.startswith(local_worker_prefix()):
        stale += timedelta(seconds=settings.ORCHESTRATOR_DB_RETRY_SECONDS)
    return now - stale


def in_pool_child() -> bool:
    """Whether this process is a prefork pool child of a Celery worker (which may be killed alone)."""
    from billiard.process import current_process

    return current_process().name.startswith("ForkPoolWorker")


def pool_child_of_worker(pid: int) -> bool:
    """Whether ``pid`` (on this machine) is a prefork child of a Celery worker, not a worker itself."""
    try:
        ppid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        parent = Path(f"/proc/{ppid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError, IndexError):
        return False
    return b"celery" in parent and b"worker" in parent
