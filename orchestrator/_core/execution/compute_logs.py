"""Compute logs: what a step's code writes to stdout and stderr, stored as one file per step and stream.

While a step runs, :func:`capture_step_logs` copies every write to the storage as it happens
(flushed at once, so a reader sees it within moments), up to a cap per stream: past it one
truncation line is written and the rest is dropped. Python writes to ``sys.stdout`` and
``sys.stderr`` are captured always; with ``redirect_fds`` the process's file descriptors 1 and 2
are redirected too, so output of subprocesses and C extensions is captured as well (only where one
step at a time runs in the process).

The storage is behind :class:`ComputeLogStorage`; :class:`LocalComputeLogStorage` keeps files
under a folder: ``<base>/<run_id>/<step_key>.out`` and ``.err``, the step key percent-encoded.
Readers page through a file by byte offset (:meth:`ComputeLogStorage.read`).
"""

import io
import os
import re
import sys
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal, TextIO
from urllib.parse import quote, unquote

Stream = Literal["stdout", "stderr"]
STREAMS: tuple[Stream, ...] = ("stdout", "stderr")
SUFFIXES: dict[Stream, str] = {"stdout": ".out", "stderr": ".err"}
MAX_COMPUTE_LOG_ENV = "ORCHESTRATOR_MAX_COMPUTE_LOG_BYTES"
DEFAULT_MAX_COMPUTE_LOG_BYTES = 10 * 1024 * 1024
TRUNCATION_PREFIX = b"\n[compute log truncated: "
_TRUNCATION = "\n[compute log truncated: {limit} bytes kept ({env}); the rest of {stream} was dropped]\n"
_TAIL_BYTES = 256
_RUN_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$")


@dataclass(frozen=True)
class ComputeLogFile:
    step_key: str
    stream: Stream
    size: int
    truncated: bool


@dataclass(frozen=True)
class ComputeLogChunk:
    """Bytes ``[offset, next_offset)`` of a stream, ending on a UTF-8 character boundary."""

    data: bytes
    offset: int
    next_offset: int
    size: int
    truncated: bool


class ComputeLogStorage(ABC):
    """Where compute logs live. Writers append; readers list a run's files and read them by offset."""

    @abstractmethod
    def open_writer(self, run_id: str, step_key: str, stream: Stream) -> BinaryIO:
        """An unbuffered binary file that appends to the stream's log (created empty if absent)."""

    @abstractmethod
    def list(self, run_id: str) -> list[ComputeLogFile]:
        """The run's logs (none if it has no folder), ordered by step key then stream."""

    @abstractmethod
    def read(self, run_id: str, step_key: str, stream: Stream, offset: int, limit: int) -> ComputeLogChunk:
        """Up to ``limit`` bytes from ``offset``; raises ``FileNotFoundError`` for an unknown log."""


def step_file_name(step_key: str, stream: Stream) -> str:
    """The file name of a step's stream: the key percent-encoded (no ``/``), then ``.out``/``.err``.

    Examples:
        >>> step_file_name("a/b[x]", "stdout")
        'a%2Fb%5Bx%5D.out'
        >>> step_file_name("..", "stderr")
        '%2E%2E.err'
    """
    encoded = quote(step_key, safe="")
    if encoded.startswith("."):
        encoded = "%2E" + encoded[1:]
    return encoded.replace(".", "%2E") + SUFFIXES[stream]


def _parse_file_name(name: str) -> tuple[str, Stream] | None:
    for stream, suffix in SUFFIXES.items():
        if name.endswith(suffix):
            return unquote(name[: -len(suffix)]), stream
    return None


