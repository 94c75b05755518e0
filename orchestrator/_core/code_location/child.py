"""``python -m orchestrator._core.code_location.child REQUEST RESULT PARENT_PID``: load, write the result.

Started by :func:`~orchestrator._core.code_location.isolated.load_code_location_in_subprocess`:
imports the code location ``REQUEST`` (a JSON file) names and writes its
``LocationLoadResult`` as JSON to ``RESULT``. The process ends with ``os._exit`` once the
result is written, so threads or exit handlers the user's code left behind cannot keep it alive.
"""

import contextlib
import json
import os
import sys
from pathlib import Path

from ..parent_death import die_with_parent


def main(argv: list[str]) -> int:
    request_path, result_path, parent_pid = argv
    die_with_parent(int(parent_pid))
    from .isolated import LocationLoadResult, load_in_process

    request = json.loads(Path(request_path).read_text())
    result = load_in_process(request)
    try:
        text = json.dumps(result.to_json())
    except (TypeError, ValueError) as exc:
        error = {"message": f"The definitions snapshot is not JSON: {exc}", "cls": type(exc).__name__}
        text = json.dumps(LocationLoadResult(result.name, result.origin, None, error).to_json())
    partial = Path(result_path + ".partial")
    partial.write_text(text)
    os.replace(partial, result_path)
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
