"""Load a code location in a child process with a time limit, so user code never runs in the caller.

A long-lived process (a worker reloading a location, ``orchestrator location load`` under
``orchestrator dev``) calls :func:`load_code_location_in_subprocess`: the child imports the code,
builds the definitions snapshot and writes it to a file; the caller reads it back. A child that
runs past the time limit is killed with its whole process group; what it prints is read through
a pipe of which only the last ``OUTPUT_TAIL_BYTES`` are kept (shown with a failure).
"""

import contextlib
import json
import os
import signal
import site
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CodeLocationLoadError
from .location import CodeLocation, format_load_error, load_code_location, load_code_location_from_origin
from .origin import resolve_origin

CHILD_MODULE = "orchestrator._core.code_location.child"
OUTPUT_TAIL_BYTES = 64 * 1024
_READ_CHUNK = 64 * 1024


class CodeLocationLoadTimeout(CodeLocationLoadError):
    """Loading a code location did not finish within its time limit."""


@dataclass(frozen=True)
class LocationLoadResult:
    """A load's outcome as plain JSON: the definitions snapshot, or the load error (exactly one is None).

    Examples:
        >>> result = LocationLoadResult.from_location(load_code_location(module_name="no_such_module_x"))
        >>> result.name, result.snapshot, result.load_error["cls"]
        ('no_such_module_x', None, 'ModuleNotFoundError')
    """

    name: str
    origin: dict[str, Any]
    snapshot: dict[str, Any] | None
    load_error: dict[str, str] | None

    @staticmethod
    def from_location(location: CodeLocation) -> "LocationLoadResult":
        """The snapshot of a loaded location; a snapshot that fails is reported like a load error."""
        if location.definitions is None:
            return LocationLoadResult(location.name, location.origin, None, location.load_error)
        try:
            snapshot = location.snapshot().to_json()
        except Exception as exc:
            error = {"message": str(exc), "cls": type(exc).__name__, "traceback": format_load_error(exc)}
            return LocationLoadResult(location.name, location.origin, None, error)
        return LocationLoadResult(location.name, location.origin, snapshot, None)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "origin": self.origin,
            "snapshot": self.snapshot,
            "load_error": self.load_error,
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "LocationLoadResult":
        return LocationLoadResult(data["name"], dict(data["origin"]), data["snapshot"], data["load_error"])


def load_request(origin: Mapping[str, Any] | None = None, **load_kwargs: Any) -> dict[str, Any]:
    """What the child loads: a stored ``origin`` (with a ``kind``), else ``load_code_location`` arguments."""
    if origin is not None and origin.get("kind"):
        return {"origin": dict(origin)}
    return {"kwargs": {k: v for k, v in load_kwargs.items() if v is not None}}


def load_in_process(request: Mapping[str, Any]) -> LocationLoadResult:
    """Load what ``request`` names in this process (the child's side)."""
    if "origin" in request:
        location = load_code_location_from_origin(request["origin"])
    else:
        location = load_code_location(**request["kwargs"])
    return LocationLoadResult.from_location(location)


def _origin_from_kwargs(kwargs: Mapping[str, Any]) -> Any:
    """The ``CodeLocationOrigin`` that ``load_code_location(**kwargs)`` would load (no import)."""
    return resolve_origin(
        module_name=kwargs.get("module_name"),
        python_file=kwargs.get("python_file"),
        working_directory=kwargs.get("working_directory"),
        attribute=kwargs.get("attribute"),
        pyproject_dir=kwargs.get("pyproject_dir"),
        location_name=kwargs.get("location_name"),
    )


def expected_location_name(request: Mapping[str, Any]) -> str:
    """The name the load of ``request`` would store, found without importing any user code."""
    if "origin" in request:
        return str(request["origin"]["location_name"])
    kwargs = request["kwargs"]
    try:
        return str(_origin_from_kwargs(kwargs).location_name)
    except Exception:
        pyproject_dir = kwargs.get("pyproject_dir")
        return str(kwargs.get("location_name") or Path(pyproject_dir or os.getcwd()).resolve().name)


def _expected_origin(request: Mapping[str, Any]) -> dict[str, Any]:
    if "origin" in request:
        return dict(request["origin"])
    try:
        return dict(_origin_from_kwargs(request["kwargs"]).to_json())
    except Exception:
        return {}


