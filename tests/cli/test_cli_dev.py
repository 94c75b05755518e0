"""Pieces of ``orchestrator dev`` and the server commands that need no running processes."""

import sys

import pytest
from django.contrib.auth import get_user_model

from accounts_app.models import Role
from accounts_app.services import user_create, user_role
from orchestrator.cli._common import redact_url
from orchestrator.cli.dev import AdminLogin, display_url, ensure_admin
from orchestrator.cli.server import daemon_argv, web_argv, worker_argv


@pytest.mark.django_db
def test_first_start_creates_a_superuser_admin_and_later_starts_do_not() -> None:
    first = ensure_admin()

    assert first is not None and first.username == "admin"
    assert first.password is not None and first.password.isalnum() and len(first.password) == 16
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(first.password)
    assert user_role(admin) == Role.ADMIN
    assert ensure_admin() == AdminLogin(username="admin")
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_an_existing_admin_of_another_name_is_reported() -> None:
    user_create(username="root", role="admin", password="a-long-password")

    assert ensure_admin() == AdminLogin(username="root")
    assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_a_non_admin_named_admin_is_left_alone(capsys: pytest.CaptureFixture[str]) -> None:
    user_create(username="admin", role="viewer", password="a-long-password")

    assert ensure_admin() is None
    assert "orchestrator user set-role admin admin" in capsys.readouterr().out
    assert user_role(get_user_model().objects.get(username="admin")) == Role.VIEWER


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:3000/"),
        ("0.0.0.0", "http://127.0.0.1:3000/"),
        ("localhost", "http://localhost:3000/"),
        ("::1", "http://[::1]:3000/"),
    ],
)
def test_url(host: str, url: str) -> None:
    assert display_url(host, 3000) == url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://:s3cret@cache:6379/0", "redis://:***@cache:6379/0"),
        ("amqp://user:pw@rabbit:5672//", "amqp://user:***@rabbit:5672//"),
        ("sqla+sqlite:////tmp/broker.db", "sqla+sqlite:////tmp/broker.db"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_process_command_lines() -> None:
    assert web_argv("::", 8000, 3, 2)[3:] == [
        "orchestrator_site.wsgi:application",
        "--bind",
        "[::]:8000",
        "--workers",
        "3",
        "--threads",
        "2",
        "--worker-class",
        "gthread",
        "--graceful-timeout",
        "10",
        "--no-control-socket",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
    ]
    assert worker_argv(4, "a,b", "threads", "INFO", embedded_broker=False) == [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "orchestrator_site.celery:app",
        "worker",
        "--loglevel",
        "INFO",
        "--pool",
        "threads",
        "--concurrency",
        "4",
        "--queues",
        "a,b",
    ]
    assert worker_argv(None, None, "prefork", "INFO", embedded_broker=True)[-3:] == [
        "--without-mingle",
        "--without-gossip",
        "--without-heartbeat",
    ]
    assert daemon_argv("/h/celerybeat-schedule", "INFO", embedded_broker=False)[4:] == [
        "orchestrator_site.celery:app",
        "worker",
        "--beat",
        "--schedule",
        "/h/celerybeat-schedule",
        "--queues",
        "orchestrator.daemon",
        "--pool",
        "solo",
        "--hostname",
        "daemon@%h",
        "--loglevel",
        "INFO",
    ]
