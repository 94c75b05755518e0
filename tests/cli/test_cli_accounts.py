"""``orchestrator user ...`` and ``orchestrator token create`` against the test database."""

from typing import Any

import pytest
from click.testing import CliRunner, Result
from django.contrib.auth import get_user_model

from accounts_app.models import ApiToken, Role, hash_token
from accounts_app.services import token_authenticate, user_create, user_role
from orchestrator.cli import accounts
from orchestrator.cli.main import cli

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def get_user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def test_cli_roles_are_the_server_roles() -> None:
    assert tuple(Role.values) == accounts.ROLES


def test_user_create_with_password() -> None:
    result = invoke("user", "create", "alice", "--role", "launcher", "--password", PASSWORD)

    assert result.exit_code == 0, result.output
    assert result.stdout == "Created user 'alice' (launcher).\n"
    alice = get_user("alice")
    assert alice.check_password(PASSWORD)
    assert user_role(alice) == Role.LAUNCHER
    assert not alice.is_staff


def test_user_create_prompts_for_the_password_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "stdin_is_terminal", lambda: True)

    result = invoke("user", "create", "bob", "--role", "admin", input=f"{PASSWORD}\n{PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert "Password:" in result.output and "Repeat for confirmation:" in result.output
    bob = get_user("bob")
    assert bob.check_password(PASSWORD)
    assert user_role(bob) == Role.ADMIN
    assert bob.is_staff


def test_user_create_without_terminal_or_password_is_token_only() -> None:
    result = invoke("user", "create", "robot", "--role", "viewer")

    assert result.exit_code == 0, result.output
    assert "signs in with API tokens only: orchestrator token create robot" in result.stdout
    robot = get_user("robot")
    assert not robot.has_usable_password()
    assert user_role(robot) == Role.VIEWER


@pytest.mark.parametrize("role", ["superuser", "Admin", ""])
def test_user_create_rejects_unknown_role(role: str) -> None:
    result = invoke("user", "create", "carol", "--role", role, "--password", PASSWORD)

    assert result.exit_code == 2
    assert f"'{role}' is not one of 'viewer', 'launcher', 'admin'" in result.stderr
    assert not get_user_model().objects.filter(username="carol").exists()


def test_user_create_rejects_duplicate_user() -> None:
    user_create(username="dave", role="viewer", password=PASSWORD)

    result = invoke("user", "create", "dave", "--role", "admin", "--password", PASSWORD)

    assert result.exit_code == 2
    assert result.stderr == "Error: User 'dave' already exists\n"
    assert user_role(get_user("dave")) == Role.VIEWER


def test_user_create_rejects_short_password() -> None:
    result = invoke("user", "create", "erin", "--role", "viewer", "--password", "short")

    assert result.exit_code == 2
    assert "too short" in result.stderr
    assert not get_user_model().objects.filter(username="erin").exists()


def test_user_set_role() -> None:
    user_create(username="frank", role="viewer", password=PASSWORD)

    result = invoke("user", "set-role", "frank", "admin")

    assert result.exit_code == 0, result.output
    assert result.stdout == "User 'frank' is now admin.\n"
    frank = get_user("frank")
    assert user_role(frank) == Role.ADMIN
    assert frank.is_staff


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ghost", "admin"), "Error: No user 'ghost'"),
        (("frank", "owner"), "'owner' is not one of 'viewer', 'launcher', 'admin'"),
    ],
)
def test_user_set_role_bad_input(args: tuple[str, str], message: str) -> None:
    user_create(username="frank", role="viewer", password=PASSWORD)

    result = invoke("user", "set-role", *args)

    assert result.exit_code == 2
    assert message in result.stderr
    assert user_role(get_user("frank")) == Role.VIEWER


def test_user_set_password() -> None:
    user_create(username="gina", role="viewer")

    result = invoke("user", "set-password", "gina", "--password", PASSWORD)

    assert result.exit_code == 0, result.output
    assert get_user("gina").check_password(PASSWORD)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody", "--password", PASSWORD), "Error: No user 'nobody'"),
        (("gina", "--password", "short"), "too short"),
        (("gina",), "Error: pass --password, or run on a terminal to be prompted"),
    ],
)
def test_user_set_password_bad_input(args: tuple[str, ...], message: str) -> None:
    user_create(username="gina", role="viewer")

    result = invoke("user", "set-password", *args)

    assert result.exit_code == 2
    assert message in result.stderr
    assert not get_user("gina").has_usable_password()


def test_token_create_prints_the_key_once_and_stores_its_hash() -> None:
    user_create(username="henry", role="launcher")

    result = invoke("token", "create", "henry", "--name", "ci")

    assert result.exit_code == 0, result.output
    key = result.stdout.strip()
    assert key.startswith("orc_") and "\n" not in key
    token = ApiToken.objects.get(user__username="henry")
    assert token.name == "ci"
    assert token.key_hash == hash_token(key)
    assert key not in {token.key_hash, token.prefix}
    assert token_authenticate(key) == token
    assert (
        result.stderr
        == f"Token 'ci' for 'henry' (prefix {token.prefix}). Copy the key now: it is not shown again.\n"
    )


def test_token_create_with_user_option_and_default_name() -> None:
    user_create(username="iris", role="viewer")

    result = invoke("token", "create", "--user", "iris")

    assert result.exit_code == 0, result.output
    token = ApiToken.objects.get(user__username="iris")
    assert token.name.startswith("cli-")
    assert token_authenticate(result.stdout.strip()) == token


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ghost",), "Error: No user 'ghost'"),
        (("jack", "--user", "kate"), "Error: two users given ('jack' and 'kate'): give one"),
        ((), "Error: name the user: orchestrator token create USERNAME"),
        (("jack", "--name", "ci"), "Error: User 'jack' already has a token named 'ci'"),
    ],
)
def test_token_create_bad_input(args: tuple[str, ...], message: str) -> None:
    user_create(username="jack", role="viewer")
    invoke("token", "create", "jack", "--name", "ci")

    result = invoke("token", "create", *args)

    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert result.stdout == ""
    assert ApiToken.objects.filter(user__username="jack").count() == 1
