"""One set of checks for every endpoint: who may read, who may write, 401/403/404 as JSON, never a 500."""

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

from accounts_app.models import ROLE_RANK, Role
from runs_app.services import run_create


@dataclass(frozen=True)
class Endpoint:
    """``url`` may contain ``{run}`` (a QUEUED run of ``numbers``) and ``{token}`` (the persona's token)."""

    url: str
    method: str = "get"
    role: Role = Role.VIEWER
    body: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.url}"


READS = [
    Endpoint("/api/auth/me/"),
    Endpoint("/api/tokens/"),
    Endpoint("/api/users/", role=Role.ADMIN),
    Endpoint("/api/audit/", role=Role.ADMIN),
    Endpoint("/api/assets/"),
    Endpoint("/api/assets/numbers/"),
    Endpoint("/api/assets/numbers/materializations/"),
    Endpoint("/api/assets/numbers/checks/"),
    Endpoint("/api/asset-graph/"),
    Endpoint("/api/code-locations/"),
    Endpoint("/api/code-locations/basic_project/"),
    Endpoint("/api/runs/"),
    Endpoint("/api/runs/{run}/"),
    Endpoint("/api/runs/{run}/events/"),
    Endpoint("/api/jobs/"),
    Endpoint("/api/schedules/"),
    Endpoint("/api/sensors/"),
]

WRITES = [
    Endpoint("/api/auth/logout/", "post"),
    Endpoint("/api/tokens/", "post", body={"name": "ci"}),
    Endpoint("/api/tokens/{token}/", "delete"),
    Endpoint("/api/users/", "post", Role.ADMIN, {"username": "new", "role": "viewer"}),
    Endpoint("/api/runs/", "post", Role.LAUNCHER, {"selection": ["numbers"]}),
    Endpoint("/api/runs/{run}/cancel/", "post", Role.LAUNCHER),
    Endpoint("/api/runs/{run}/reexecute/", "post", Role.LAUNCHER),
    Endpoint("/api/assets/wipe/", "post", Role.ADMIN, {"keys": ["numbers"]}),
    Endpoint("/api/code-locations/basic_project/reload/", "post", Role.ADMIN),
]

UNKNOWN = [
    Endpoint("/api/assets/nope/"),
    Endpoint("/api/assets/raw/nope/"),
    Endpoint("/api/assets/nope/materializations/"),
    Endpoint("/api/assets/nope/checks/"),
    Endpoint("/api/assets/wipe/"),
    Endpoint(f"/api/runs/{uuid.uuid4()}/"),
    Endpoint("/api/runs/not-a-uuid/"),
    Endpoint(f"/api/runs/{uuid.uuid4()}/events/"),
    Endpoint("/api/runs/not-a-uuid/events/"),
    Endpoint(f"/api/runs/{uuid.uuid4()}/cancel/", "post", Role.LAUNCHER),
    Endpoint("/api/runs/12345/reexecute/", "post", Role.LAUNCHER),
    Endpoint("/api/code-locations/nope/"),
    Endpoint("/api/code-locations/nope/reload/", "post", Role.ADMIN),
    Endpoint("/api/tokens/999999/", "delete"),
    Endpoint("/api/tokens/abc/", "delete"),
]


@pytest.fixture
def call(basic_location: Any, persona_client: Any) -> Any:
    """``call(endpoint, persona)``: the response of that persona's request."""
    from accounts_app.models import ApiToken

    run = run_create(selection=["numbers"])

    def request(endpoint: Endpoint, persona: str) -> Any:
        client = persona_client(persona)
        token = ApiToken.objects.filter(user__username=persona).values_list("id", flat=True).first()
        url = endpoint.url.format(run=run.id, token=token)
        return getattr(client, endpoint.method)(url, endpoint.body or None, format="json")

    return request


def _personas_below(role: Role) -> list[str]:
    return [r.value for r in Role if ROLE_RANK[r] < ROLE_RANK[role]]


@pytest.mark.parametrize("endpoint", READS + WRITES, ids=str)
def test_anonymous_gets_401_with_token_challenge(call: Any, endpoint: Endpoint) -> None:
    response = call(endpoint, "anonymous")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_read_allowed_from_its_role(call: Any, endpoint: Endpoint) -> None:
    response = call(endpoint, endpoint.role.value)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_write_allowed_from_its_role(call: Any, endpoint: Endpoint) -> None:
    response = call(endpoint, endpoint.role.value)
    assert response.status_code in (200, 201, 202, 204), response.content


@pytest.mark.parametrize(
    ("endpoint", "persona"),
    [(e, p) for e in READS + WRITES for p in _personas_below(e.role)],
    ids=lambda v: str(v),
)
def test_lower_role_gets_403(call: Any, endpoint: Endpoint, persona: str) -> None:
    response = call(endpoint, persona)
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not allow this action"}


@pytest.mark.parametrize("endpoint", UNKNOWN, ids=str)
def test_unknown_key_or_id_is_404(call: Any, endpoint: Endpoint) -> None:
    response = call(endpoint, endpoint.role.value)
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_invalid_token_is_401(anonymous_api: Any, basic_location: Any) -> None:
    anonymous_api.credentials(HTTP_AUTHORIZATION="Token orc_not-a-real-token")
    response = anonymous_api.get("/api/assets/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked token"}
