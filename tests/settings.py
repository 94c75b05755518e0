"""Settings for the test suite: the server's settings with state in a throwaway ORCHESTRATOR_HOME."""

import os
import tempfile

os.environ.setdefault("ORCHESTRATOR_HOME", tempfile.mkdtemp(prefix="orchestrator-test-"))

from orchestrator_site.settings import *  # noqa: F403
from orchestrator_site.settings import DATABASES, ORCHESTRATOR_HOME, STATIC_ROOT

# A file database (not SQLite's in-memory default) so worker processes started by
# integration tests see the same data as the test.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(ORCHESTRATOR_HOME / "test.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
