"""Run child processes side by side: prefixed output, restarted when one dies, all stopped on a signal.

Children die with the supervisor however it ends (SIGKILL included): each is started
with ``ORCHESTRATOR_DIE_WITH_PARENT`` naming the supervisor, which the ``orchestrator``
command turns into the kernel's parent-death signal (see ``orchestrator._core.parent_death``).
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

import click

from orchestrator._core.parent_death import PARENT_PID_VARIABLE

COLORS = ("cyan", "magenta", "yellow", "blue", "green")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# A child that dies this many times within the window is not started again: the stack stops.
MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 60.0
LAST_LINES = 20


@dataclass
class Child:
    """A started child: its name, command, process, output reader and what it printed last."""

    name: str
    argv: list[str]
    process: "subprocess.Popen[bytes]"
    reader: threading.Thread
    index: int
    last_lines: "deque[str]" = field(default_factory=lambda: deque(maxlen=LAST_LINES))
    failures: list[float] = field(default_factory=list)
    restart_at: float | None = None


def restart_delay(failures: int, base: float = 0.5) -> float:
    """Back-off before the ``failures``-th restart: 0.5 s, 1 s, 2 s, 4 s... at most 30 s."""
    return float(min(base * 2 ** (failures - 1), 30.0))


def describe_exit(code: int) -> str:
    """``exit code 3`` or ``killed by SIGKILL``."""
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class Supervisor:
    """Starts children in their own process groups, prefixes their output, and stops them together.

    A terminal's Ctrl-C reaches only this process; the supervisor then sends each
    child SIGTERM, waits ``stop_timeout`` seconds, and kills what is left (the
    child's whole process group, so no grandchild outlives it).
    """

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        stop_timeout: float = 10.0,
        out: IO[str] | None = None,
        width: int = 6,
        restart_base: float = 0.5,
    ):
        self.env = dict(env)
        self.stop_timeout = stop_timeout
        self.out = out or sys.stdout
        self.width = width
        self.restart_base = restart_base
        self.children: list[Child] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._stopping = threading.Event()
        self._force = threading.Event()
        self._signal: str | None = None
        self._color = self.out.isatty()

    # -- output -------------------------------------------------------------
    def echo(self, line: str = "") -> None:
        with self._lock:
            self.out.write(line + "\n")
            self.out.flush()

    def _prefix(self, name: str, index: int) -> str:
        text = f"{name:<{self.width}} | "
        return click.style(text, fg=COLORS[index % len(COLORS)]) if self._color else text

    def _pump(self, stream: IO[bytes], prefix: str, last_lines: "deque[str]") -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode(errors="replace").rstrip("\r\n")
            last_lines.append(line)
            self.echo(prefix + line)
        stream.close()

    def _spawn(self, name: str, argv: Sequence[str], index: int | None = None) -> Child:
        process = subprocess.Popen(
            list(argv),
            env={**self.env, PARENT_PID_VARIABLE: str(os.getpid())},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert process.stdout is not None
        index = len(self.children) if index is None else index
        last_lines: deque[str] = deque(maxlen=LAST_LINES)
        reader = threading.Thread(
            target=self._pump,
            args=(process.stdout, self._prefix(name, index), last_lines),
            name=f"output-{name}",
            daemon=True,
        )
        reader.start()
        return Child(name, list(argv), process, reader, index, last_lines)

    # -- lifecycle ----------------------------------------------------------
    def run_once(self, name: str, argv: Sequence[str], *, timeout: float | None = None) -> int:
        """Run ``argv`` to completion with prefixed output; returns its exit code.

        Raises:
            subprocess.TimeoutExpired: after killing the child's process group, when it runs
                longer than ``timeout`` seconds.
        """
        child = self._spawn(name, argv)
        try:
            code = child.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(child.process.pid)
            child.process.wait()
            child.reader.join(timeout=5)
            raise
        except BaseException:
            self._terminate([child])
            raise
        child.reader.join(timeout=5)
        return code

    def start(self, name: str, argv: Sequence[str]) -> Child:
        """Start a long-running child; it is restarted when it exits unexpectedly (see :meth:`wait`)."""
        child = self._spawn(name, argv)
        self.children.append(child)
        return child

    def _on_signal(self, signum: int, _frame: Any) -> None:
        if self._stopping.is_set():
            self._force.set()
        self._signal = signal.Signals(signum).name
        self._stop.set()

    def wait(self) -> int:
        """Block until a stop signal (exit 0), restarting children that die, or until one died
        ``MAX_FAILURES`` times within ``FAILURE_WINDOW_SECONDS`` (exit 1); stop every child."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in STOP_SIGNALS}
        try:
            given_up: Child | None = None
            while not self._stop.is_set() and given_up is None:
                for child in list(self.children):
                    if child.restart_at is not None:
                        if time.monotonic() >= child.restart_at:
                            self._restart(child)
                    elif child.process.poll() is not None and self._on_exit(child):
                        given_up = child
                        break
                if given_up is None:
                    self._stop.wait(0.2)
            if given_up is None:
                names = ", ".join(c.name for c in self.children)
                self.echo(f"Received {self._signal}: stopping {names} (send it again to kill them now)")
            self.stop()
            return 0 if given_up is None else 1
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _on_exit(self, child: Child) -> bool:
        """Schedule the restart of a child that exited; True when it failed too often to restart."""
        child.reader.join(timeout=2)  # its last lines
        now = time.monotonic()
        child.failures = [t for t in child.failures if now - t < FAILURE_WINDOW_SECONDS] + [now]
        exit_text = describe_exit(child.process.returncode)
        if len(child.failures) >= MAX_FAILURES:
            lines = [
                f"{child.name} exited unexpectedly ({exit_text}), {len(child.failures)} times within "
                f"{FAILURE_WINDOW_SECONDS:.0f}s: stopping everything. Its last lines:",
                *(f"  {line}" for line in child.last_lines),
            ]
            for line in lines:
                self.echo(click.style(line, fg="red") if self._color else line)
            return True
        delay = restart_delay(len(child.failures), self.restart_base)
        message = f"{child.name} exited unexpectedly ({exit_text}); restarting it in {delay:g}s"
        self.echo(click.style(message, fg="yellow") if self._color else message)
        _kill_group(child.process.pid)  # what it left behind (pool processes...) goes with it
        child.restart_at = now + delay
        return False

    def _restart(self, child: Child) -> None:
        fresh = self._spawn(child.name, child.argv, child.index)
        child.process, child.reader, child.last_lines = fresh.process, fresh.reader, fresh.last_lines
        child.restart_at = None
        self.echo(f"Restarted {child.name} (pid {child.process.pid})")

    def stop(self) -> None:
        """Stop every child: SIGTERM, then SIGKILL to its process group after ``stop_timeout``."""
        self._terminate(list(reversed(self.children)))

    @property
    def stopping(self) -> bool:
        """Whether the children are being (or have been) stopped."""
        return self._stopping.is_set()

    def _terminate(self, children: Sequence[Child]) -> None:
        self._stopping.set()
        for child in children:
            if child.process.poll() is None:
                _signal_process(child.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        for child in children:
            while child.process.poll() is None and time.monotonic() < deadline and not self._force.is_set():
                time.sleep(0.05)
            if child.process.poll() is None:
                reason = "on request" if self._force.is_set() else f"after {self.stop_timeout:.0f}s"
                self.echo(f"{child.name} did not stop: killing it ({reason})")
            # Whatever is left in the child's group (worker pool processes...) goes too.
            _kill_group(child.process.pid)
            child.process.wait()
        for child in children:
            child.reader.join(timeout=2)


def _signal_process(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
