"""The audit log: each audited change through the API records who, what, which target and from where;
``GET /api/audit/`` lists it for admins, newest first, filtered and paginated."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts_app.audit import audit_record, command_line_actor
from accounts_app.models import AuditAction, AuditEntry
from runs_app.models import Run
from runs_app.services import run_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded() -> Callable[[], list[dict[str, Any]]]:
    """``recorded()``: the entries written since the fixture was set up, oldest first, without ids and times."""
    mark = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def since() -> list[dict[str, Any]]:
        rows = AuditEntry.objects.filter(id__gt=mark).order_by("id")
        return list(rows.values("actor", "action", "target_type", "target_id", "details", "client_address"))

    return since


def entry(actor: str, action: str, target_type: str, target_id: str, **details: Any) -> dict[str, Any]:
    return {
        "actor": actor,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "details": details,
        "client_address": "127.0.0.1",
    }


def run_details(run: Run, status: str, parent: Run | None = None) -> dict[str, Any]:
    return {
        "job": "__ASSET_JOB",
        "asset_selection": ["numbers"],
        "partition_key": None,
        "status": status,
        "parent_run_id": str(parent.id) if parent else None,
    }


def test_run_launch_cancel_and_reexecute_are_recorded(
    basic_location: Any, launcher_api: APIClient, recorded: Any
) -> None:
    launched = launcher_api.post("/api/runs/", {"selection": ["numbers"]}, format="json")
    run = Run.objects.get(id=launched.json()["id"])
    assert launcher_api.post(f"/api/runs/{run.id}/cancel/").status_code == 200
    again = launcher_api.post(f"/api/runs/{run.id}/reexecute/", {}, format="json")
    child = Run.objects.get(id=again.json()["id"])

    assert recorded() == [
        entry("launcher", "run.launched", "run", str(run.id), **run_details(run, "QUEUED")),
        entry("launcher", "run.canceled", "run", str(run.id), **run_details(run, "CANCELED")),
        entry("launcher", "run.reexecuted", "run", str(child.id), **run_details(child, "QUEUED", run)),
    ]


def test_refused_changes_are_not_recorded(basic_location: Any, viewer_api: APIClient, recorded: Any) -> None:
    assert viewer_api.post("/api/runs/", {"selection": ["numbers"]}, format="json").status_code == 403
    assert viewer_api.post("/api/assets/wipe/", {"keys": ["numbers"]}, format="json").status_code == 403

    assert recorded() == []


def test_asset_wipe_and_location_reload_are_recorded(
    basic_location: Any, admin_api: APIClient, recorded: Any
) -> None:
    wiped = admin_api.post("/api/assets/wipe/", {"keys": ["numbers", "scaled", "numbers"]}, format="json")
    reload = admin_api.post("/api/code-locations/basic_project/reload/")

    assert (wiped.status_code, reload.status_code) == (200, 202)
    assert recorded() == [
        entry("admin", "asset.wiped", "asset", "numbers"),
        entry("admin", "asset.wiped", "asset", "scaled"),
        entry("admin", "code_location.reloaded", "code_location", "basic_project"),
    ]


def test_user_and_token_changes_are_recorded(
    admin_api: APIClient, viewer_api: APIClient, recorded: Any
) -> None:
    created = admin_api.post("/api/users/", {"username": "eve", "role": "launcher"}, format="json")
    token = viewer_api.post("/api/tokens/", {"name": "nightly"}, format="json").json()
    deleted = viewer_api.delete(f"/api/tokens/{token['id']}/")

    assert (created.status_code, deleted.status_code) == (201, 204)
    token_details = {"user": "viewer", "name": "nightly", "prefix": token["prefix"]}
    assert recorded() == [
        entry("admin", "user.created", "user", "eve", role="launcher", password=False),
        entry("viewer", "token.created", "token", str(token["id"]), **token_details),
        entry("viewer", "token.deleted", "token", str(token["id"]), **token_details),
    ]


def test_role_change_and_token_revoke_in_the_admin_are_recorded(db: Any, recorded: Any) -> None:
    from accounts_app.models import ApiToken, UserRole
    from accounts_app.services import token_create, user_create

    root = get_user_model().objects.create_superuser("root", "root@example.com", "correct-horse-battery")
    user_create(username="ada", role="viewer")
    token, _ = token_create(username="ada", name="ci")
    client = Client()
    client.force_login(root)
    role = UserRole.objects.get(user__username="ada")

    changed = client.post(f"/admin/accounts_app/userrole/{role.pk}/change/", {"role": "admin"})
    revoked = client.post(f"/admin/accounts_app/apitoken/{token.pk}/delete/", {"post": "yes"})

    assert (changed.status_code, revoked.status_code) == (302, 302)
    assert get_user_model().objects.get(username="ada").is_staff
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    cli = command_line_actor()
    assert recorded() == [
        {**entry(cli, "user.created", "user", "ada", role="viewer", password=False), "client_address": None},
        {
            **entry(cli, "token.created", "token", str(token.pk), user="ada", name="ci", prefix=token.prefix),
            "client_address": None,
        },
        entry("root", "user.role_changed", "user", "ada", **{"from": "viewer", "to": "admin"}),
        entry("root", "token.deleted", "token", str(token.pk), user="ada", name="ci", prefix=token.prefix),
    ]


def test_the_audit_admin_is_read_only(db: Any) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.com", "correct-horse-battery")
    row = audit_record(action=AuditAction.ASSET_WIPED, target_type="asset", target_id="numbers", actor=root)
    client = Client()
    client.force_login(root)

    page = client.get(f"/admin/accounts_app/auditentry/{row.pk}/change/")

    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get("/admin/accounts_app/auditentry/add/").status_code == 403
    assert client.post(f"/admin/accounts_app/auditentry/{row.pk}/delete/", {"post": "yes"}).status_code == 403


@pytest.mark.parametrize("persona", ["viewer", "launcher"])
def test_only_admins_read_the_audit_log(persona_client: Any, persona: str) -> None:
    response = persona_client(persona).get("/api/audit/")

    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not allow this action"}


@pytest.fixture
def log(db: Any) -> list[AuditEntry]:
    """Four entries an hour apart, oldest first (their times set after writing, as if recorded then)."""
    start = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    rows = [
        audit_record(action=AuditAction.RUN_LAUNCHED, target_type="run", target_id="r1", actor="alice"),
        audit_record(action=AuditAction.RUN_CANCELED, target_type="run", target_id="r1", actor="bob"),
        audit_record(action=AuditAction.ASSET_WIPED, target_type="asset", target_id="numbers", actor="alice"),
        audit_record(action=AuditAction.USER_CREATED, target_type="user", target_id="r1", actor="cli:root"),
    ]
    for hours, row in enumerate(rows):
        AuditEntry.objects.filter(id=row.id).update(created_at=start + dt.timedelta(hours=hours))
    return rows


def listed(api: APIClient, query: str = "") -> list[str]:
    response = api.get(f"/api/audit/{query}")
    assert response.status_code == 200, response.content
    return [
        f"{e['actor']} {e['action']} {e['target_type']}:{e['target_id']}" for e in response.json()["results"]
    ]


def test_the_log_is_newest_first_and_paginated(log: Any, admin_api: APIClient) -> None:
    # The admin persona's own creation (by the command line) is the newest entry.
    page = admin_api.get("/api/audit/?limit=2&offset=1").json()

    assert page["count"] == 4 + 2  # the log, then the admin persona's user and token
    assert [e["target_id"] for e in page["results"]] == ["admin", "r1"]
    assert page["results"][1] == {
        "id": log[3].id,
        "created_at": "2026-01-01T15:00:00Z",
        "actor": "cli:root",
        "action": "user.created",
        "target_type": "user",
        "target_id": "r1",
        "details": {},
        "client_address": None,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?action=run.launched", ["alice run.launched run:r1"]),
        ("?action=run.canceled,asset.wiped", ["alice asset.wiped asset:numbers", "bob run.canceled run:r1"]),
        ("?actor=alice", ["alice asset.wiped asset:numbers", "alice run.launched run:r1"]),
        ("?target_type=run&target_id=r1", ["bob run.canceled run:r1", "alice run.launched run:r1"]),
        ("?target_id=r1&action=user.created", ["cli:root user.created user:r1"]),
        (
            "?after=2026-01-01T13:00:00Z&before=2026-01-01T15:00:00Z",
            ["alice asset.wiped asset:numbers", "bob run.canceled run:r1"],
        ),
        ("?actor=nobody", []),
    ],
)
def test_filters(log: Any, admin_api: APIClient, query: str, expected: list[str]) -> None:
    assert listed(admin_api, query) == expected


@pytest.mark.parametrize(
    ("query", "field"), [("?action=run.exploded", "action"), ("?after=yesterday", "after")]
)
def test_bad_filters_are_400_naming_the_field(admin_api: APIClient, query: str, field: str) -> None:
    response = admin_api.get(f"/api/audit/{query}")

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_every_action_is_offered_by_the_command_line() -> None:
    from orchestrator.cli.audit import AUDIT_ACTIONS

    assert tuple(AuditAction.values) == AUDIT_ACTIONS


def test_run_created_outside_the_api_is_not_audited(basic_location: Any, recorded: Any) -> None:
    run_create(selection=["numbers"])  # schedules, sensors and the local command line launch this way

    assert recorded() == []


@pytest.mark.parametrize(
    ("forwarded", "stored"), [("198.51.100.4", "198.51.100.4"), ("not-an-address", None)]
)
def test_behind_a_trusted_proxy_the_forwarded_address_is_recorded(
    viewer_api: APIClient, recorded: Any, forwarded: str, stored: str | None
) -> None:
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}):
        response = viewer_api.post(
            "/api/tokens/", {"name": "ci"}, format="json", HTTP_X_FORWARDED_FOR=forwarded
        )

    assert response.status_code == 201
    assert [row["client_address"] for row in recorded()] == [stored]
