"""Capturing what user code prints to stdout and stderr during a step."""

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class _Tee(io.TextIOBase):
    """Writes to the original stream and keeps a copy."""

    def __init__(self, original: TextIO):
        self._original = original
        self.buffer_text: list[str] = []

    def write(self, text: str) -> int:
        self.buffer_text.append(text)
        return self._original.write(text)

    def flush(self) -> None:
        self._original.flush()

    @property
    def text(self) -> str:
        return "".join(self.buffer_text)


@contextmanager
def capture_output() -> Iterator[tuple[_Tee, _Tee]]:
    """Tee ``sys.stdout``/``sys.stderr`` for the duration of the block.

    Python-level writes are captured (``print``, ``logging`` to a stream);
    output written by C extensions straight to file descriptors is not.
    """
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err  # type: ignore[assignment]
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = saved
