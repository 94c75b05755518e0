"""Settings for the test suite: the server's settings with state in a throwaway ORCHESTRATOR_HOME."""

import os
import tempfile

os.environ.setdefault("ORCHESTRATOR_HOME", tempfile.mkdtemp(prefix="orchestrator-test-"))

import dj_database_url

from orchestrator_site.settings import *  # noqa: F403
from orchestrator_site.settings import DATABASES, ORCHESTRATOR_HOME, STATIC_ROOT

# The suite's PostgreSQL pass (see the Makefile's ``test`` target): the database server to create the
# test database on, as the SQLAlchemy URL the service-backed tests take (``postgresql+psycopg://…``).
_TEST_DATABASE_URL = os.environ.get("ORCHESTRATOR_TEST_DATABASE_URL", "")
if _TEST_DATABASE_URL:
    _scheme, _, _rest = _TEST_DATABASE_URL.partition("://")
    if not _scheme.startswith("postgres"):
        raise RuntimeError(f"ORCHESTRATOR_TEST_DATABASE_URL must be a PostgreSQL URL, not {_scheme}://")
    DATABASES["default"] = dict(dj_database_url.parse(f"postgres://{_rest}", conn_max_age=0))

# A file database (not SQLite's in-memory default) so worker processes started by
# integration tests see the same data as the test.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(ORCHESTRATOR_HOME / "test.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
