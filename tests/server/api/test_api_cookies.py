"""Session and CSRF cookies: HttpOnly session, SameSite=Lax, Secure when the site is served over HTTPS."""

import importlib.util
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from rest_framework.test import APIClient

from accounts_app.services import user_create
from tests.fixtures.clients import PASSWORD, csrf_header

pytestmark = pytest.mark.django_db


def browser_login(**extra: str) -> Any:
    """A browser's login: the CSRF cookie first, then the form; returns the login response."""
    user_create(username="ada", role="viewer", password=PASSWORD)
    client = APIClient(enforce_csrf_checks=True)
    client.get("/api/auth/csrf/", **extra)
    response = client.post(
        "/api/auth/login/",
        {"username": "ada", "password": PASSWORD},
        format="json",
        **csrf_header(client),
        **extra,
    )
    assert response.status_code == 200, response.content
    return response


def test_login_cookies_are_http_only_and_same_site_lax() -> None:
    cookies = browser_login().cookies

    session, csrf = cookies["sessionid"], cookies["csrftoken"]
    assert (session["httponly"], session["samesite"], session["secure"]) == (True, "Lax", "")
    # The UI reads the CSRF cookie to send it back in X-CSRFToken: not HttpOnly.
    assert (csrf["httponly"], csrf["samesite"], csrf["secure"]) == ("", "Lax", "")


def settings_from(monkeypatch: pytest.MonkeyPatch, **environment: str) -> dict[str, Any]:
    """The server's settings as a process started with ``environment`` reads them."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.find_spec("orchestrator_site.settings")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)  # a fresh copy: the live settings stay as they are
    spec.loader.exec_module(module)
    return vars(module)


def test_https_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    default = settings_from(monkeypatch)
    https = settings_from(
        monkeypatch, ORCHESTRATOR_HTTPS="true", ORCHESTRATOR_PROXY_SSL_HEADER="X-Forwarded-Proto"
    )

    assert (default["SESSION_COOKIE_SECURE"], default["CSRF_COOKIE_SECURE"]) == (False, False)
    assert default["SECURE_PROXY_SSL_HEADER"] is None
    assert (https["SESSION_COOKIE_SECURE"], https["CSRF_COOKIE_SECURE"]) == (True, True)
    assert https["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ORCHESTRATOR_HTTPS", "sometimes"),
        ("ORCHESTRATOR_PROXY_SSL_HEADER", "X-Forwarded-Proto: https"),
        ("ORCHESTRATOR_TRUSTED_PROXIES", "one"),
        ("ORCHESTRATOR_CACHE_URL", "memcached://127.0.0.1:11211"),
    ],
)
def test_bad_values_fail_loudly(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=name):
        settings_from(monkeypatch, **{name: value})


def test_behind_an_https_proxy_login_cookies_are_secure(monkeypatch: pytest.MonkeyPatch) -> None:
    https = settings_from(
        monkeypatch, ORCHESTRATOR_HTTPS="true", ORCHESTRATOR_PROXY_SSL_HEADER="X-Forwarded-Proto"
    )
    names = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_PROXY_SSL_HEADER"]

    with override_settings(**{name: https[name] for name in names}):
        # What the proxy forwards: the browser's host and referer, and the scheme header.
        proxied = {"HTTP_HOST": "testserver", "HTTP_REFERER": "https://testserver/"}
        cookies = browser_login(HTTP_X_FORWARDED_PROTO="https", **proxied).cookies

    session, csrf = cookies["sessionid"], cookies["csrftoken"]
    assert (session["httponly"], session["samesite"], session["secure"]) == (True, "Lax", True)
    assert (csrf["samesite"], csrf["secure"]) == ("Lax", True)
