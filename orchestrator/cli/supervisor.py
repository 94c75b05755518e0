"""Run child processes side by side: prefixed output, and all stopped on a signal or when one dies."""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

import click

COLORS = ("cyan", "magenta", "yellow", "blue", "green")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@dataclass
class Child:
    """A started child: its name, process and output reader."""

    name: str
    process: "subprocess.Popen[bytes]"
    reader: threading.Thread


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
    ):
        self.env = dict(env)
        self.stop_timeout = stop_timeout
        self.out = out or sys.stdout
        self.width = width
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

    def _pump(self, stream: IO[bytes], prefix: str) -> None:
        for raw in iter(stream.readline, b""):
            self.echo(prefix + raw.decode(errors="replace").rstrip("\r\n"))
        stream.close()

    def _spawn(self, name: str, argv: Sequence[str]) -> Child:
        process = subprocess.Popen(
            list(argv),
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert process.stdout is not None
        prefix = self._prefix(name, len(self.children))
        reader = threading.Thread(
            target=self._pump, args=(process.stdout, prefix), name=f"output-{name}", daemon=True
        )
        reader.start()
        return Child(name=name, process=process, reader=reader)

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
        """Start a long-running child; its unexpected exit stops the others."""
        child = self._spawn(name, argv)
        self.children.append(child)
        return child

    def _on_signal(self, signum: int, _frame: Any) -> None:
        if self._stopping.is_set():
            self._force.set()
        self._signal = signal.Signals(signum).name
        self._stop.set()

    def wait(self) -> int:
        """Block until a stop signal (exit 0) or a child's exit (exit 1); stop every child either way."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in STOP_SIGNALS}
        try:
            failed: Child | None = None
            while not self._stop.is_set() and failed is None:
                failed = next((c for c in self.children if c.process.poll() is not None), None)
                if failed is None:
                    self._stop.wait(0.2)
            if failed is not None:
                code = failed.process.returncode
                message = f"{failed.name} exited unexpectedly ({describe_exit(code)}); stopping the others"
                self.echo(click.style(message, fg="red") if self._color else message)
            else:
                names = ", ".join(c.name for c in self.children)
                self.echo(f"Received {self._signal}: stopping {names} (send it again to kill them now)")
            self.stop()
            return 0 if failed is None else 1
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

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
