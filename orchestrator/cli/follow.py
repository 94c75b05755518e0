"""Following a run: its events as they are stored, a progress line over its steps, a summary.

Events are the REST API's shape (``type``, ``level``, ``step_key``, ``asset_key``,
``partition``, ``message``, ``payload``, ``timestamp``) whether they come from the
server or from the local database, so one view shows both.
"""

import datetime as dt
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import click

from ._common import EXIT_RUN_FAILED, CommandError, RunFailedError
from .output import Console

FINISHED_STATUSES = ("SUCCESS", "FAILURE", "CANCELED")
_STEP_END = ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED")
_LEVELS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}
_LEVEL_COLOURS = {"WARNING": "yellow", "ERROR": "red", "CRITICAL": "red"}
_STEP_OUTPUT = ("LOG_MESSAGE", "STDOUT", "STDERR")


class RunSource(Protocol):
    """Where a run's state and events are read: the local database or the REST API."""

    def run(self, run_id: str) -> dict[str, Any]: ...

    def events(self, run_id: str, after: int) -> dict[str, Any]: ...

    def cancel(self, run_id: str) -> dict[str, Any]: ...


class EventView(Protocol):
    """Shows a run's events (``RunView`` for a launch, ``LogView`` for ``run logs``)."""

    @property
    def needs_total(self) -> bool: ...

    def handle(self, event: Mapping[str, Any]) -> None: ...

    def set_total(self, total: int) -> None: ...

    def close(self) -> None: ...


def _traceback(event: Mapping[str, Any]) -> str:
    error = (event.get("payload") or {}).get("error") or {}
    return str(error.get("traceback") or "").rstrip()


class RunView:
    """Shows what a run does as it happens (materializations, failures, logs) with a progress line."""

    def __init__(self, console: Console, *, total_steps: int | None = None):
        self.console = console
        self.total = total_steps
        self.started = False
        self.running: dict[str, None] = {}
        self.ended: set[str] = set()
        self.materialized: list[str] = []
        self.failed_steps: list[str] = []

    @property
    def needs_total(self) -> bool:
        return self.total is None and self.started

    def set_total(self, total: int) -> None:
        self.total = total or None
        self._draw()

    def handle(self, event: Mapping[str, Any]) -> None:
        kind, step = event.get("type"), event.get("step_key")
        c = self.console
        if kind == "RUN_START":
            self.started = True
        elif kind == "STEP_START" and step:
            self.started = True
            self.running[step] = None
        elif kind in _STEP_END and step:
            self.running.pop(step, None)
            self.ended.add(step)
            if kind == "STEP_FAILURE":
                self.failed_steps.append(step)
                c.line(f"{c.fail_mark} {event['message']}", fg="red")
                self._print_traceback(event)
            elif kind == "STEP_SKIPPED":
                c.line(f"- {event['message']}", fg="yellow")
        elif kind == "ASSET_MATERIALIZATION":
            key = str(event.get("asset_key") or "")
            if key not in self.materialized:
                self.materialized.append(key)
            c.line(f"{c.ok_mark} {event['message']}", fg="green")
        elif kind == "ASSET_CHECK_EVALUATION":
            passed = bool((event.get("payload") or {}).get("passed"))
            mark, colour = (c.ok_mark, "green") if passed else (c.fail_mark, "red")
            c.line(f"{mark} {event['message']}", fg=colour)
        elif kind == "STEP_UP_FOR_RETRY":
            c.line(f"{c.retry_mark} {event['message']}", fg="yellow")
        elif kind == "LOG_MESSAGE" and _LEVELS.get(str(event.get("level")), 0) >= 20:
            level = str(event.get("level"))
            prefix = f"  {step}: " if step else "  "
            c.line(f"{prefix}{event['message']}", fg=_LEVEL_COLOURS.get(level), dim=level == "INFO")
        elif kind == "RUN_FAILURE" and not self.failed_steps:
            c.line(f"{c.fail_mark} {event['message']}", fg="red")
            self._print_traceback(event)
        elif kind in ("RUN_CANCELING", "RUN_CANCELED"):
            c.line(str(event["message"]), fg="yellow")
        self._draw()

    def _print_traceback(self, event: Mapping[str, Any]) -> None:
        text = _traceback(event)
        if text:
            self.console.line("\n".join(f"    {line}" for line in text.splitlines()), dim=True)

    def _draw(self) -> None:
        if not self.started:
            return
        label = ""
        if self.running:
            names = list(self.running)
            label = names[0] + (f" +{len(names) - 1}" if len(names) > 1 else "")
        self.console.progress.update(len(self.ended), self.total, label)

    def close(self) -> None:
        self.console.progress.stop()


