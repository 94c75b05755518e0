"""``orchestrator audit list``: the audit log of the local database, or of a server with ``--url``."""

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import click

from .options import RemoteArgs, json_option
from .output import Console

# The server's ``AuditAction`` values (a test keeps them equal); listed here so --help needs no Django.
AUDIT_ACTIONS = (
    "run.launched",
    "run.canceled",
    "run.reexecuted",
    "asset.wiped",
    "code_location.reloaded",
    "user.created",
    "user.role_changed",
    "user.password_changed",
    "token.created",
    "token.deleted",
)


def _local_entries(filters: Mapping[str, Any], limit: int, console: Console) -> list[dict[str, Any]]:
    from .database import require_local_store

    require_local_store(console)
    from accounts_app.api.serializers import AuditEntrySerializer
    from accounts_app.audit import audit_queryset

    qs = audit_queryset()
    if filters["action"]:
        qs = qs.filter(action__in=filters["action"])
    if filters["actor"]:
        qs = qs.filter(actor=filters["actor"])
    # Through JSON, as the API answers: timestamps become the same ISO strings.
    return list(json.loads(json.dumps(AuditEntrySerializer(qs[:limit], many=True).data)))


def _remote_entries(remote: RemoteArgs, filters: Mapping[str, Any], limit: int) -> list[dict[str, Any]]:
    from .remote import RemoteClient

    assert remote.url is not None
    client = RemoteClient(remote.url, remote.token)
    try:
        params = {"action": ",".join(filters["action"]) or None, "actor": filters["actor"], "limit": limit}
        page = client.get("/audit/", {k: v for k, v in params.items() if v})
    finally:
        client.close()
    return list(page.get("results", []))


def _when(value: str) -> str:
    return dt.datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _details(details: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in details.items() if v not in (None, "", [], {}))


@click.group("audit")
def audit() -> None:
    """Read the audit log: who launched, canceled or re-executed runs, wiped assets, changed accounts."""


@audit.command("list")
@click.option(
    "--action", "actions", multiple=True, type=click.Choice(AUDIT_ACTIONS), help="Repeatable (any matches)."
)
@click.option("--actor", default=None, help="Only entries of this user (cli:<user> for commands).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option(
    "--url",
    envvar="ORCHESTRATOR_URL",
    default=None,
    help="A running server (env ORCHESTRATOR_URL; needs an admin's token); default: ORCHESTRATOR_HOME's database.",
)
@click.option("--token", envvar="ORCHESTRATOR_TOKEN", default=None, help="API token for --url.")
@json_option
def audit_list(
    actions: tuple[str, ...],
    actor: str | None,
    limit: int,
    url: str | None,
    token: str | None,
    as_json: bool,
) -> None:
    """List audit entries, newest first."""
    console = Console(json_mode=as_json)
    filters = {"action": list(actions), "actor": actor}
    remote = RemoteArgs(url=url, token=token)
    entries = (
        _remote_entries(remote, filters, limit) if remote.url else _local_entries(filters, limit, console)
    )
    if as_json:
        console.json(entries)
        return
    if not entries:
        console.line("No audit entries.")
        return
    rows = [
        [
            _when(e["created_at"]),
            e["actor"],
            e["action"],
            f"{e['target_type']}:{e['target_id']}",
            e.get("client_address") or "-",
            _details(e.get("details") or {}),
        ]
        for e in entries
    ]
    console.table(["WHEN", "ACTOR", "ACTION", "TARGET", "ADDRESS", "DETAILS"], rows)
