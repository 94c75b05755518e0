"""The process supervisor behind ``orchestrator dev``: prefixed output, restarts with back-off, stop on a signal."""

import io
import os
import signal
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from orchestrator.cli.supervisor import Supervisor, describe_exit
from tests.fixtures.processes import alive


def python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def wait_for(predicate: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


SLEEPER = "import time; print('up', flush=True); time.sleep(60)"


@pytest.fixture
def out() -> io.StringIO:
    return io.StringIO()


def test_run_once_prefixes_output_and_returns_the_exit_code(out: io.StringIO) -> None:
    supervisor = Supervisor(os.environ, out=out)

    code = supervisor.run_once(
        "load", python("import sys; print('one'); print('two', file=sys.stderr); sys.exit(2)")
    )

    assert code == 2
    assert sorted(out.getvalue().splitlines()) == ["load   | one", "load   | two"]


def test_a_child_that_dies_is_restarted_with_its_exit_status_logged(out: io.StringIO, tmp_path: Path) -> None:
    supervisor = Supervisor(os.environ, out=out, stop_timeout=5, restart_base=0.1)
    web = supervisor.start("web", python(SLEEPER))
    marker = tmp_path / "died-once"
    flaky = f"""
        import pathlib, sys, time
        marker = pathlib.Path({str(marker)!r})
        if not marker.exists():
            marker.touch()
            print("first start", flush=True)
            sys.exit(3)
        print("second start", flush=True)
        time.sleep(60)
    """
    worker = supervisor.start("worker", python(flaky))
    first_pid = worker.process.pid
    threading.Timer(3.0, os.kill, (os.getpid(), signal.SIGTERM)).start()

    assert supervisor.wait() == 0

    text = out.getvalue()
    assert "worker exited unexpectedly (exit code 3); restarting it in 0.1s" in text
    assert f"Restarted worker (pid {worker.process.pid})" in text
    assert worker.process.pid != first_pid
    assert "worker | second start" in text
    assert web.process.returncode == -signal.SIGTERM  # untouched until the stop


def test_a_child_failing_five_times_in_a_minute_stops_everything_with_its_last_lines(
    out: io.StringIO,
) -> None:
    supervisor = Supervisor(os.environ, out=out, stop_timeout=5, restart_base=0.01)
    web = supervisor.start("web", python(SLEEPER))
    supervisor.start("worker", python("import sys; print('cannot connect to the broker'); sys.exit(3)"))

    assert supervisor.wait() == 1

    lines = out.getvalue().splitlines()
    assert lines.count("worker | cannot connect to the broker") == 5
    assert [line for line in lines if "restarting it in" in line] == [
        f"worker exited unexpectedly (exit code 3); restarting it in {delay:g}s"
        for delay in (0.01, 0.02, 0.04, 0.08)
    ]
    given_up = lines.index(
        "worker exited unexpectedly (exit code 3), 5 times within 60s: stopping everything. Its last lines:"
    )
    assert lines[given_up + 1] == "  cannot connect to the broker"
    assert web.process.returncode == -signal.SIGTERM


def test_children_are_told_to_die_with_the_supervisor(out: io.StringIO) -> None:
    supervisor = Supervisor(os.environ, out=out)

    supervisor.run_once("env", python("import os; print(os.environ['ORCHESTRATOR_DIE_WITH_PARENT'])"))

    assert out.getvalue().splitlines() == [f"env    | {os.getpid()}"]


def test_a_stop_signal_stops_every_child_and_succeeds(out: io.StringIO) -> None:
    supervisor = Supervisor(os.environ, out=out, stop_timeout=5)
    children = [supervisor.start(name, python(SLEEPER)) for name in ("web", "worker", "beat")]
    wait_for(lambda: out.getvalue().count("| up") == 3)
    handler_before = signal.getsignal(signal.SIGTERM)
    threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM)).start()

    assert supervisor.wait() == 0

    assert "Received SIGTERM: stopping web, worker, beat (send it again to kill them now)" in out.getvalue()
    assert all(not alive(child.process.pid) for child in children)
    assert signal.getsignal(signal.SIGTERM) is handler_before


def test_stop_kills_a_child_that_ignores_sigterm_and_its_grandchildren(out: io.StringIO) -> None:
    supervisor = Supervisor(os.environ, out=out, stop_timeout=1)
    stubborn = supervisor.start(
        "worker",
        python(
            f"""
            import signal, subprocess, sys, time
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            grandchild = subprocess.Popen([sys.executable, "-c", {SLEEPER!r}])
            print("grandchild", grandchild.pid, flush=True)
            time.sleep(60)
            """
        ),
    )
    wait_for(lambda: "grandchild" in out.getvalue() and "| up" in out.getvalue())
    grandchild = int(out.getvalue().split("grandchild ")[1].split()[0])

    supervisor.stop()

    assert stubborn.process.returncode == -signal.SIGKILL
    assert "worker did not stop: killing it (after 1s)" in out.getvalue()
    wait_for(lambda: not alive(grandchild), timeout=5)


@pytest.mark.parametrize(
    ("code", "text"),
    [(0, "exit code 0"), (3, "exit code 3"), (-9, "killed by SIGKILL"), (-15, "killed by SIGTERM")],
)
def test_describe_exit(code: int, text: str) -> None:
    assert describe_exit(code) == text


def test_a_second_signal_kills_at_once(out: io.StringIO) -> None:
    supervisor = Supervisor(os.environ, out=out, stop_timeout=60)
    stubborn = supervisor.start(
        "worker",
        python(
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('up', flush=True); time.sleep(60)"
        ),
    )
    wait_for(lambda: "| up" in out.getvalue())
    for delay in (0.2, 1.0):
        threading.Timer(delay, os.kill, (os.getpid(), signal.SIGINT)).start()
    started = time.monotonic()

    assert supervisor.wait() == 0

    assert time.monotonic() - started < 10
    assert stubborn.process.returncode == -signal.SIGKILL
    assert "worker did not stop: killing it (on request)" in out.getvalue()
