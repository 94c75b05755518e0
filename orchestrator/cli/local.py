"""Runs recorded in ``ORCHESTRATOR_HOME``'s database and executed by this process.

A local launch is validated against the stored snapshot exactly as the REST API
validates it, recorded as a run, and executed in a thread of this process by the
workers' own code path (step rows, heartbeat, cancellation, batched event
writes), so the UI shows it like any other run. Reads use the API's selectors and
serializers, so ``--json`` output is the same with and without ``--url``.

Import this module only after Django is set up (see ``database.open_local_store``).
"""

import getpass
import logging
import threading
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db import connection

from assets_app.services import asset_wipe, code_location_store
from orchestrator_site.errors import DomainError
from runs_app import selectors, services
from runs_app.api.serializers import RunDetailSerializer, RunEventPageSerializer, RunSerializer
from runs_app.models import Executor

from ._common import CommandError
from .options import LaunchRequest

EVENT_PAGE = 1000


@contextmanager
def domain_errors() -> Iterator[None]:
    """A service's ``DomainError`` becomes exit 2 naming the field, as the API's 400 does."""
    try:
        yield
    except DomainError as exc:
        prefix = "" if exc.field == "detail" else f"{exc.field}: "
        raise CommandError(f"{prefix}{exc.message}") from None


def _plain(data: Any) -> Any:
    """DRF's ``ReturnDict`` / ``ReturnList`` as plain dicts and lists."""
    if isinstance(data, Mapping):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def _cli_user() -> str:
    try:
        return f"cli:{getpass.getuser()}"[:150]
    except (KeyError, OSError):
        return "cli"


@contextmanager
def logs_shown_as_events() -> Iterator[None]:
    """Keep the SDK's Python logger from repeating run log messages the command shows as events."""
    logger = logging.getLogger("orchestrator")
    before = logger.propagate
    logger.propagate = False
    try:
        yield
    finally:
        logger.propagate = before


class LocalBackend:
    """The local database: runs, their events, asset history."""

    def __init__(self) -> None:
        self.label = str(connection.settings_dict.get("NAME") or connection.vendor)
        self._threads: dict[str, threading.Thread] = {}

    # -- launching ------------------------------------------------------------
    def store_location(self, location: Any) -> str:
        """Store the loaded location's snapshot so its runs and assets show in the UI; returns its name."""
        row = code_location_store(location=location)
        if row.status != row.Status.LOADED:
            raise CommandError(
                (row.load_error or {}).get("message", f"code location '{row.name}' did not load")
            )
        return str(row.name)

    def launch(self, request: LaunchRequest, *, location_name: str) -> dict[str, Any]:
        """Validate like the API, then record a QUEUED run (not sent to any worker: this process runs it)."""
        with domain_errors():
            run = services.run_create(
                selection=request.selection,
                job=request.job,
                partition_key=request.partition_key,
                partition_range=request.partition_range,
                tags=request.tags,
                run_config=request.run_config,
                executor=Executor.IN_PROCESS,
                location_name=location_name,
                created_by=_cli_user(),
                dispatch=False,
            )
        return self.run(str(run.id))

    def start(self, run_id: str) -> threading.Thread:
        """Execute the run in a thread, as a worker would."""
        from runs_app.execution import run_execute

        def execute() -> None:
            try:
                run_execute(run_id=run_id)
            except BaseException as exc:  # anything that escapes (SystemExit too) still ends the run
                services.run_fail(
                    run_id=run_id,
                    reason=f"{type(exc).__name__}: {exc}",
                    traceback_text=traceback.format_exc(),
                )
            finally:
                connection.close()

        thread = threading.Thread(target=execute, name=f"run-{run_id[:8]}", daemon=True)
        self._threads[run_id] = thread
        thread.start()
        return thread

    def abandon(self, run_id: str) -> None:
        """Fail a run this process executes but stops waiting for (it would be cut off on exit)."""
        thread = self._threads.get(run_id)
        if thread is not None and thread.is_alive():
            services.run_fail(run_id=run_id, reason="The command line executing this run was interrupted")

    # -- reading --------------------------------------------------------------
    def run(self, run_id: str) -> dict[str, Any]:
        with domain_errors():
            return dict(_plain(RunDetailSerializer(selectors.run_detail(run_id)).data))

    def events(self, run_id: str, after: int) -> dict[str, Any]:
        with domain_errors():
            page = selectors.run_events(run=selectors.run_get(run_id), after=after, limit=EVENT_PAGE)
        return dict(_plain(RunEventPageSerializer(page).data))

    def runs(self, filters: Mapping[str, Any], limit: int) -> list[dict[str, Any]]:
        qs = selectors.run_queryset()
        if filters.get("status"):
            qs = qs.filter(status__in=filters["status"])
        if filters.get("job"):
            qs = qs.filter(job_name=filters["job"])
        tags = [tuple(t.split("=", 1)) for t in filters.get("tag") or ()]
        qs = selectors.run_filter(qs, asset_key=filters.get("asset"), tags=tags)  # type: ignore[arg-type]
        return list(_plain(RunSerializer(qs[:limit], many=True).data))

    # -- changing -------------------------------------------------------------
    def cancel(self, run_id: str) -> dict[str, Any]:
        with domain_errors():
            run = services.run_cancel(run=selectors.run_get(run_id))
        return self.run(str(run.id))

    def wipe(self, keys: list[str]) -> list[str]:
        asset_wipe(keys=keys)
        return keys
