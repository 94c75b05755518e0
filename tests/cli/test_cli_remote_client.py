"""The REST client behind ``--url``: every failure is one clear line with a trustworthy exit code.

A live server is exercised in ``tests/integration/test_cli_remote.py``; here the
server's answers are canned with ``httpx.MockTransport``.
"""

import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from orchestrator.cli._common import CommandError
from orchestrator.cli.remote import RemoteBackend, RemoteClient, api_base, field_errors
from tests.cli.helpers import invoke

URL = "http://orchestrator.test"


def client(handler: Callable[[httpx.Request], httpx.Response], token: str | None = "key") -> RemoteClient:
    return RemoteClient(URL, token, transport=httpx.MockTransport(handler))


def answer(
    status: int, body: Any = None, text: str | None = None
) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if text is not None:
            return httpx.Response(status, text=text)
        return httpx.Response(status, json=body)

    return handler


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("http://h:3000", "http://h:3000/api"),
        ("http://h:3000/", "http://h:3000/api"),
        ("https://h/api/", "https://h/api"),
        ("https://h/prefix", "https://h/prefix/api"),
    ],
)
def test_api_base(url: str, base: str) -> None:
    assert api_base(url) == base


def test_api_base_needs_a_scheme() -> None:
    with pytest.raises(CommandError, match="must start with http"):
        api_base("localhost:3000")


def test_requests_carry_the_token() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ok": True})

    assert client(handler).get("/assets/") == {"ok": True}
    assert seen[0].headers["Authorization"] == "Token key"
    assert str(seen[0].url) == f"{URL}/api/assets/"


@pytest.mark.parametrize(
    ("status", "body", "token", "message", "code"),
    [
        (401, {"detail": "Invalid or revoked token"}, "bad", "the token was rejected by", 2),
        (401, {"detail": "Authentication credentials were not provided."}, None, "needs a token", 2),
        (403, {"detail": "Launching runs needs the launcher role"}, "key", "permission denied: Launching", 2),
        (404, {"detail": "No run 'x'"}, "key", "No run 'x'", 2),
        (
            400,
            {"selection": ["Unknown asset"], "partition_key": ["Bad key"]},
            "key",
            "selection: Unknown asset; partition_key: Bad key",
            2,
        ),
        (500, {"detail": "boom"}, "key", "the server failed (500): boom", 1),
        (503, {"detail": "The task broker is unreachable"}, "key", "the server failed (503)", 1),
    ],
)
def test_error_answers(status: int, body: Any, token: str | None, message: str, code: int) -> None:
    with pytest.raises(CommandError) as info:
        client(answer(status, body), token=token).get("/runs/")

    assert message in info.value.format_message()
    assert info.value.exit_code == code


def test_an_answer_that_is_not_json() -> None:
    with pytest.raises(CommandError, match="something other than JSON") as info:
        client(answer(200, text="<html>hello</html>")).get("/assets/")

    assert info.value.exit_code == 2


def test_an_unreachable_server() -> None:
    url = f"http://127.0.0.1:{closed_port()}"

    with pytest.raises(CommandError, match=f"cannot reach {url}: ") as info:
        RemoteClient(url, "key").get("/assets/")

    assert info.value.exit_code == 2


def test_field_errors_flatten_nested_fields() -> None:
    assert field_errors({"tags": {"team": ["Not a string."]}, "run_config": "bad"}) == (
        "tags.team: Not a string.; run_config: bad"
    )


def test_all_pages_follows_next() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        page = {"results": [{"n": offset}], "next": "more" if offset == 0 else None}
        return httpx.Response(200, json=page)

    assert client(handler).all_pages("/assets/") == [{"n": 0}, {"n": 1000}]


def test_backend_paths_and_bodies() -> None:
    requests: list[tuple[str, str, bytes]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append((request.method, request.url.raw_path.decode().split("?")[0], request.content))
        return httpx.Response(201 if request.method == "POST" else 200, json={"id": "r1", "wiped": ["a"]})

    backend = RemoteBackend(URL, "key", location="loc", transport=httpx.MockTransport(handler))
    backend.launch({"selection": "a"})
    backend.events("r/1", 5)
    backend.cancel("r1")
    backend.wipe(["a"])

    assert requests == [
        ("POST", "/api/runs/", b'{"selection":"a","location":"loc"}'),
        ("GET", "/api/runs/r%2F1/events/", b""),
        ("POST", "/api/runs/r1/cancel/", b""),
        ("POST", "/api/assets/wipe/", b'{"keys":["a"]}'),
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["asset", "list"],
        ["asset", "materialize", "--select", "a"],
        ["job", "list"],
        ["job", "execute", "-j", "j"],
        ["run", "list"],
        ["run", "logs", "some-id"],
        ["definitions", "validate"],
    ],
)
def test_commands_report_an_unreachable_server(args: list[str]) -> None:
    url = f"http://127.0.0.1:{closed_port()}"

    result = invoke(*args, "--url", url, "--token", "key")

    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: cannot reach {url}: ")
