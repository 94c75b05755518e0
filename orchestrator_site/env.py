"""Typed settings from the environment that fail loudly on bad values."""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true/false)")


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number") from None


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """``SECURE_PROXY_SSL_HEADER`` from the header a proxy sets to ``https`` (e.g. ``X-Forwarded-Proto``)."""
    header = env_str(name)
    if header is None:
        return None
    if not header.replace("-", "").replace("_", "").isalnum():
        raise ImproperlyConfigured(f"{name}={header!r} is not a header name (e.g. X-Forwarded-Proto)")
    return "HTTP_" + header.upper().replace("-", "_"), "https"


def cache_config(name: str, home: Path) -> dict[str, object]:
    """The default cache: a ``redis://`` URL shared by every web machine, else files under ``home``."""
    url = env_str(name)
    if url is None:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(home / "cache"),
            # Login attempts are counted per user name: room for a spray of names before culling.
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"{name}={url!r}: use a redis:// URL, or leave it empty for files")


def orchestrator_home() -> Path:
    """``ORCHESTRATOR_HOME`` (default ``./.orchestrator``), created if missing."""
    home = Path(env_str("ORCHESTRATOR_HOME", ".orchestrator") or ".orchestrator").resolve()
    home.mkdir(parents=True, exist_ok=True)
    return home


def secret_key(home: Path) -> str:
    """``DJANGO_SECRET_KEY``, or one generated once and kept under ``home``."""
    configured = env_str("DJANGO_SECRET_KEY")
    if configured:
        return configured
    path = home / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
