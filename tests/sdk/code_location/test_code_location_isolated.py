"""Loading in a child process: the snapshot of a good location, a bounded error for a bad one."""

import time
from collections.abc import Callable
from pathlib import Path

from orchestrator._core.code_location import (
    LocationLoadResult,
    load_code_location,
    load_code_location_in_subprocess,
)
from orchestrator._core.code_location.isolated import OUTPUT_TAIL_BYTES, OutputTail, expected_location_name
from tests.fixtures.locations import BASIC_PROJECT
from tests.fixtures.processes import alive

Write = Callable[[str, str], Path]


def test_a_good_location_gives_the_snapshot_of_a_load_in_process() -> None:
    result = load_code_location_in_subprocess(timeout=60, python_file=str(BASIC_PROJECT))

    in_process = LocationLoadResult.from_location(load_code_location(python_file=str(BASIC_PROJECT)))
    assert result == in_process
    assert result.name == "basic_project"
    assert result.load_error is None
    assert result.snapshot is not None


def test_a_stored_origin_loads_again(write: Write) -> None:
    path = write("again_defs.py", "from orchestrator import asset\n\n@asset\ndef a() -> int:\n    return 1\n")
    first = load_code_location_in_subprocess(timeout=60, python_file=str(path))

    again = load_code_location_in_subprocess(timeout=60, origin=first.origin)

    assert again == first


def test_an_import_error_is_the_childs_load_error(write: Write) -> None:
    path = write("raising_defs.py", "raise RuntimeError('no database today')\n")

    result = load_code_location_in_subprocess(timeout=60, python_file=str(path))

    assert result.name == "raising_defs"
    assert result.snapshot is None
    assert result.load_error is not None
    assert result.load_error["message"] == (
        f"Error loading code location 'raising_defs' from file '{path}': RuntimeError: no database today"
    )
    assert result.load_error["cls"] == "RuntimeError"
    assert result.load_error["traceback"].endswith("RuntimeError: no database today\n")


def test_a_hanging_import_is_killed_with_its_process_group_after_the_timeout(
    write: Write, tmp_path: Path
) -> None:
    pid_file = tmp_path / "grandchild.pid"
    path = write(
        "hanging_defs.py",
        f"""
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
        open({str(pid_file)!r}, "w").write(str(child.pid))
        print("starting to wait", flush=True)
        time.sleep(3600)
        """,
    )

    result = load_code_location_in_subprocess(timeout=3, python_file=str(path))

    assert result.name == "hanging_defs"
    assert result.snapshot is None
    assert result.load_error == {
        "message": "Loading code location 'hanging_defs' did not finish within 3 s",
        "cls": "CodeLocationLoadTimeout",
        "traceback": "The loading process was killed after 3 s. Its output:\nstarting to wait\n",
    }
    assert result.origin["python_file"] == str(path)
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(grandchild)


def test_a_timeout_names_the_given_location(write: Write) -> None:
    path = write("slow_defs.py", "import time\ntime.sleep(3600)\n")
    origin = load_code_location(python_file=str(write("quick.py", "x = 1\n"))).origin
    origin.update(python_file=str(path), location_name="stored_name")

    result = load_code_location_in_subprocess(timeout=1, origin=origin)

    assert result.name == "stored_name"
    assert result.load_error is not None
    assert result.load_error["message"] == "Loading code location 'stored_name' did not finish within 1 s"


def test_a_child_that_exits_during_the_import_is_an_error_with_its_exit_code(write: Write) -> None:
    path = write("exiting_defs.py", "import os\nprint('bye', flush=True)\nos._exit(3)\n")

    result = load_code_location_in_subprocess(timeout=60, python_file=str(path))

    assert result.load_error == {
        "message": "Loading code location 'exiting_defs' stopped before it finished (exit code 3)",
        "cls": "CodeLocationLoadError",
        "traceback": "The loading process ended with exit code 3. Its output:\nbye\n",
    }


def test_huge_output_at_import_keeps_only_its_tail(write: Write) -> None:
    path = write(
        "loud_defs.py",
        """
        import os, sys
        chunk = "x" * (1024 * 1024)
        for _ in range(50):
            sys.stdout.write(chunk)
        sys.stdout.write("\\nthe end\\n")
        sys.stdout.flush()
        os._exit(4)
        """,
    )

    result = load_code_location_in_subprocess(timeout=120, python_file=str(path))

    assert result.load_error is not None
    details = result.load_error["traceback"]
    header = "The loading process ended with exit code 4. It printed 50 MB; the last 64 KB:\n"
    assert details.startswith(header)
    assert len(details) == len(header) + OUTPUT_TAIL_BYTES
    assert details.endswith("x\nthe end\n")


def test_the_name_of_a_location_is_known_without_importing_it(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.orchestrator]\nmodule_name = "my_pkg"\ncode_location_name = "mine"\n'
    )

    assert expected_location_name({"kwargs": {"pyproject_dir": str(tmp_path)}}) == "mine"
    assert expected_location_name({"kwargs": {"module_name": "some.module"}}) == "some.module"
    assert expected_location_name({"kwargs": {"python_file": "/x/defs_file.py"}}) == "defs_file"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert expected_location_name({"kwargs": {"pyproject_dir": str(empty)}}) == "empty"
    assert expected_location_name({"origin": {"kind": "module", "location_name": "stored"}}) == "stored"


def test_output_tail_keeps_the_last_bytes() -> None:
    tail = OutputTail(10)
    for _ in range(1000):
        tail.feed(b"0123456789abc")

    assert tail.total == 13000
    assert tail.text() == "3456789abc"
    assert tail.describe() == "It printed 12.7 KB; the last 10 bytes:\n3456789abc"
    assert OutputTail().describe() == "It printed nothing."
