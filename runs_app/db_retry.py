"""Database writes that outlast a lost connection: a restarted PostgreSQL, a busy SQLite.

A worker executing a run must not lose the run's events, nor fail a healthy run,
because the database went away for a moment. The writes a run makes between steps
(event batches, the run's end, a step's end) go through :func:`with_db_retry`: on a
connection error it drops the broken connection and tries again, with back-off, for
up to ``ORCHESTRATOR_DB_RETRY_SECONDS``. Each retried write is one transaction, so a
write cut off half-way is rolled back by the database and written whole the next time.
"""

import contextlib
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

logger = logging.getLogger(__name__)
T = TypeVar("T")
RETRYABLE = (OperationalError, InterfaceError)


def with_db_retry(write: Callable[[], T], *, what: str) -> T:
    """``write()``, tried again after connection errors until the retry window has passed.

    Inside a transaction nothing is retried (the transaction is already lost): the error
    goes to the caller, whose own retry starts the transaction again.
    """
    deadline = time.monotonic() + settings.ORCHESTRATOR_DB_RETRY_SECONDS
    delay = 0.2
    while True:
        try:
            return write()
        except RETRYABLE as exc:
            if connection.in_atomic_block or time.monotonic() + delay > deadline:
                raise
            logger.warning("Database unavailable while %s (%s); retrying in %.1fs", what, exc, delay)
            drop_connection()
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def drop_connection() -> None:
    """Close this thread's connection so the next query opens a new one."""
    with contextlib.suppress(*RETRYABLE):
        connection.close()
