"""Django settings, all from the environment (see ``.env.example``)."""

from pathlib import Path

import dj_database_url

from .env import (
    cache_config,
    env_bool,
    env_float,
    env_int,
    env_str,
    orchestrator_home,
    proxy_ssl_header,
    secret_key,
)
from .webui import BUNDLE_DIR

BASE_DIR = Path(__file__).resolve().parent.parent
ORCHESTRATOR_HOME = orchestrator_home()

SECRET_KEY = secret_key(ORCHESTRATOR_HOME)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = (env_str("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver") or "").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in (env_str("CSRF_TRUSTED_ORIGINS", "") or "").split(",") if o]

# -- Cookies and HTTPS ----------------------------------------------------------
# Scripts cannot read the session cookie; the CSRF cookie stays readable (the UI sends
# it back in X-CSRFToken). Both go to cross-site requests only on top-level navigation.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Served over HTTPS (directly or behind a TLS proxy): cookies are sent over HTTPS only.
ORCHESTRATOR_HTTPS = env_bool("ORCHESTRATOR_HTTPS", False)
SESSION_COOKIE_SECURE = ORCHESTRATOR_HTTPS
CSRF_COOKIE_SECURE = ORCHESTRATOR_HTTPS
# The header a TLS proxy sets to "https" (e.g. X-Forwarded-Proto), so Django knows the
# request was secure; set it only when the proxy always sets or strips that header.
SECURE_PROXY_SSL_HEADER = proxy_ssl_header("ORCHESTRATOR_PROXY_SSL_HEADER")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "accounts_app",
    "assets_app",
    "runs_app",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "orchestrator_site.urls"
WSGI_APPLICATION = "orchestrator_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]


def _database() -> dict:  # type: ignore[type-arg]
    url = env_str("DATABASE_URL") or f"sqlite:///{ORCHESTRATOR_HOME / 'orchestrator.db'}"
    # Persistent connections are checked before reuse, so a request or task after a database
    # restart opens a new connection instead of failing on the dead one.
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at
        # BEGIN so concurrent writers queue (busy_timeout) instead of failing.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
        }
    return dict(config)


