"""Capturing a step's stdout and stderr into compute-log files: live, capped, whole characters."""

import logging
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from orchestrator._core.execution.capture import capture_output
from orchestrator._core.execution.compute_logs import (
    LocalComputeLogStorage,
    capture_step_logs,
    step_file_name,
)

RUN_ID = "4b0e6cfe-8a3c-4d52-9d0e-1f0f3c2a1b7e"


@pytest.fixture
def storage(tmp_path: Path) -> LocalComputeLogStorage:
    return LocalComputeLogStorage(tmp_path / "compute_logs")


def text(storage: LocalComputeLogStorage, step: str, stream: str) -> str:
    return storage.path(RUN_ID, step, stream).read_text()  # type: ignore[arg-type]


def test_prints_and_stderr_land_in_files_named_by_step(storage: LocalComputeLogStorage) -> None:
    with capture_step_logs(storage, RUN_ID, "a/b[x]"):
        print("to stdout")
        print("to stderr", file=sys.stderr)
    assert text(storage, "a/b[x]", "stdout") == "to stdout\n"
    assert text(storage, "a/b[x]", "stderr") == "to stderr\n"
    assert storage.path(RUN_ID, "a/b[x]", "stdout").name == "a%2Fb%5Bx%5D.out"
    assert [(f.step_key, f.stream, f.size, f.truncated) for f in storage.list(RUN_ID)] == [
        ("a/b[x]", "stdout", 10, False),
        ("a/b[x]", "stderr", 10, False),
    ]


def test_a_reader_sees_each_line_while_the_step_still_runs(storage: LocalComputeLogStorage) -> None:
    release = threading.Event()
    started = threading.Event()

    def step() -> None:
        with capture_step_logs(storage, RUN_ID, "slow"):
            print("first line")
            started.set()
            release.wait(10)
            print("second line")

    thread = threading.Thread(target=step)
    thread.start()
    try:
        assert started.wait(5)
        assert storage.read(RUN_ID, "slow", "stdout", 0, 1000).data == b"first line\n"
    finally:
        release.set()
        thread.join()
    assert text(storage, "slow", "stdout") == "first line\nsecond line\n"


def test_file_descriptor_output_of_subprocesses_is_captured(storage: LocalComputeLogStorage) -> None:
    with capture_step_logs(storage, RUN_ID, "shell", redirect_fds=True):
        print("from python")
        subprocess.run(["sh", "-c", "echo from a subprocess; echo to fd 2 >&2"], check=True)
        logging.StreamHandler(sys.__stderr__).emit(logging.makeLogRecord({"msg": "a log record"}))
    out, err = text(storage, "shell", "stdout"), text(storage, "shell", "stderr")
    assert "from python\n" in out and "from a subprocess\n" in out
    assert "to fd 2\n" in err and "a log record\n" in err
    # The descriptors are back: what is written now goes nowhere near the logs.
    subprocess.run(["sh", "-c", "echo after"], check=True)
    assert "after" not in text(storage, "shell", "stdout")


def test_each_stream_is_capped_with_one_truncation_line(storage: LocalComputeLogStorage) -> None:
    with capture_step_logs(storage, RUN_ID, "loud", limit=25):
        for _ in range(10):
            print("0123456789")
        print("short", file=sys.stderr)
    out = text(storage, "loud", "stdout")
    assert out.startswith("0123456789\n0123456789\n012\n[compute log truncated: 25 bytes kept")
    assert out.count("truncated") == 1 and out.endswith("dropped]\n")
    listed = {(f.stream, f.truncated) for f in storage.list(RUN_ID)}
    assert listed == {("stdout", True), ("stderr", False)}


def test_the_cap_never_cuts_a_character(storage: LocalComputeLogStorage) -> None:
    with capture_step_logs(storage, RUN_ID, "wide", limit=5):
        print("ééé")  # 6 bytes, then the newline
    raw = storage.path(RUN_ID, "wide", "stdout").read_bytes()
    assert raw.startswith("éé\n[compute log truncated".encode())


def test_the_step_events_still_get_the_output(storage: LocalComputeLogStorage) -> None:
    with capture_step_logs(storage, RUN_ID, "both"), capture_output() as (out, _err):
        print("seen twice")
    assert out.text == "seen twice\n"
    assert text(storage, "both", "stdout") == "seen twice\n"


def test_retries_append_to_the_same_file(storage: LocalComputeLogStorage) -> None:
    for attempt in range(2):
        with capture_step_logs(storage, RUN_ID, "retried"):
            print(f"attempt {attempt}")
    assert text(storage, "retried", "stdout") == "attempt 0\nattempt 1\n"


def test_reads_page_on_character_boundaries(storage: LocalComputeLogStorage) -> None:
    with capture_step_logs(storage, RUN_ID, "utf8"):
        sys.stdout.write("aé€😀z")  # 1 + 2 + 3 + 4 + 1 bytes
    pages, offset = [], 0
    while True:
        chunk = storage.read(RUN_ID, "utf8", "stdout", offset, 4)
        if not chunk.data:
            break
        pages.append(chunk.data.decode())
        offset = chunk.next_offset
    assert pages == ["aé", "€", "😀", "z"]
    past = storage.read(RUN_ID, "utf8", "stdout", 1000, 4)
    assert (past.data, past.next_offset, past.size) == (b"", 1000, 11)


def test_unknown_logs_and_odd_run_ids_are_not_found(storage: LocalComputeLogStorage) -> None:
    with pytest.raises(FileNotFoundError):
        storage.read(RUN_ID, "nope", "stdout", 0, 10)
    with pytest.raises(FileNotFoundError):
        storage.read("../etc", "passwd", "stdout", 0, 10)
    assert storage.list("../x") == [] and storage.list(RUN_ID) == []
    assert "/" not in step_file_name("../../x", "stdout")


def test_capture_leaves_sys_streams_as_they_were(storage: LocalComputeLogStorage) -> None:
    before = sys.stdout, sys.stderr
    with pytest.raises(RuntimeError), capture_step_logs(storage, RUN_ID, "raises", redirect_fds=True):
        raise RuntimeError("boom")
    assert (sys.stdout, sys.stderr) == before
