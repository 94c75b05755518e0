"""One ``orchestrator dev`` per home: an exclusive ``fcntl`` lock on a file in ``ORCHESTRATOR_HOME``.

The kernel releases the lock when its holder dies, however it dies, so a crashed dev
never blocks the next one; the file also says who holds the lock, for the message.
"""

import contextlib
import fcntl
import json
import os
from pathlib import Path
from typing import IO

LOCK_FILE = "dev.lock"


class HomeLocked(Exception):
    """Another live process holds the home; ``holder`` is what it wrote (pid, url)."""

    def __init__(self, home: Path, holder: dict[str, object]):
        super().__init__(home)
        self.home = home
        self.holder = holder


def hold_home(home: Path, url: str) -> IO[str]:
    """Take the home's lock for the life of this process (keep the returned file open).

    Raises:
        HomeLocked: when another process holds it.
    """
    handle = (home / LOCK_FILE).open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder: dict[str, object] = {}
        with contextlib.suppress(ValueError):
            holder = json.loads(handle.read() or "{}")
        handle.close()
        raise HomeLocked(home, holder) from None
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps({"pid": os.getpid(), "url": url}))
    handle.flush()
    return handle