def utf8_boundary(data: bytes) -> int:
    """The length of the longest start of ``data`` that does not end inside a UTF-8 character.

    Examples:
        >>> utf8_boundary("é".encode())
        2
        >>> utf8_boundary("aé".encode()[:2])
        1
        >>> utf8_boundary(b"abc")
        3
    """
    end = len(data)
    for back in range(1, min(4, end) + 1):
        byte = data[end - back]
        if byte & 0xC0 == 0x80:  # a continuation byte: look further back for the lead byte
            continue
        if byte < 0x80:
            return end
        needed = 2 if byte & 0xE0 == 0xC0 else 3 if byte & 0xF0 == 0xE0 else 4 if byte & 0xF8 == 0xF0 else 1
        return end if back >= needed else end - back
    return end


class LocalComputeLogStorage(ComputeLogStorage):
    """Files under ``base_dir`` (by default ``ORCHESTRATOR_HOME/compute_logs``)."""

    def __init__(self, base_dir: str | Path):
        self.base_dir = Path(base_dir)

    def _run_dir(self, run_id: str) -> Path:
        if not _RUN_ID.match(run_id):
            raise FileNotFoundError(f"No compute logs for run {run_id!r}")
        return self.base_dir / run_id

    def path(self, run_id: str, step_key: str, stream: Stream) -> Path:
        return self._run_dir(run_id) / step_file_name(step_key, stream)

    def open_writer(self, run_id: str, step_key: str, stream: Stream) -> BinaryIO:
        path = self.path(run_id, step_key, stream)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("ab", buffering=0)  # type: ignore[return-value]

    def list(self, run_id: str) -> list[ComputeLogFile]:
        try:
            entries = list(os.scandir(self._run_dir(run_id)))
        except FileNotFoundError:
            return []
        found = []
        for entry in entries:
            parsed = _parse_file_name(entry.name)
            if parsed is None or not entry.is_file():
                continue
            size = entry.stat().st_size
            found.append(ComputeLogFile(parsed[0], parsed[1], size, _is_truncated(Path(entry.path), size)))
        return sorted(found, key=lambda f: (f.step_key, STREAMS.index(f.stream)))

    def read(self, run_id: str, step_key: str, stream: Stream, offset: int, limit: int) -> ComputeLogChunk:
        path = self.path(run_id, step_key, stream)
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if offset >= size:
                return ComputeLogChunk(b"", offset, offset, size, _is_truncated(path, size))
            file.seek(offset)
            data = file.read(min(limit, size - offset))
        end = utf8_boundary(data)
        if end == 0:  # a page too small for the character at its end: return the bytes anyway
            end = len(data)
        return ComputeLogChunk(data[:end], offset, offset + end, size, _is_truncated(path, size))


def _is_truncated(path: Path, size: int) -> bool:
    if size < len(TRUNCATION_PREFIX):
        return False
    with path.open("rb") as file:
        file.seek(max(0, size - _TAIL_BYTES))
        return TRUNCATION_PREFIX in file.read()


def max_compute_log_bytes() -> int:
    """``ORCHESTRATOR_MAX_COMPUTE_LOG_BYTES`` (default 10 MiB); a bad value falls back to the default."""
    value = os.environ.get(MAX_COMPUTE_LOG_ENV, "").strip()
    try:
        return int(value) if value else DEFAULT_MAX_COMPUTE_LOG_BYTES
    except ValueError:
        return DEFAULT_MAX_COMPUTE_LOG_BYTES


class CappedLog:
    """Appends bytes to a log file, flushing every write, until ``limit`` bytes; then one notice line.

    The cap counts what the file already holds (a retried step appends to it). Safe across threads.
    """

    def __init__(self, file: BinaryIO, stream: Stream, limit: int):
        self._file = file
        self.stream = stream
        self.limit = limit
        self._lock = threading.Lock()
        self.written = os.fstat(file.fileno()).st_size
        self.truncated = self.written > limit
        self.closed = False

    def write(self, data: bytes) -> None:
        if not data:
            return
        with self._lock:
            if self.truncated or self.closed:
                return
            room = self.limit - self.written
            if len(data) > room:
                data = data[:room]
                data = data[: utf8_boundary(data)]
                self.truncated = True
            try:
                if data:
                    self._file.write(data)
                    self.written += len(data)
                if self.truncated:
                    notice = _TRUNCATION.format(limit=self.limit, env=MAX_COMPUTE_LOG_ENV, stream=self.stream)
                    self._file.write(notice.encode())
            except (OSError, ValueError):  # a full disk must not fail the step
                self.closed = True

    def write_text(self, text: str) -> None:
        self.write(text.encode("utf-8", "replace"))

    def close(self) -> None:
        with self._lock:
            self.closed = True
            self._file.close()