DATABASES = {"default": _database()}
# Files need no server and are shared by the web processes of one machine; several web
# machines share a Redis cache (ORCHESTRATOR_CACHE_URL) so login limits count across them.
CACHES = {"default": cache_config("ORCHESTRATOR_CACHE_URL", ORCHESTRATOR_HOME)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = ORCHESTRATOR_HOME / "static"
# The UI bundle's files (``/_app/<name>-<hash>.js``, ``/favicon.svg``) from the package itself;
# hashed names are cached for a year. The routes of the UI are answered by ``webui.views``.
WHITENOISE_ROOT = BUNDLE_DIR
WHITENOISE_IMMUTABLE_FILE_TEST = r"^/_app/"
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Request bodies larger than this (bytes) are refused with a 413; 2.5 MB holds any launch.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts_app.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts_app.permissions.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "accounts_app.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON refusing deep nesting and NUL characters (orchestrator_site/parsers.py); forms for login.
    "DEFAULT_PARSER_CLASSES": [
        "orchestrator_site.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "orchestrator_site.openapi.ErrorDocumentingAutoSchema",
    "EXCEPTION_HANDLER": "orchestrator_site.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Proxies in front of the web that append to X-Forwarded-For; 0: the client is REMOTE_ADDR
    # (the header is ignored, so a client cannot pick the address it is limited and audited as).
    "NUM_PROXIES": env_int("ORCHESTRATOR_TRUSTED_PROXIES", 0),
}

# -- Login limits -----------------------------------------------------------------
# Failed logins allowed per user name and per client address within the window; more
# are answered 429 with Retry-After until the oldest failure leaves the window.
ORCHESTRATOR_LOGIN_FAILURES_PER_USERNAME = env_int("ORCHESTRATOR_LOGIN_FAILURES_PER_USERNAME", 10)
ORCHESTRATOR_LOGIN_FAILURES_PER_ADDRESS = env_int("ORCHESTRATOR_LOGIN_FAILURES_PER_ADDRESS", 50)
ORCHESTRATOR_LOGIN_WINDOW_SECONDS = env_float("ORCHESTRATOR_LOGIN_WINDOW_SECONDS", 900.0)

SPECTACULAR_SETTINGS = {
    "TITLE": "Orchestrator API",
    "DESCRIPTION": "Assets, runs and code locations of an Orchestrator installation.",
    "VERSION": "1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
}

# -- Celery -------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or f"sqla+sqlite:///{ORCHESTRATOR_HOME / 'broker.db'}"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# How long the worker waits for a result from a pool process that died before it requeues the
# message (Celery's default is 10 s). Results are written to the database, never sent back
# through the pool, so there is nothing to wait for; meanwhile the message holds a prefetch slot.
CELERY_WORKER_LOST_WAIT = 1.0
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Seconds between polls of the embedded (SQLAlchemy) broker.
ORCHESTRATOR_BROKER_POLL_SECONDS = env_float("ORCHESTRATOR_BROKER_POLL_SECONDS", 0.05)
# A started run whose worker has not sent a heartbeat for this long is stale.
ORCHESTRATOR_HEARTBEAT_SECONDS = env_float("ORCHESTRATOR_HEARTBEAT_SECONDS", 5.0)
ORCHESTRATOR_STALE_AFTER_SECONDS = env_float("ORCHESTRATOR_STALE_AFTER_SECONDS", 60.0)
# A canceled in-process run still running after this long has its task terminated
# (needs a broker with broadcast: Redis or RabbitMQ; the embedded broker cancels between steps only).
ORCHESTRATOR_CANCEL_GRACE_SECONDS = env_float("ORCHESTRATOR_CANCEL_GRACE_SECONDS", 30.0)
ORCHESTRATOR_QUEUED_REDISPATCH_SECONDS = env_float("ORCHESTRATOR_QUEUED_REDISPATCH_SECONDS", 30.0)
ORCHESTRATOR_MONITOR_INTERVAL_SECONDS = env_float("ORCHESTRATOR_MONITOR_INTERVAL_SECONDS", 10.0)
# How long a worker keeps retrying a run's database writes while the database is unreachable.
ORCHESTRATOR_DB_RETRY_SECONDS = env_float("ORCHESTRATOR_DB_RETRY_SECONDS", 120.0)

# -- Code location ------------------------------------------------------------
ORCHESTRATOR_MODULE = env_str("ORCHESTRATOR_MODULE")
ORCHESTRATOR_PYTHON_FILE = env_str("ORCHESTRATOR_PYTHON_FILE")
ORCHESTRATOR_WORKING_DIRECTORY = env_str("ORCHESTRATOR_WORKING_DIRECTORY")
# Loading a location (a reload on a worker, `orchestrator location load`) imports the code in a
# child process, killed after this long; the time-out is stored as the location's load error.
ORCHESTRATOR_LOCATION_LOAD_TIMEOUT_SECONDS = env_float("ORCHESTRATOR_LOCATION_LOAD_TIMEOUT_SECONDS", 120.0)
# Output a step prints beyond this many bytes (per stream) is dropped, with one event saying how much.
# The SDK reads the variable itself (see orchestrator/_core/execution/capture.py); reading it here
# stops the server at start on a bad value.
ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES = env_int("ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES", 4 * 1024 * 1024)
ORCHESTRATOR_STORAGE_DIR = ORCHESTRATOR_HOME / "storage"
# Compute logs: each step's stdout and stderr as it runs, one file per step and stream, served by
# offset (`/api/runs/<id>/compute-logs/`). The storage is a class (a ComputeLogStorage, built with
# `base_dir`); each stream keeps at most ORCHESTRATOR_MAX_COMPUTE_LOG_BYTES, then one truncation line.
ORCHESTRATOR_COMPUTE_LOG_STORAGE = (
    env_str("ORCHESTRATOR_COMPUTE_LOG_STORAGE")
    or "orchestrator._core.execution.compute_logs.LocalComputeLogStorage"
)
ORCHESTRATOR_COMPUTE_LOG_DIR = Path(
    env_str("ORCHESTRATOR_COMPUTE_LOG_DIR") or ORCHESTRATOR_HOME / "compute_logs"
)
ORCHESTRATOR_MAX_COMPUTE_LOG_BYTES = env_int("ORCHESTRATOR_MAX_COMPUTE_LOG_BYTES", 10 * 1024 * 1024)
# Also capture what subprocesses and C code write to file descriptors 1 and 2: "auto" does so in
# prefork pool children (one step at a time per process), "true" always, "false" never.
ORCHESTRATOR_COMPUTE_LOG_CAPTURE_FDS = env_str("ORCHESTRATOR_COMPUTE_LOG_CAPTURE_FDS") or "auto"

LOGIN_URL = "/api/auth/login/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
