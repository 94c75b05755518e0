"""The process supervisor behind ``orchestrator dev``: prefixed output, stop on a signal or a child's death."""

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


def python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie awaiting its parent counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


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


def test_a_child_that_dies_stops_the_others_and_fails(out: io.StringIO) -> None:
    supervisor = Supervisor(os.environ, out=out, stop_timeout=5)
    web = supervisor.start("web", python(SLEEPER))
    supervisor.start("worker", python("import sys, time; time.sleep(0.5); sys.exit(3)"))

    assert supervisor.wait() == 1

    assert "worker exited unexpectedly (exit code 3); stopping the others" in out.getvalue()
    assert web.process.returncode == -signal.SIGTERM
    assert "web    | up" in out.getvalue()


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
