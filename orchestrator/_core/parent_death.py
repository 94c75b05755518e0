"""Processes that end with the process that started them, whatever killed it (SIGKILL included).

On Linux the kernel delivers a signal to a process when its parent dies
(``PR_SET_PDEATHSIG``); the request survives ``exec``, so a command can make the request
and then replace itself with gunicorn or Celery. Elsewhere nothing is requested.
"""

import contextlib
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
# The variable through which a supervisor asks its children to die with it: its pid.
PARENT_PID_VARIABLE = "ORCHESTRATOR_DIE_WITH_PARENT"


def die_with_parent(parent_pid: int | None = None, signum: int = signal.SIGKILL) -> None:
    """Have the kernel send ``signum`` to this process when its parent dies.

    With ``parent_pid``, a parent that already died (before the request took effect) ends
    this process at once.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signum)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


def die_with_supervisor() -> None:
    """``die_with_parent`` when a supervisor asked for it through ``ORCHESTRATOR_DIE_WITH_PARENT``.

    The variable is removed, so processes this one starts (user code's included) are not
    tied to the supervisor.
    """
    value = os.environ.pop(PARENT_PID_VARIABLE, "")
    if value.isdigit():
        die_with_parent(int(value))
