"""``orchestrator location reload --url``: queue the reload, then poll the location until a worker did it."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from orchestrator.cli.location_reload import location_reload_and_wait
from orchestrator.cli.main import cli
from orchestrator.cli.remote import RemoteClient
from tests.fixtures.clients import PASSWORD
from tests.fixtures.locations import BASIC_PROJECT, store_location

CATALOG_PROJECT = BASIC_PROJECT.parents[2] / "server" / "api" / "projects" / "catalog_project.py"


@pytest.fixture
def client(db: Any) -> Iterator[RemoteClient]:
    """An admin's client of the real API, served in this process on the test's database connection."""
    from accounts_app.services import token_create, user_create

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    user_create(username="ops", role="admin", password=PASSWORD)
    _, key = token_create(username="ops", name="cli")
    client = RemoteClient("http://testserver", key, transport=httpx.WSGITransport(app=get_wsgi_application()))
    try:
        yield client
    finally:
        client.close()
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_polls_until_a_worker_stored_the_location(
    client: RemoteClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assets_app.tasks import reload_code_location

    store_location(CATALOG_PROJECT, name="catalog")
    monkeypatch.setattr(reload_code_location, "delay", lambda name: None)  # queued; no worker yet
    polls: list[float] = []

    def worker_finishes_on_second_poll(seconds: float) -> None:
        polls.append(seconds)
        if len(polls) == 2:
            store_location(BASIC_PROJECT, name="catalog")

    row, done = location_reload_and_wait(client, "catalog", timeout=30, sleep=worker_finishes_on_second_poll)
    assert done is True
    assert (row["status"], row["counts"]["assets"], polls) == ("LOADED", 6, [0.5, 0.5])


def test_gives_up_after_the_timeout(client: RemoteClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from assets_app.tasks import reload_code_location

    store_location(CATALOG_PROJECT, name="catalog")
    monkeypatch.setattr(reload_code_location, "delay", lambda name: None)
    row, done = location_reload_and_wait(client, "catalog", timeout=0.01, poll_seconds=0.02)
    assert done is False
    assert row["name"] == "catalog"


def test_an_unreachable_server_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["location", "reload", "nope", "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "cannot reach http://127.0.0.1:9" in result.output