class OutputTail:
    """The last ``limit`` bytes of a stream, and how many bytes it carried in all.

    Examples:
        >>> tail = OutputTail(4)
        >>> tail.feed(b"abcdef"); tail.feed(b"gh")
        >>> tail.total, tail.text()
        (8, 'efgh')
    """

    def __init__(self, limit: int = OUTPUT_TAIL_BYTES):
        self.limit = limit
        self.total = 0
        self._buffer = bytearray()

    def feed(self, chunk: bytes) -> None:
        self.total += len(chunk)
        self._buffer += chunk[-self.limit :]
        excess = len(self._buffer) - self.limit
        if excess > 0:
            del self._buffer[:excess]

    def text(self) -> str:
        return self._buffer.decode(errors="replace")

    def describe(self) -> str:
        """What the process printed, for an error's details."""
        if self.total == 0:
            return "It printed nothing."
        if self.total <= self.limit:
            return f"Its output:\n{self.text()}"
        return f"It printed {_size(self.total)}; the last {_size(self.limit)}:\n{self.text()}"


def _size(count: int) -> str:
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if count >= factor:
            return f"{count / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{count} bytes"


def _pump(fd: int, tail: OutputTail) -> None:
    with contextlib.suppress(OSError):
        while chunk := os.read(fd, _READ_CHUNK):
            tail.feed(chunk)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _describe_exit(code: int) -> str:
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
        return f"killed by signal {-code}"
    return f"exit code {code}"


def _child_env(env: Mapping[str, str] | None) -> dict[str, str]:
    """The caller's environment, with this package importable even when it is not installed."""
    child = dict(os.environ if env is None else env)
    root = str(Path(__file__).resolve().parents[3])
    installed = {os.path.realpath(p) for p in [*site.getsitepackages(), site.getusersitepackages()]}
    paths = [p for p in child.get("PYTHONPATH", "").split(os.pathsep) if p]
    if os.path.realpath(root) not in installed and root not in paths:
        child["PYTHONPATH"] = os.pathsep.join([*paths, root])
    child["PYTHONUNBUFFERED"] = "1"
    return child


def load_code_location_in_subprocess(
    *,
    timeout: float,
    origin: Mapping[str, Any] | None = None,
    name: str | None = None,
    env: Mapping[str, str] | None = None,
    **load_kwargs: Any,
) -> LocationLoadResult:
    """Load a code location in a child Python process, killed after ``timeout`` seconds.

    ``origin`` is the stored origin of an earlier load (with its ``kind``); without one,
    ``load_kwargs`` are the arguments of ``load_code_location``. A child that times out,
    crashes or exits early gives a ``load_error`` naming the location (``name``, else the
    name derived from the origin without importing) and ending with the last
    ``OUTPUT_TAIL_BYTES`` of its output; otherwise the child's snapshot or load error.

    Examples:
        >>> result = load_code_location_in_subprocess(timeout=60, python_file="/nonexistent/defs.py")
        >>> result.name, result.load_error["cls"]
        ('defs', 'FileNotFoundError')
    """
    request = load_request(origin, **load_kwargs)
    with tempfile.TemporaryDirectory(prefix="orchestrator-load-") as folder:
        request_path, result_path = Path(folder) / "request.json", Path(folder) / "result.json"
        request_path.write_text(json.dumps(request))
        process = subprocess.Popen(
            [sys.executable, "-m", CHILD_MODULE, str(request_path), str(result_path), str(os.getpid())],
            env=_child_env(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert process.stdout is not None
        tail = OutputTail()
        reader = threading.Thread(
            target=_pump, args=(process.stdout.fileno(), tail), name="location-load-output", daemon=True
        )
        reader.start()
        timed_out = False
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            # The whole group: a timed-out child, and whatever the user's code started in the background.
            _kill_group(process.pid)
            process.wait()
            reader.join(timeout=5)
            process.stdout.close()
        if not timed_out and result_path.exists():
            return LocationLoadResult.from_json(json.loads(result_path.read_text()))
    location_name = name or expected_location_name(request)
    if timed_out:
        error = {
            "message": f"Loading code location '{location_name}' did not finish within {timeout:g} s",
            "cls": CodeLocationLoadTimeout.__name__,
            "traceback": f"The loading process was killed after {timeout:g} s. {tail.describe()}",
        }
    else:
        how = _describe_exit(process.returncode)
        error = {
            "message": f"Loading code location '{location_name}' stopped before it finished ({how})",
            "cls": CodeLocationLoadError.__name__,
            "traceback": f"The loading process ended with {how}. {tail.describe()}",
        }
    return LocationLoadResult(location_name, _expected_origin(request), None, error)