class LogView:
    """Every event as a log line (time, level, type, message) with tracebacks and printed output."""

    needs_total = False

    def __init__(self, console: Console):
        self.console = console

    def set_total(self, total: int) -> None:
        return None

    def handle(self, event: Mapping[str, Any]) -> None:
        c = self.console
        if c.json_mode:
            c.json_line(dict(event))
            return
        level, kind = str(event.get("level") or ""), str(event.get("type"))
        colour = _LEVEL_COLOURS.get(level)
        if kind in ("STEP_FAILURE", "RUN_FAILURE"):
            colour = "red"
        elif kind in ("ASSET_MATERIALIZATION", "RUN_SUCCESS"):
            colour = "green"
        step = event.get("step_key") if kind in _STEP_OUTPUT else None
        head = click.style(f"{_clock(str(event.get('timestamp') or ''))} {level:<7} {kind:<22}", dim=True)
        body = click.style(f"{step + ': ' if step else ''}{event.get('message', '')}", fg=colour)
        c.line(f"{head} {body}")
        payload = event.get("payload") or {}
        if kind in ("STDOUT", "STDERR") and payload.get("text"):
            c.line(str(payload["text"]).rstrip("\n"), dim=True)
        text = _traceback(event)
        if text:
            c.line(text, dim=True)

    def close(self) -> None:
        return None


def _clock(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%H:%M:%S.%f")[:-3]
    except ValueError:
        return iso


def follow(
    source: RunSource,
    run_id: str,
    view: EventView,
    console: Console,
    *,
    poll_interval: float = 0.2,
    alive: Callable[[], bool] | None = None,
    cancel_on_interrupt: bool = True,
    on_abandon: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Show the run's events until it finishes; returns the finished run.

    ``alive`` tells whether the run's executor (a thread of this process) still
    runs. On Ctrl-C the run is asked to cancel and followed on; a second Ctrl-C
    stops waiting (``on_abandon`` is called first) and exits 1.
    """
    cursor = 0
    interrupted = False
    executor_gone = False
    while True:
        try:
            page = source.events(run_id, cursor)
            for event in page["events"]:
                view.handle(event)
            cursor = int(page["cursor"])
            if page["is_finished"]:
                break
            if view.needs_total:
                view.set_total(len(source.run(run_id).get("steps") or []))
            if alive is not None and not alive():
                if executor_gone:
                    raise RunFailedError(f"run {run_id} stopped without finishing ({page['run_status']})")
                executor_gone = True
                continue
            if not page.get("has_more"):
                time.sleep(poll_interval)
        except KeyboardInterrupt:
            if interrupted or not cancel_on_interrupt:
                view.close()
                if on_abandon is not None:
                    on_abandon()
                raise RunFailedError(f"stopped waiting for run {run_id}") from None
            interrupted = True
            view.close()
            console.line(f"Canceling run {run_id} (Ctrl-C again to stop waiting)...", fg="yellow")
            try:
                source.cancel(run_id)
            except CommandError as exc:
                console.line(f"Could not cancel: {exc.format_message()}", fg="yellow")
    view.close()
    return source.run(run_id)


def _duration(run: Mapping[str, Any]) -> str:
    try:
        start = dt.datetime.fromisoformat(str(run.get("start_time")))
        end = dt.datetime.fromisoformat(str(run.get("end_time")))
    except ValueError:
        return ""
    return f" in {(end - start).total_seconds():.2f}s"


def failure_reason(run: Mapping[str, Any], failed_steps: list[str] | None = None) -> str:
    """Why the run failed: its recorded reason, else the steps that failed."""
    if run.get("failure_reason"):
        return str(run["failure_reason"])
    failed = failed_steps or [s["step_key"] for s in run.get("steps") or () if s.get("status") == "FAILURE"]
    return f"step(s) {', '.join(failed)} failed" if failed else str(run.get("status"))


def summarize(console: Console, run: Mapping[str, Any], view: RunView | None = None) -> int:
    """One closing line about the run (its JSON with ``--json``); returns the exit code it deserves."""
    status = str(run.get("status"))
    if console.json_mode:
        console.json(dict(run))
    keys = list(run.get("materialized_asset_keys") or (view.materialized if view else []))
    took = _duration(run)
    if status == "SUCCESS":
        what = f": materialized {', '.join(keys)}" if keys else ""
        console.line(f"{console.ok_mark} Run {run['id']} succeeded{took}{what}", fg="green", bold=True)
        return 0
    if status == "CANCELED":
        console.line(f"Run {run['id']} was canceled{took}", fg="yellow", bold=True)
    else:
        reason = failure_reason(run, view.failed_steps if view else None)
        console.line(f"{console.fail_mark} Run {run['id']} failed{took}: {reason}", fg="red", bold=True)
    return EXIT_RUN_FAILED
