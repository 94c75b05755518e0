"""Login limits: failed logins counted per user name and per client address in the cache.

Only failures count, so users who sign in correctly never use up a limit; a user
name or address over its limit is refused (429) before its password is checked,
so guessing stops even for the right password. A success clears its user name's
count. Counts live in Django's default cache (files under ``ORCHESTRATOR_HOME``,
shared by the web processes of a machine, or Redis for several machines); two
failures at the same instant may count once, which only loosens a limit by one.
"""

import hashlib
from typing import Any

from django.conf import settings
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


class LoginThrottled(Throttled):
    default_detail = "Too many failed logins."
    extra_detail_singular = "Try again in {wait} second."
    extra_detail_plural = "Try again in {wait} seconds."


def client_address(request: Any) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or the X-Forwarded-For entry the trusted proxies added."""
    return BaseThrottle().get_ident(request) or None


class _LoginFailureThrottle(SimpleRateThrottle):
    """Allows a login while fewer than the limit of failures are in the window; records failures."""

    limit_setting = ""

    def __init__(self) -> None:
        self.rate = "configured"  # the limit and window come from settings, read per request
        self.num_requests = int(getattr(settings, self.limit_setting))
        self.duration = float(settings.ORCHESTRATOR_LOGIN_WINDOW_SECONDS)  # type: ignore[assignment]
        self.history: list[float] = []

    def ident(self, request: Request) -> str | None:
        raise NotImplementedError

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        ident = self.ident(request)
        if ident is None:
            return None
        digest = hashlib.sha256(ident.encode()).hexdigest()
        return f"login-failures:{self.scope}:{digest}"

    def _load(self, request: Request) -> bool:
        self.key = self.get_cache_key(request, None)
        if self.key is None:
            return False
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        return True

    def allow_request(self, request: Any, view: Any) -> bool:
        return not self._load(request) or len(self.history) < self.num_requests

    def wait(self) -> float | None:
        """Seconds until the failure that reached the limit leaves the window (history is newest first)."""
        if len(self.history) < self.num_requests:
            return None
        return max(self.history[self.num_requests - 1] + self.duration - self.now, 1.0)

    def record_failure(self, request: Request) -> None:
        if self._load(request):
            self.history.insert(0, self.now)
            self.cache.set(self.key, self.history[: self.num_requests], self.duration)

    def clear(self, request: Request) -> None:
        key = self.get_cache_key(request, None)
        if key is not None:
            self.cache.delete(key)


class LoginUsernameThrottle(_LoginFailureThrottle):
    scope = "username"
    limit_setting = "ORCHESTRATOR_LOGIN_FAILURES_PER_USERNAME"

    def ident(self, request: Request) -> str | None:
        data = request.data
        username = data.get("username") if hasattr(data, "get") else None
        return username.strip().casefold() if isinstance(username, str) and username.strip() else None


class LoginAddressThrottle(_LoginFailureThrottle):
    scope = "address"
    limit_setting = "ORCHESTRATOR_LOGIN_FAILURES_PER_ADDRESS"

    def ident(self, request: Request) -> str | None:
        return client_address(request)


LOGIN_THROTTLES: list[type[_LoginFailureThrottle]] = [LoginAddressThrottle, LoginUsernameThrottle]


def login_failure_record(*, request: Request) -> None:
    """Count a failed login against its user name and its client address."""
    for throttle_class in LOGIN_THROTTLES:
        throttle_class().record_failure(request)


def login_success_record(*, request: Request) -> None:
    """A correct password clears its user name's failures (the address keeps its count)."""
    LoginUsernameThrottle().clear(request)
