"""Capturing what user code prints to stdout and stderr during a step, up to a size cap."""

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from ..errors import OrchestratorError

MAX_STEP_OUTPUT_ENV = "ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES"
DEFAULT_MAX_STEP_OUTPUT_BYTES = 4 * 1024 * 1024


def max_step_output_bytes() -> int:
    """Bytes of each stream a step keeps: ``ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES``, default 4 MiB.

    Raises:
        OrchestratorError: if the variable is not a whole number of bytes.

    Examples:
        >>> max_step_output_bytes() == int(os.environ.get(MAX_STEP_OUTPUT_ENV) or 4 * 1024 * 1024)
        True
    """
    value = os.environ.get(MAX_STEP_OUTPUT_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_STEP_OUTPUT_BYTES
    try:
        limit = int(value)
    except ValueError:
        limit = -1
    if limit < 0:
        raise OrchestratorError(f"{MAX_STEP_OUTPUT_ENV}={value!r} is not a whole number of bytes")
    return limit


def _byte_length(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def _head(text: str, size: int) -> str:
    """The longest start of ``text`` that fits in ``size`` UTF-8 bytes."""
    if text.isascii():
        return text[:size]
    return text.encode("utf-8", "surrogatepass")[:size].decode("utf-8", "ignore")


class _Tee(io.TextIOBase):
    """Writes to the original stream and keeps a copy, both up to ``limit`` bytes; counts the rest."""

    def __init__(self, original: TextIO, name: str, limit: int):
        # Inside ``capture_step_logs`` every write also goes to the step's compute log, under its own cap.
        self._live_log = getattr(original, "live_log", None)
        self._original = getattr(original, "forward", original)
        self.stream_name = name
        self.limit = limit
        self.buffer_text: list[str] = []
        self.kept_bytes = 0
        self.dropped_bytes = 0

    def write(self, text: str) -> int:
        written = len(text)
        if self._live_log is not None:
            self._live_log.write_text(text)
        if self.dropped_bytes:
            self.dropped_bytes += _byte_length(text)
            return written
        size = _byte_length(text)
        if self.kept_bytes + size > self.limit:
            head = _head(text, self.limit - self.kept_bytes)
            self.dropped_bytes = size - _byte_length(head)
            text, size = head, size - self.dropped_bytes
            if not text:
                return written
        self.kept_bytes += size
        self.buffer_text.append(text)
        self._original.write(text)
        return written

    def flush(self) -> None:
        self._original.flush()

    @property
    def text(self) -> str:
        return "".join(self.buffer_text)

    def dropped_notice(self) -> tuple[str, dict[str, Any]] | None:
        """The message and payload of the event saying how much was dropped; None if nothing was."""
        if not self.dropped_bytes:
            return None
        total = self.kept_bytes + self.dropped_bytes
        message = (
            f"[{self.dropped_bytes} more bytes of {self.stream_name} dropped: the step printed {total} bytes, "
            f"of which the first {self.kept_bytes} are kept ({MAX_STEP_OUTPUT_ENV}={self.limit})]"
        )
        payload = {
            "text": message + "\n",
            "truncated": True,
            "dropped_bytes": self.dropped_bytes,
            "total_bytes": total,
            "max_bytes": self.limit,
        }
        return message, payload


@contextmanager
def capture_output(limit: int | None = None) -> Iterator[tuple[_Tee, _Tee]]:
    """Tee ``sys.stdout``/``sys.stderr`` for the duration of the block, keeping at most ``limit`` bytes each.

    Python-level writes are captured (``print``, ``logging`` to a stream);
    output written by C extensions straight to file descriptors is not. Past ``limit``
    (default :func:`max_step_output_bytes`) a stream is neither kept nor passed on, only
    counted, and a one-line notice goes to the original stream when the block ends.
    """
    cap = max_step_output_bytes() if limit is None else limit
    out, err = _Tee(sys.stdout, "stdout", cap), _Tee(sys.stderr, "stderr", cap)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err  # type: ignore[assignment]
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = saved
        for tee, original in ((out, saved[0]), (err, saved[1])):
            notice = tee.dropped_notice()
            if notice is not None:
                original.write("\n" + notice[0] + "\n")
