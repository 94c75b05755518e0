"""Every route under /api/ answers an anonymous GET and POST with 401, except the few that must be open.

The routes are read from the URL configuration itself, so a route added later is checked without
being listed here; a new public route has to be added to ``PUBLIC`` with its reason.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

PUBLIC = {
    "auth-login": "signing in is how a session starts",
    "auth-csrf": "the login form needs the CSRF cookie first",
    "api-health": "load balancers and monitors probe it without credentials",
    "api-schema": "the API's shape is documentation, not data (clients are generated from it)",
    "api-docs": "the interactive documentation page of that schema (it loads no data)",
}
# Values for the routes' parameters: any value will do, authentication comes first.
PARAMETERS = {"pk": "1", "key": "numbers", "name": "basic_project"}


def _patterns(resolvers: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def api_urls() -> list[tuple[str, str]]:
    """``(name, url)`` of every named route whose path starts with ``api/``."""
    urls = []
    for route, pattern in _patterns(get_resolver().url_patterns):
        if route.startswith("api/") and pattern.name:
            kwargs = {name: PARAMETERS[name] for name in pattern.pattern.regex.groupindex}
            urls.append((pattern.name, reverse(pattern.name, kwargs=kwargs)))
    return urls


API_URLS = api_urls()
PROTECTED = [(name, url) for name, url in API_URLS if name not in PUBLIC]


def test_the_walk_finds_the_api() -> None:
    names = {name for name, _ in API_URLS}

    assert set(PUBLIC) <= names
    assert {"run-list", "audit-list", "asset-detail", "token-detail", "code-location-reload"} <= names
    assert len(PROTECTED) == len(API_URLS) - len(PUBLIC)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "url"), PROTECTED, ids=[name for name, _ in PROTECTED])
def test_anonymous_request_is_401(method: str, name: str, url: str) -> None:
    response = getattr(APIClient(), method)(url, {}, format="json")

    assert response.status_code == 401, f"{method.upper()} {url}: {response.status_code}"
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("auth-csrf", 200),
        ("auth-login", 405),  # GET: the login is a POST
        ("api-health", 503),  # no worker in this test: open, and says what is down
        ("api-schema", 200),
        ("api-docs", 200),
    ],
)
def test_public_routes_answer_anonymous_requests(name: str, status: int) -> None:
    assert APIClient().get(reverse(name)).status_code == status
