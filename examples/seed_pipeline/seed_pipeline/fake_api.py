"""A local stand-in for the pipeline's HTTP API, serving fixed JSON data.

Endpoints:

* ``GET /users``: users with ``id``, ``name``, ``email`` and ``created_at``.
* ``GET /orders``: orders with ``id``, ``user_id`` and ``amount``.
* ``GET /events?date=YYYY-MM-DD``: the events of that day.

Run it with ``python -m seed_pipeline.fake_api --port 8765``, or start it in a thread
with :func:`serve_in_thread` (tests).
"""

import argparse
import datetime as dt
import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765

USERS: list[dict[str, Any]] = [
    {"id": 1, "name": "Alice", "email": "alice@example.com", "created_at": "2026-01-02T09:15:00Z"},
    {"id": 2, "name": "Bob", "email": "bob@example.com", "created_at": "2026-01-03T11:30:00Z"},
    {"id": 3, "name": "Carol", "email": "carol@example.com", "created_at": "2026-01-05T16:45:00Z"},
    {"id": 4, "name": "Dave", "email": "dave@example.com", "created_at": "2026-01-08T08:00:00Z"},
    {"id": 5, "name": "Erin", "email": "erin@example.com", "created_at": "2026-01-13T20:05:00Z"},
]
"""Every user; Dave and Erin have no orders."""

ORDERS: list[dict[str, Any]] = [
    {"id": 101, "user_id": 1, "amount": 120.0},
    {"id": 102, "user_id": 2, "amount": 35.5},
    {"id": 103, "user_id": 1, "amount": 12.25},
    {"id": 104, "user_id": 3, "amount": 60.0},
    {"id": 105, "user_id": 2, "amount": 4.5},
    {"id": 106, "user_id": 1, "amount": 7.75},
]
"""Every order; amounts are exact in binary floating point, so sums are exact too."""

EVENT_TYPES = ("login", "page_view", "purchase")


def events_for(date: str) -> list[dict[str, Any]]:
    """The events of ``date`` (``YYYY-MM-DD``): one per event type, spread over users and the day.

    Raises:
        ValueError: ``date`` is not a ``YYYY-MM-DD`` date.

    Examples:
        >>> [e["event_id"] for e in events_for("2026-02-19")]
        ['2026-02-19-1', '2026-02-19-2', '2026-02-19-3']
    """
    day = dt.date.fromisoformat(date)
    if day.isoformat() != date:
        raise ValueError(f"Expected a YYYY-MM-DD date, got {date!r}")
    return [
        {
            "event_id": f"{date}-{number}",
            "date": date,
            "timestamp": f"{date}T{8 + 3 * number:02d}:00:00Z",
            "user_id": (day.toordinal() + number) % len(USERS) + 1,
            "event_type": event_type,
        }
        for number, event_type in enumerate(EVENT_TYPES, start=1)
    ]


class FakeApiHandler(BaseHTTPRequestHandler):
    """Answers ``GET /users``, ``GET /orders`` and ``GET /events?date=...`` with JSON."""

    server_version = "SeedFakeApi/1.0"

    def do_GET(self) -> None:
        """Route a GET request."""
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        if path == "/users":
            self._send_json(HTTPStatus.OK, USERS)
        elif path == "/orders":
            self._send_json(HTTPStatus.OK, ORDERS)
        elif path == "/events":
            dates = parse_qs(url.query).get("date", [])
            if len(dates) != 1:
                self._send_json(HTTPStatus.BAD_REQUEST, {"error": "pass exactly one date=YYYY-MM-DD"})
                return
            try:
                events = events_for(dates[0])
            except ValueError as exc:
                self._send_json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
                return
            self._send_json(HTTPStatus.OK, events)
        else:
            self._send_json(HTTPStatus.NOT_FOUND, {"error": f"no such endpoint: {url.path}"})

    def _send_json(self, status: HTTPStatus, payload: Any) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep request logs out of test output; the command line prints them (see ``main``)."""
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


def make_server(
    host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, verbose: bool = False
) -> ThreadingHTTPServer:
    """A server bound to ``host:port`` (``port=0`` picks a free port), not started yet."""
    server = ThreadingHTTPServer((host, port), FakeApiHandler)
    server.daemon_threads = True
    server.verbose = verbose  # type: ignore[attr-defined]
    return server


def serve_in_thread(port: int = 0, host: str = DEFAULT_HOST) -> tuple[ThreadingHTTPServer, str]:
    """Start a server in a daemon thread; return it and its base URL.

    Stop it with ``server.shutdown()`` then ``server.server_close()``.

    Examples:
        >>> import httpx
        >>> server, base_url = serve_in_thread()
        >>> [user["id"] for user in httpx.get(f"{base_url}/users").json()]
        [1, 2, 3, 4, 5]
        >>> server.shutdown(); server.server_close()
    """
    server = make_server(host, port)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="seed-fake-api", daemon=True
    )
    thread.start()
    return server, base_url_of(server)


def base_url_of(server: ThreadingHTTPServer) -> str:
    """``http://host:port`` of a bound server."""
    host, port = server.server_address[:2]
    if isinstance(host, bytes):
        host = host.decode()
    return f"http://{host}:{port}"


def main(argv: list[str] | None = None) -> None:
    """Serve until interrupted: ``python -m seed_pipeline.fake_api [--host H] [--port P]``."""
    parser = argparse.ArgumentParser(description="Serve the seed pipeline's fake HTTP API.")
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"interface to bind (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    args = parser.parse_args(argv)
    server = make_server(args.host, args.port, verbose=True)
    print(f"Fake API listening on {base_url_of(server)} (point SEED_API_URL at it)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
