"""The REST API of a running server, for commands given ``--url``: one httpx client, clear errors.

Every failure becomes a ``CommandError``: an unreachable server, a rejected token,
a missing permission, bad input (the field errors) or an unknown id exit 2; a
server error exits 1.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from ._common import CommandError, RunFailedError

PAGE_SIZE = 1000


def api_base(url: str) -> str:
    """``http://host:port`` (or ``.../api``) -> ``http://host:port/api``."""
    base = url.strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise CommandError(f"--url must start with http:// or https:// (got '{url}')")
    return base if base.endswith("/api") else f"{base}/api"


def field_errors(body: Any) -> str:
    """``{"selection": ["msg"], "tags": {"k": ["msg"]}}`` -> ``selection: msg; tags.k: msg``."""
    if not isinstance(body, Mapping):
        return str(body)
    if set(body) == {"detail"}:
        return str(body["detail"])
    parts: list[str] = []
    for field, value in body.items():
        if isinstance(value, Mapping):
            parts.extend(f"{field}.{part}" for part in field_errors(value).split("; "))
        elif isinstance(value, list):
            parts.append(f"{field}: {' '.join(str(v) for v in value)}")
        else:
            parts.append(f"{field}: {value}")
    return "; ".join(parts)


class RemoteClient:
    """Authenticated JSON requests to ``<url>/api/``."""

    def __init__(self, url: str, token: str | None, *, timeout: float = 30.0, transport: Any = None):
        self.url = url
        self.token = token
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        self._client = httpx.Client(
            base_url=api_base(url), headers=headers, timeout=timeout, transport=transport
        )

    def close(self) -> None:
        self._client.close()

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise CommandError(f"cannot reach {self.url}: {exc or type(exc).__name__}") from None
        return self._parse(response)

    def _parse(self, response: httpx.Response) -> Any:
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = None
            if response.is_success:
                raise CommandError(
                    f"{self.url} answered {response.request.url.path} with something other than JSON: "
                    "is it an Orchestrator server?"
                ) from None
        status = response.status_code
        if response.is_success:
            return body
        detail = field_errors(body) if body is not None else response.text[:200]
        if status == 401:
            if self.token:
                raise CommandError(f"the token was rejected by {self.url}: {detail}")
            raise CommandError(f"{self.url} needs a token: pass --token or set ORCHESTRATOR_TOKEN")
        if status == 403:
            raise CommandError(f"permission denied: {detail}")
        if status in (400, 404, 405, 409):
            raise CommandError(detail)
        raise RunFailedError(f"the server failed ({status}): {detail}")

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Any = None) -> Any:
        return self.request("POST", path, json=body)

    def all_pages(self, path: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every item of a paginated list."""
        items: list[dict[str, Any]] = []
        offset = 0
        while True:
            page = self.get(path, {**(params or {}), "limit": PAGE_SIZE, "offset": offset})
            if not isinstance(page, Mapping):
                return list(page or [])
            items.extend(page.get("results", []))
            if not page.get("next"):
                return items
            offset += PAGE_SIZE


def _run_path(run_id: str, suffix: str = "") -> str:
    return f"/runs/{quote(run_id, safe='')}/{suffix}"


class RemoteBackend:
    """Assets, jobs and runs of a server, through its REST API."""

    def __init__(self, url: str, token: str | None, *, location: str | None = None, transport: Any = None):
        self.client = RemoteClient(url, token, transport=transport)
        self.location = location
        self.label = url

    def _location_params(self) -> dict[str, str]:
        return {"location": self.location} if self.location else {}

    def assets(self) -> list[dict[str, Any]]:
        return self.client.all_pages("/assets/", self._location_params())

    def jobs(self) -> list[dict[str, Any]]:
        return self.client.all_pages("/jobs/", self._location_params())

    def locations(self) -> list[dict[str, Any]]:
        return self.client.all_pages("/code-locations/")

    def launch(self, body: Mapping[str, Any]) -> dict[str, Any]:
        data = {**body, **({"location": self.location} if self.location else {})}
        return dict(self.client.post("/runs/", data))

    def run(self, run_id: str) -> dict[str, Any]:
        return dict(self.client.get(_run_path(run_id)))

    def events(self, run_id: str, after: int) -> dict[str, Any]:
        return dict(self.client.get(_run_path(run_id, "events/"), {"after": after, "limit": PAGE_SIZE}))

    def cancel(self, run_id: str) -> dict[str, Any]:
        return dict(self.client.post(_run_path(run_id, "cancel/")))

    def runs(self, filters: Mapping[str, Any], limit: int) -> list[dict[str, Any]]:
        params = {k: v for k, v in filters.items() if v not in (None, [], ())}
        page = self.client.get("/runs/", {**params, "limit": limit})
        return list(page.get("results", []) if isinstance(page, Mapping) else page)

    def wipe(self, keys: list[str]) -> list[str]:
        return list(self.client.post("/assets/wipe/", {"keys": keys})["wiped"])