class LiveStream(io.TextIOBase):
    """Stands in for ``sys.stdout``/``sys.stderr`` during a step: each write goes to the log and on.

    ``capture_output`` recognises it (``live_log``, ``forward``) and writes to both itself, so its
    own cap (for the events) and the compute log's cap stay independent.
    """

    def __init__(self, log: CappedLog, forward: TextIO):
        self.live_log = log
        self.forward = forward

    def write(self, text: str) -> int:
        self.live_log.write_text(text)
        self.forward.write(text)
        return len(text)

    def flush(self) -> None:
        self.forward.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"


class _FdPump:
    """Redirects file descriptor ``fd`` into a pipe; a thread copies what arrives to the log and on."""

    def __init__(self, fd: int, log: CappedLog):
        self.fd = fd
        self.log = log
        self.saved = os.dup(fd)
        read_end, write_end = os.pipe()
        os.dup2(write_end, fd)
        os.close(write_end)
        self._read_end = read_end
        self._thread = threading.Thread(target=self._pump, name=f"compute-log-fd{fd}", daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        try:
            while True:
                chunk = os.read(self._read_end, 65536)
                if not chunk:
                    return
                self.log.write(chunk)
                with suppress(OSError):
                    os.write(self.saved, chunk)
        finally:
            os.close(self._read_end)

    def restore(self, wait: float = 2.0) -> None:
        """Put ``fd`` back; wait for what is in the pipe (a child still holding it may keep it open)."""
        os.dup2(self.saved, self.fd)
        self._thread.join(timeout=wait)
        if not self._thread.is_alive():
            os.close(self.saved)


def _text_on(fd: int) -> TextIO:
    """A line-buffered text stream on a duplicate of ``fd`` (closing it leaves ``fd`` open)."""
    return os.fdopen(os.dup(fd), "w", encoding="utf-8", errors="replace", buffering=1)


@contextmanager
def capture_step_logs(
    storage: ComputeLogStorage,
    run_id: str,
    step_key: str,
    *,
    limit: int | None = None,
    redirect_fds: bool = False,
) -> Iterator[None]:
    """Copy the step's stdout and stderr to ``storage`` while the block runs (see the module)."""
    cap = max_compute_log_bytes() if limit is None else limit
    logs = {
        stream: CappedLog(storage.open_writer(run_id, step_key, stream), stream, cap) for stream in STREAMS
    }
    saved = sys.stdout, sys.stderr
    pumps: list[_FdPump] = []
    forwards: list[TextIO] = []
    try:
        out_forward: TextIO = saved[0]
        err_forward: TextIO = saved[1]
        if redirect_fds:
            for stream in (saved[0], saved[1], sys.__stdout__, sys.__stderr__):
                try:
                    if stream is not None:
                        stream.flush()
                except (OSError, ValueError):
                    pass
            pumps = [_FdPump(1, logs["stdout"]), _FdPump(2, logs["stderr"])]
            # Python writes go to the log here, and on to where fd 1 and 2 pointed before (not the pipes).
            forwards = [_text_on(pump.saved) for pump in pumps]
            out_forward, err_forward = forwards
        sys.stdout = LiveStream(logs["stdout"], out_forward)  # type: ignore[assignment]
        sys.stderr = LiveStream(logs["stderr"], err_forward)  # type: ignore[assignment]
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            with suppress(OSError, ValueError):
                stream.flush()
        sys.stdout, sys.stderr = saved
        for pump in pumps:
            pump.restore()
        for forward in forwards:
            forward.close()
        for log in logs.values():
            log.close()
