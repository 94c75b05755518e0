"""What a followed run looks like: event lines, the progress line on a terminal, the closing summary."""

import io
from typing import Any

import pytest

from orchestrator.cli.follow import RunView, failure_reason, follow, summarize
from orchestrator.cli.output import Console


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def console(monkeypatch: pytest.MonkeyPatch, *, tty: bool = False, json_mode: bool = False) -> Console:
    monkeypatch.delenv("NO_COLOR", raising=False)
    out, err = (Terminal(), Terminal()) if tty else (io.StringIO(), io.StringIO())
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    return Console(json_mode=json_mode)


def event(kind: str, message: str = "", **fields: Any) -> dict[str, Any]:
    return {"type": kind, "level": "INFO", "message": message, "payload": {}, "step_key": None, **fields}


RUN_EVENTS = [
    event("RUN_START", "Started run"),
    event("STEP_START", "Started a", step_key="a"),
    event("LOG_MESSAGE", "hello", step_key="a"),
    event("LOG_MESSAGE", "noise", step_key="a", level="DEBUG"),
    event("ASSET_MATERIALIZATION", "Materialized a", step_key="a", asset_key="a"),
    event("STEP_SUCCESS", "Finished a", step_key="a"),
    event("STEP_START", "Started b", step_key="b"),
    event(
        "STEP_FAILURE",
        "b failed: ValueError: no",
        step_key="b",
        payload={"error": {"traceback": "Traceback\n  line\nValueError: no\n"}},
    ),
    event("STEP_SKIPPED", "Skipped c", step_key="c"),
    event("RUN_FAILURE", "Run failed: step(s) b failed"),
]


def test_events_as_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    c = console(monkeypatch)
    view = RunView(c)

    for e in RUN_EVENTS:
        view.handle(e)
    view.close()

    assert c.out.getvalue().splitlines() == [
        "  a: hello",
        "✓ Materialized a",
        "✗ b failed: ValueError: no",
        "    Traceback",
        "      line",
        "    ValueError: no",
        "- Skipped c",
    ]
    assert view.materialized == ["a"]
    assert view.failed_steps == ["b"]


def test_progress_line_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    c = console(monkeypatch, tty=True)
    view = RunView(c, total_steps=4)

    for e in RUN_EVENTS[:2]:
        view.handle(e)
    shown = c.out.getvalue()
    view.close()

    assert shown.endswith("\r\x1b[2K\x1b[36m[------------------------] 0/4 steps  a\x1b[0m")
    assert c.out.getvalue().endswith("\r\x1b[2K")


def test_json_mode_keeps_stdout_for_json(monkeypatch: pytest.MonkeyPatch) -> None:
    c = console(monkeypatch, json_mode=True)
    view = RunView(c)
    view.handle(RUN_EVENTS[4])

    code = summarize(c, {"id": "r1", "status": "SUCCESS", "materialized_asset_keys": ["a"]}, view)

    assert code == 0
    assert c.out.getvalue().startswith('{\n  "id": "r1",')
    assert c.err.getvalue().splitlines() == ["✓ Materialized a", "✓ Run r1 succeeded: materialized a"]


@pytest.mark.parametrize(
    ("run", "code", "line"),
    [
        (
            {
                "id": "r",
                "status": "SUCCESS",
                "start_time": "2026-01-01T00:00:00Z",
                "end_time": "2026-01-01T00:00:01.5Z",
            },
            0,
            "✓ Run r succeeded in 1.50s",
        ),
        ({"id": "r", "status": "FAILURE", "failure_reason": "boom"}, 1, "✗ Run r failed: boom"),
        ({"id": "r", "status": "CANCELED"}, 1, "Run r was canceled"),
    ],
)
def test_summary_and_exit_code(
    monkeypatch: pytest.MonkeyPatch, run: dict[str, Any], code: int, line: str
) -> None:
    c = console(monkeypatch)

    assert summarize(c, run) == code
    assert c.out.getvalue() == line + "\n"


def test_failure_reason_falls_back_to_failed_steps() -> None:
    run = {"status": "FAILURE", "failure_reason": "", "steps": [{"step_key": "b", "status": "FAILURE"}]}

    assert failure_reason(run) == "step(s) b failed"
    assert failure_reason({"status": "FAILURE"}) == "FAILURE"


class Pages:
    """A run source answering from canned event pages."""

    def __init__(self, pages: list[list[dict[str, Any]]]):
        self.pages = pages
        self.canceled = False

    def events(self, run_id: str, after: int) -> dict[str, Any]:
        events = self.pages[after]
        last = after == len(self.pages) - 1
        return {
            "events": events,
            "cursor": after + 1 if not last else after,
            "has_more": False,
            "is_finished": last,
            "run_status": "STARTED",
        }

    def run(self, run_id: str) -> dict[str, Any]:
        return {"id": run_id, "status": "SUCCESS", "steps": [{"step_key": "a"}, {"step_key": "b"}]}

    def cancel(self, run_id: str) -> dict[str, Any]:
        self.canceled = True
        return self.run(run_id)


def test_follow_reads_pages_until_the_run_finishes(monkeypatch: pytest.MonkeyPatch) -> None:
    c = console(monkeypatch)
    view = RunView(c)
    source = Pages([[RUN_EVENTS[0]], [RUN_EVENTS[4]], [event("RUN_SUCCESS")]])

    final = follow(source, "r1", view, c, poll_interval=0)

    assert final["status"] == "SUCCESS"
    assert view.total == 2
    assert c.out.getvalue() == "✓ Materialized a\n"
