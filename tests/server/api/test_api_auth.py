"""Session login with CSRF, the current user, users (admins) and a user's own API tokens."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts_app.services import user_create
from tests.fixtures.clients import PASSWORD, csrf_header


@pytest.fixture
def browser(db: Any) -> APIClient:
    user_create(username="ada", role="viewer", password=PASSWORD)
    client = APIClient(enforce_csrf_checks=True)
    assert client.get("/api/auth/csrf/").status_code == 200
    return client


def test_csrf_endpoint_sets_cookie_and_returns_token(browser: APIClient) -> None:
    response = browser.get("/api/auth/csrf/")
    assert response.json() == {"csrf_token": response.json()["csrf_token"]}
    assert browser.cookies["csrftoken"].value


def test_login_sets_session_and_me_answers(browser: APIClient) -> None:
    response = browser.post(
        "/api/auth/login/", {"username": "ada", "password": PASSWORD}, format="json", **csrf_header(browser)
    )
    assert response.status_code == 200
    assert response.json() == {"username": "ada", "role": "viewer"}
    assert browser.cookies["sessionid"].value
    assert browser.get("/api/auth/me/").json() == {"username": "ada", "role": "viewer"}


def test_login_without_csrf_token_is_403(browser: APIClient) -> None:
    response = browser.post("/api/auth/login/", {"username": "ada", "password": PASSWORD}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF Failed")


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"username": "ada", "password": "wrong-password"},
            {"non_field_errors": ["Invalid username or password"]},
        ),
        (
            {"username": "nobody", "password": PASSWORD},
            {"non_field_errors": ["Invalid username or password"]},
        ),
        ({"username": "ada"}, {"password": ["This field is required."]}),
    ],
)
def test_bad_login_is_400(browser: APIClient, body: dict[str, str], errors: dict[str, list[str]]) -> None:
    response = browser.post("/api/auth/login/", body, format="json", **csrf_header(browser))
    assert response.status_code == 400
    assert response.json() == errors


def test_logout_ends_the_session(session_api: APIClient) -> None:
    assert session_api.get("/api/auth/me/").json() == {"username": "browser", "role": "launcher"}
    assert session_api.post("/api/auth/logout/", **csrf_header(session_api)).status_code == 204
    assert session_api.get("/api/auth/me/").status_code == 401


def test_session_write_needs_csrf_token(
    session_api: APIClient, basic_location: Any, dispatched: Any, django_capture_on_commit_callbacks: Any
) -> None:
    body = {"selection": ["numbers"]}
    refused = session_api.post("/api/runs/", body, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("CSRF Failed")
    with django_capture_on_commit_callbacks(execute=True):
        accepted = session_api.post("/api/runs/", body, format="json", **csrf_header(session_api))
    assert accepted.status_code == 201
    assert accepted.json()["created_by"] == "browser"
    assert dispatched["runs"] == [accepted.json()["id"]]


def test_me_with_a_token(launcher_api: APIClient) -> None:
    assert launcher_api.get("/api/auth/me/").json() == {"username": "launcher", "role": "launcher"}


# -- users ---------------------------------------------------------------------------------------


def test_admin_lists_users_with_roles(admin_api: APIClient, persona_client: Any) -> None:
    persona_client("viewer")
    body = admin_api.get("/api/users/").json()
    assert body["count"] == 2
    assert [(u["username"], u["role"], u["is_active"]) for u in body["results"]] == [
        ("admin", "admin", True),
        ("viewer", "viewer", True),
    ]


def test_admin_creates_a_user_who_can_log_in(admin_api: APIClient) -> None:
    response = admin_api.post(
        "/api/users/", {"username": "grace", "role": "launcher", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 201
    assert {k: response.json()[k] for k in ("username", "role", "is_active")} == {
        "username": "grace",
        "role": "launcher",
        "is_active": True,
    }
    assert "password" not in response.json()
    browser = APIClient()
    assert browser.post("/api/auth/login/", {"username": "grace", "password": PASSWORD}).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "admin", "role": "viewer"}, "username"),
        ({"username": "with space", "role": "viewer"}, "username"),
        ({"username": "grace", "role": "owner"}, "role"),
        ({"username": "grace", "role": "viewer", "password": "short"}, "password"),
        ({"role": "viewer"}, "username"),
    ],
)
def test_bad_user_is_400_naming_the_field(admin_api: APIClient, body: dict[str, str], field: str) -> None:
    response = admin_api.post("/api/users/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]


# -- tokens --------------------------------------------------------------------------------------


def test_token_lifecycle(viewer_api: APIClient) -> None:
    created = viewer_api.post("/api/tokens/", {"name": "ci"}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["name"] == "ci" and body["key"].startswith("orc_") and body["prefix"] == body["key"][4:12]

    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {body['key']}")
    assert script.get("/api/auth/me/").json() == {"username": "viewer", "role": "viewer"}

    listed = viewer_api.get("/api/tokens/").json()
    assert [t["name"] for t in listed["results"]] == ["ci", "tests"]
    assert all("key" not in t for t in listed["results"])

    assert viewer_api.delete(f"/api/tokens/{body['id']}/").status_code == 204
    assert script.get("/api/auth/me/").status_code == 401
    assert [t["name"] for t in viewer_api.get("/api/tokens/").json()["results"]] == ["tests"]


def test_duplicate_token_name_is_400(viewer_api: APIClient) -> None:
    response = viewer_api.post("/api/tokens/", {"name": "tests"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["name"]


def test_tokens_of_other_users_are_invisible(viewer_api: APIClient, admin_api: APIClient) -> None:
    admin_token = admin_api.get("/api/tokens/").json()["results"][0]
    assert [t["name"] for t in viewer_api.get("/api/tokens/").json()["results"]] == ["tests"]
    assert viewer_api.delete(f"/api/tokens/{admin_token['id']}/").status_code == 404
    assert admin_api.get("/api/auth/me/").status_code == 200
