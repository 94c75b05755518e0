"""Terminal output: coloured lines, tables, JSON, and a progress line redrawn in place.

Colours and the progress line appear only on a terminal (and never with ``NO_COLOR``);
piped output is plain text. The streams are fixed when a ``Console`` is made, so
output printed while a step runs is not mixed into the step's captured output.
"""

import json
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

import click

STATUS_COLOURS = {
    "SUCCESS": "green",
    "MATERIALIZED": "green",
    "LOADED": "green",
    "FAILURE": "red",
    "FAILED": "red",
    "ERROR": "red",
    "CANCELED": "yellow",
    "CANCELING": "yellow",
    "SKIPPED": "yellow",
    "QUEUED": "blue",
    "STARTING": "blue",
    "STARTED": "blue",
    "RUNNING": "blue",
    "IN_PROGRESS": "blue",
}


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _can_encode(stream: TextIO, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class Progress:
    """One status line at the bottom of a terminal: ``[#####-----] 3/7 steps  label``."""

    WIDTH = 24

    def __init__(self, stream: TextIO, enabled: bool):
        self.stream = stream
        self.enabled = enabled
        self.done = 0
        self.total: int | None = None
        self.label = ""
        self.active = False
        self._shown = False

    def update(self, done: int, total: int | None, label: str = "") -> None:
        """Show (or redraw) the line with new figures."""
        self.done, self.total, self.label = done, total, label
        self.active = True
        self.draw()

    def draw(self) -> None:
        if not (self.enabled and self.active):
            return
        if self.total:
            filled = min(self.WIDTH, self.WIDTH * self.done // self.total)
            bar = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {self.done}/{self.total} steps"
        else:
            bar = f"{self.done} steps done"
        text = f"{bar}  {self.label}".rstrip()
        width = shutil.get_terminal_size((80, 20)).columns - 1
        self.stream.write("\r\x1b[2K" + click.style(text[:width], fg="cyan"))
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the line (``draw`` puts it back)."""
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False

    def stop(self) -> None:
        """Erase the line for good."""
        self.clear()
        self.active = False


class Console:
    """Where a command writes: narrative lines, JSON results, notes and warnings.

    With ``json_mode`` stdout carries only JSON and the narrative goes to stderr.
    """

    def __init__(self, *, json_mode: bool = False):
        self.out: TextIO = sys.stdout
        self.err: TextIO = sys.stderr
        self.json_mode = json_mode
        self.stream = self.err if json_mode else self.out
        self.tty = _isatty(self.stream)
        self.colour = self.tty and not os.environ.get("NO_COLOR")
        self.progress = Progress(self.stream, enabled=self.colour)
        self.ok_mark = "✓" if _can_encode(self.stream, "✓✗↻") else "+"
        self.fail_mark = "✗" if self.ok_mark == "✓" else "x"
        self.retry_mark = "↻" if self.ok_mark == "✓" else "~"

    def line(self, text: str = "", **style: Any) -> None:
        """A narrative line (stdout, or stderr in JSON mode), above the progress line."""
        self.progress.clear()
        click.echo(click.style(text, **style) if style else text, file=self.stream, color=self.colour)
        self.progress.draw()

    def note(self, text: str) -> None:
        """A dim remark on stderr."""
        self.progress.clear()
        click.echo(click.style(text, dim=True), file=self.err, color=self.colour and _isatty(self.err))
        self.progress.draw()

    def warn(self, text: str) -> None:
        self.progress.clear()
        click.echo(
            click.style(f"Warning: {text}", fg="yellow"),
            file=self.err,
            color=self.colour and _isatty(self.err),
        )
        self.progress.draw()

    def json(self, data: Any) -> None:
        """``data`` as indented JSON on stdout."""
        click.echo(json.dumps(data, indent=2, default=str), file=self.out)

    def json_line(self, data: Any) -> None:
        """``data`` as one compact JSON line on stdout (for streams of records)."""
        click.echo(json.dumps(data, default=str), file=self.out)

    def status(self, value: str) -> str:
        """``value`` coloured by what it means (SUCCESS green, FAILURE red...)."""
        colour = STATUS_COLOURS.get(value)
        return click.style(value, fg=colour, bold=True) if colour else value

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], status_column: int | None = None
    ) -> None:
        """Aligned columns with a bold header; ``status_column`` is coloured."""
        widths = [max([len(h), *(len(str(r[i])) for r in rows)]) for i, h in enumerate(headers)]
        self.line("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), bold=True)
        for row in rows:
            cells = []
            for i, (cell, width) in enumerate(zip(row, widths, strict=True)):
                text = str(cell).ljust(width)
                cells.append(self.status(str(cell)) + text[len(str(cell)) :] if i == status_column else text)
            self.line("  ".join(cells).rstrip())

    def fields(self, pairs: Mapping[str, str]) -> None:
        """``name: value`` lines with the names aligned."""
        width = max((len(k) for k in pairs), default=0) + 1
        for key, value in pairs.items():
            self.line(f"  {(key + ':').ljust(width)} {value}")
