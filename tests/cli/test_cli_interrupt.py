"""Ctrl-C during a local run: the first cancels it between steps, a second stops waiting and fails it."""

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.helpers import CLI_PROJECT, user_environment


def start_materialize(home: Path) -> "subprocess.Popen[str]":
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "orchestrator.cli",
            "asset",
            "materialize",
            "-f",
            str(CLI_PROJECT),
            "--select",
            "waits*",
        ],
        env=user_environment(home),
        cwd=home.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_status(home: Path) -> str | None:
    try:
        with sqlite3.connect(home / "orchestrator.db") as db:
            row = db.execute("SELECT status FROM runs_app_run").fetchone()
    except sqlite3.OperationalError:  # not created yet
        return None
    return row[0] if row else None


def wait_for_status(home: Path, status: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while run_status(home) != status:
        assert time.monotonic() < deadline, f"the run never became {status} (it is {run_status(home)})"
        time.sleep(0.05)


def test_ctrl_c_cancels_between_steps(tmp_path: Path) -> None:
    home = tmp_path / "home"
    process = start_materialize(home)
    try:
        wait_for_status(home, "STARTED")
        process.send_signal(signal.SIGINT)
        wait_for_status(home, "CANCELING")
        (home / "cli_project").mkdir(parents=True, exist_ok=True)
        (home / "cli_project" / "release").touch()
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()

    assert process.returncode == 1, out + err
    assert "(Ctrl-C again to stop waiting)" in out
    assert "Materialized waits" in out
    assert "Materialized after_waits" not in out
    assert " was canceled in " in out.splitlines()[-1]
    assert run_status(home) == "CANCELED"


def test_a_second_ctrl_c_stops_waiting_and_fails_the_run(tmp_path: Path) -> None:
    home = tmp_path / "home"
    process = start_materialize(home)
    try:
        wait_for_status(home, "STARTED")
        process.send_signal(signal.SIGINT)
        wait_for_status(home, "CANCELING")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()

    assert process.returncode == 1, out + err
    assert "Error: stopped waiting for run" in err
    assert run_status(home) == "FAILURE"
