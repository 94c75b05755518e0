"""A step that prints, then waits for the test to release it: its output must show while it waits."""

import os
import subprocess
import sys
import time
from pathlib import Path

from orchestrator import Definitions, asset


def release_file(name: str) -> Path:
    return Path(os.environ["ORCHESTRATOR_HOME"]) / "compute_logs_project" / f"release-{name}"


@asset
def chatty(context) -> str:  # type: ignore[no-untyped-def]
    tag = context.run.tags.get("release", "")
    print(f"chatty started for {tag}")
    print(f"chatty warns on stderr for {tag}", file=sys.stderr)
    subprocess.run(["sh", "-c", f"echo 'from a subprocess for {tag}'"], check=True)
    deadline = time.monotonic() + 60
    while not release_file(tag).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    print("chatty released")
    return "done"


defs = Definitions(assets=[chatty])
