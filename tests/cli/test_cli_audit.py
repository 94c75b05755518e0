"""``orchestrator audit list`` on the local database, and on a server with ``--url``."""

import json
from typing import Any

import pytest

from accounts_app.audit import audit_record, command_line_actor
from accounts_app.models import AuditAction
from accounts_app.services import token_create, user_create
from tests.cli.helpers import invoke

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct-horse-battery"


@pytest.fixture
def changes() -> None:
    """Account changes made with the command line, oldest first."""
    assert invoke("user", "create", "alice", "--role", "viewer", "--password", PASSWORD).exit_code == 0
    assert invoke("user", "set-role", "alice", "admin").exit_code == 0
    assert invoke("user", "set-password", "alice", "--password", PASSWORD + "!").exit_code == 0
    assert invoke("token", "create", "alice", "--name", "ci").exit_code == 0


def entries(*args: str) -> list[dict[str, Any]]:
    result = invoke("audit", "list", "--json", *args)
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def summary(rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(r["actor"], r["action"], f"{r['target_type']}:{r['target_id']}") for r in rows]


def test_empty_log() -> None:
    result = invoke("audit", "list")

    assert result.exit_code == 0, result.output
    assert result.stdout == "No audit entries.\n"


def test_account_commands_are_audited_newest_first(changes: None) -> None:
    cli = command_line_actor()

    rows = entries()

    assert summary(rows) == [
        (cli, "token.created", f"token:{rows[0]['target_id']}"),
        (cli, "user.password_changed", "user:alice"),
        (cli, "user.role_changed", "user:alice"),
        (cli, "user.created", "user:alice"),
    ]
    assert rows[2]["details"] == {"from": "viewer", "to": "admin"}
    assert rows[3]["details"] == {"role": "viewer", "password": True}
    assert {r["client_address"] for r in rows} == {None}


def test_filters_and_limit(changes: None) -> None:
    audit_record(action=AuditAction.ASSET_WIPED, target_type="asset", target_id="numbers", actor="bob")

    by_action = entries("--action", "user.role_changed", "--action", "asset.wiped")
    by_actor = entries("--actor", "bob")
    limited = entries("--limit", "2")

    assert [r["action"] for r in by_action] == ["asset.wiped", "user.role_changed"]
    assert summary(by_actor) == [("bob", "asset.wiped", "asset:numbers")]
    assert [r["action"] for r in limited] == ["asset.wiped", "token.created"]


def test_table(changes: None) -> None:
    result = invoke("audit", "list", "--action", "user.role_changed")

    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header.split() == ["WHEN", "ACTOR", "ACTION", "TARGET", "ADDRESS", "DETAILS"]
    assert row.split()[2:] == [
        command_line_actor(),
        "user.role_changed",
        "user:alice",
        "-",
        "from=viewer,",
        "to=admin",
    ]


def test_unknown_action_exits_2() -> None:
    result = invoke("audit", "list", "--action", "run.exploded")

    assert result.exit_code == 2
    assert "'run.exploded' is not one of" in result.stderr


def test_with_url_reads_the_servers_log(changes: None, live_server: Any) -> None:
    _, key = token_create(username="alice", name="remote")
    user_create(username="victor", role="viewer")
    _, viewer_key = token_create(username="victor", name="remote")

    remote = entries("--url", live_server.url, "--token", key, "--action", "user.role_changed")
    refused = invoke("audit", "list", "--url", live_server.url, "--token", viewer_key)

    assert summary(remote) == [(command_line_actor(), "user.role_changed", "user:alice")]
    assert remote == entries("--action", "user.role_changed")
    assert refused.exit_code == 2
    assert refused.stderr == "Error: permission denied: Your role does not allow this action\n"
