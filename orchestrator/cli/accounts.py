"""Account commands: ``user create``, ``user set-role``, ``user set-password`` and ``token create``."""

import sys
from datetime import UTC, datetime

import click

from ._common import fail, reported_errors, setup_django

ROLES = ("viewer", "launcher", "admin")
ROLE_HELP = "viewer (read), launcher (read and launch runs) or admin (everything)."


def stdin_is_terminal() -> bool:
    """Whether a person can answer a password prompt."""
    return sys.stdin.isatty()


def _prompt_password() -> str:
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.group("user")
def user() -> None:
    """Create users and change their role or password."""


@user.command("create")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(ROLES), help=ROLE_HELP)
@click.option(
    "--password",
    default=None,
    help="Password for the UI; prompted on a terminal when omitted. Without one the user signs in "
    "with API tokens only.",
)
def user_create(name: str, role: str, password: str | None) -> None:
    """Create user NAME with a role."""
    setup_django()
    from accounts_app import services

    if password is None and stdin_is_terminal():
        password = _prompt_password()
    with reported_errors():
        services.user_create(username=name, role=role, password=password)
    click.echo(f"Created user '{name}' ({role}).")
    if password is None:
        click.echo(
            f"'{name}' has no password and signs in with API tokens only: orchestrator token create {name}"
        )


@user.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
def user_set_role(name: str, role: str) -> None:
    """Give user NAME the role ROLE (viewer, launcher or admin)."""
    setup_django()
    from accounts_app import services

    with reported_errors():
        services.user_set_role(username=name, role=role)
    click.echo(f"User '{name}' is now {role}.")


@user.command("set-password")
@click.argument("name")
@click.option("--password", default=None, help="The new password; prompted on a terminal when omitted.")
def user_set_password(name: str, password: str | None) -> None:
    """Set the password user NAME signs in with."""
    setup_django()
    from accounts_app.services import user_set_password as set_password

    if password is None:
        if not stdin_is_terminal():
            fail("pass --password, or run on a terminal to be prompted")
        password = _prompt_password()
    with reported_errors():
        set_password(username=name, password=password)
    click.echo(f"Password of '{name}' changed.")


@click.group("token")
def token() -> None:
    """Issue API tokens."""


@token.command("create")
@click.argument("username", required=False)
@click.option(
    "--user", "user_option", default=None, help="The user owning the token (or give it as USERNAME)."
)
@click.option(
    "--name", "token_name", default=None, help="Token name, unique per user; default: cli-<UTC time>."
)
def token_create(username: str | None, user_option: str | None, token_name: str | None) -> None:
    """Create an API token for USERNAME and print its key (shown once; only its hash is stored).

    The key alone goes to stdout, so ``KEY=$(orchestrator token create alice)`` works;
    send it as ``Authorization: Token <key>``.
    """
    if username and user_option and username != user_option:
        fail(f"two users given ('{username}' and '{user_option}'): give one")
    owner = username or user_option
    if not owner:
        fail("name the user: orchestrator token create USERNAME")
    setup_django()
    from accounts_app import services

    name = token_name or f"cli-{datetime.now(UTC):%Y%m%d-%H%M%S}"
    with reported_errors():
        api_token, key = services.token_create(username=owner, name=name)
    click.echo(key)
    click.echo(
        f"Token '{api_token.name}' for '{owner}' (prefix {api_token.prefix}). "
        "Copy the key now: it is not shown again.",
        err=True,
    )


ACCOUNT_COMMANDS = (user, token)
