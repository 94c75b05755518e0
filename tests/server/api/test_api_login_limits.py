"""Failed logins are limited per user name and per client address: 429 with Retry-After, others unaffected."""

import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from accounts_app.services import user_create
from tests.fixtures.clients import PASSWORD

pytestmark = pytest.mark.django_db
USERNAME_LIMIT = 10  # the default of ORCHESTRATOR_LOGIN_FAILURES_PER_USERNAME
WINDOW = 900  # the default of ORCHESTRATOR_LOGIN_WINDOW_SECONDS


@pytest.fixture(autouse=True)
def users() -> Iterator[None]:
    """ada and bob, and no failures counted before or after the test."""
    cache.clear()
    user_create(username="ada", role="viewer", password=PASSWORD)
    user_create(username="bob", role="viewer", password=PASSWORD)
    yield
    cache.clear()


@pytest.fixture(
    params=[
        "files",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(
                not os.environ.get("ORCHESTRATOR_TEST_REDIS_URL"), reason="set ORCHESTRATOR_TEST_REDIS_URL"
            ),
        ),
    ]
)
def login_cache(request: pytest.FixtureRequest, settings: Any) -> str:
    """The default cache (files under ORCHESTRATOR_HOME), or the Redis cache several web machines share."""
    if request.param == "redis":
        from orchestrator_site.env import cache_config

        os.environ["ORCHESTRATOR_CACHE_URL"] = os.environ["ORCHESTRATOR_TEST_REDIS_URL"]
        try:
            config = cache_config("ORCHESTRATOR_CACHE_URL", settings.ORCHESTRATOR_HOME)
        finally:
            del os.environ["ORCHESTRATOR_CACHE_URL"]
        # A prefix of its own instead of clearing: the database may hold other tests' broker queues.
        settings.CACHES = {"default": {**config, "KEY_PREFIX": uuid.uuid4().hex}}
    return str(request.param)


def login(username: str, password: str, address: str, **headers: str) -> Any:
    return APIClient().post(
        "/api/auth/login/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
        **headers,
    )


def assert_throttled(response: Any) -> int:
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= WINDOW
    unit = "second" if retry_after == 1 else "seconds"
    assert response.json() == {"detail": f"Too many failed logins. Try again in {retry_after} {unit}."}
    return retry_after


def test_25_wrong_passwords_are_refused_after_the_limit_and_others_still_log_in(login_cache: str) -> None:
    codes = [login("ada", "wrong-password", "10.0.0.1").status_code for _ in range(25)]

    assert codes == [400] * USERNAME_LIMIT + [429] * (25 - USERNAME_LIMIT)
    assert_throttled(login("ada", "wrong-password", "10.0.0.1"))
    # The right password does not get through either: guessing stops, from any address.
    assert_throttled(login("ada", PASSWORD, "10.0.0.1"))
    assert_throttled(login("ada", PASSWORD, "10.0.0.9"))
    # Another user logs in, from another address and from the attacker's (below its own limit).
    assert login("bob", PASSWORD, "10.0.0.2").json() == {"username": "bob", "role": "viewer"}
    assert login("bob", PASSWORD, "10.0.0.1").status_code == 200


def test_the_user_name_limit_ignores_case_and_surrounding_spaces() -> None:
    for variant in ["ada", "ADA", " Ada ", "aDa"] * 3:
        login(variant, "wrong-password", "10.0.0.1")

    assert_throttled(login("ada", PASSWORD, "10.0.0.5"))


@override_settings(ORCHESTRATOR_LOGIN_FAILURES_PER_ADDRESS=3)
def test_one_address_trying_many_user_names_is_refused_after_its_limit() -> None:
    codes = [login(f"user{i}", "wrong-password", "10.0.0.3").status_code for i in range(4)]

    assert codes == [400, 400, 400, 429]
    assert_throttled(login("ada", PASSWORD, "10.0.0.3"))
    assert login("ada", PASSWORD, "10.0.0.4").status_code == 200


@override_settings(ORCHESTRATOR_LOGIN_FAILURES_PER_ADDRESS=3)
def test_x_forwarded_for_is_ignored_without_trusted_proxies() -> None:
    codes = [
        login(f"user{i}", "wrong-password", "10.0.0.3", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").status_code
        for i in range(4)
    ]

    assert codes == [400, 400, 400, 429]


@override_settings(
    ORCHESTRATOR_LOGIN_FAILURES_PER_ADDRESS=3, REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
)
def test_behind_a_trusted_proxy_the_forwarded_address_is_limited() -> None:
    def through_proxy(client_address: str) -> int:
        headers = {"HTTP_X_FORWARDED_FOR": f"203.0.113.7, {client_address}"}
        return int(login("nobody", "wrong-password", "10.0.0.100", **headers).status_code)

    codes = [through_proxy("192.0.2.1") for _ in range(4)]

    assert codes == [400, 400, 400, 429]
    assert through_proxy("192.0.2.2") == 400


def test_only_rejected_credentials_count() -> None:
    missing_password = [
        APIClient().post("/api/auth/login/", {"username": "ada"}, format="json", REMOTE_ADDR="10.0.0.1")
        for _ in range(USERNAME_LIMIT + 5)
    ]

    assert {r.status_code for r in missing_password} == {400}
    assert login("ada", PASSWORD, "10.0.0.1").status_code == 200


def test_a_successful_login_clears_its_user_names_failures() -> None:
    for _ in range(USERNAME_LIMIT - 1):
        assert login("ada", "wrong-password", "10.0.0.1").status_code == 400
    assert login("ada", PASSWORD, "10.0.0.1").status_code == 200

    codes = [login("ada", "wrong-password", "10.0.0.1").status_code for _ in range(USERNAME_LIMIT + 1)]

    assert codes == [400] * USERNAME_LIMIT + [429]


@override_settings(ORCHESTRATOR_LOGIN_FAILURES_PER_USERNAME=2, ORCHESTRATOR_LOGIN_WINDOW_SECONDS=1.0)
def test_login_is_allowed_again_once_the_failures_leave_the_window() -> None:
    login("ada", "wrong-password", "10.0.0.1")
    login("ada", "wrong-password", "10.0.0.1")
    assert assert_throttled(login("ada", PASSWORD, "10.0.0.1")) == 1

    deadline = time.monotonic() + 10
    while (response := login("ada", PASSWORD, "10.0.0.1")).status_code == 429 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert response.status_code == 200
