"""The audit log: one explicit call after each change worth knowing who made.

Views call ``audit_record`` right after the service that made the change, with the
request's user and client address; account services call it themselves, so the API
and the command line are audited alike.
"""

import getpass
import ipaddress
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from .models import AuditAction, AuditEntry
from .throttling import client_address


def command_line_actor() -> str:
    """The actor of a command run on a server machine: ``cli:<OS user>``."""
    try:
        return f"cli:{getpass.getuser()}"[:150]
    except (KeyError, OSError):
        return "cli"


def _actor_name(actor: Any) -> str:
    if actor is None:
        return command_line_actor()
    if isinstance(actor, str):
        return actor[:150]
    return str(actor.get_username())[:150] if actor.is_authenticated else "anonymous"


def _address(request: Any) -> str | None:
    address = client_address(request) if request is not None else None
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:  # a proxy header that is not an address is not stored
        return None


def audit_record(
    *,
    action: AuditAction,
    target_type: str,
    target_id: Any,
    actor: Any = None,
    request: Any = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Record that ``actor`` (a user, a name, or None for the command line) did ``action`` to a target.

    ``request`` gives the client address (the one login limits use).
    """
    return AuditEntry.objects.create(
        actor=_actor_name(actor),
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        details=dict(details or {}),
        client_address=_address(request),
    )


def audit_queryset() -> QuerySet[AuditEntry]:
    """Every entry, newest first."""
    return AuditEntry.objects.order_by("-created_at", "-id")
