"""Catalog writes: storing a code location's snapshot (or its load error), wiping history."""

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orchestrator._core.asset_key import AssetKey

from .models import AssetDefinition, CodeLocation

logger = logging.getLogger(__name__)


def configured_origin() -> dict[str, Any]:
    """Where the server's code location comes from: settings, else ``pyproject.toml``."""
    return {
        "module_name": settings.ORCHESTRATOR_MODULE,
        "python_file": settings.ORCHESTRATOR_PYTHON_FILE,
        "working_directory": settings.ORCHESTRATOR_WORKING_DIRECTORY,
    }


def load_location(origin: dict[str, Any] | None = None) -> Any:
    """Import user code (worker side only) and return the SDK's ``CodeLocation``."""
    from orchestrator._core.code_location import load_code_location, load_code_location_from_origin

    if origin and origin.get("kind"):
        return load_code_location_from_origin(origin)
    kwargs = {k: v for k, v in (origin or configured_origin()).items() if v}
    return load_code_location(**kwargs)


def code_location_store(*, location: Any) -> CodeLocation:
    """Store a location loaded in this process (the SDK's ``CodeLocation``): its snapshot or load error."""
    from orchestrator._core.code_location import LocationLoadResult

    return code_location_store_result(result=LocationLoadResult.from_location(location))


def code_location_store_result(*, result: Any) -> CodeLocation:
    """Store a load's ``LocationLoadResult``: the snapshot and asset rows, or the load error.

    A load error keeps the last good snapshot (runs already started go on with it) but marks
    the location ERROR, so new launches are refused until a reload succeeds.
    """
    if result.snapshot is None:
        row, _ = CodeLocation.objects.update_or_create(
            name=result.name,
            defaults={
                "origin": result.origin,
                "status": CodeLocation.Status.ERROR,
                "load_error": result.load_error,
                "loaded_at": timezone.now(),
            },
        )
        logger.warning(
            "Code location %s failed to load: %s", result.name, (result.load_error or {}).get("message")
        )
        return row
    snapshot = result.snapshot
    with transaction.atomic():
        row, _ = CodeLocation.objects.select_for_update().get_or_create(name=result.name)
        changed = row.fingerprint != snapshot["fingerprint"]
        row.origin = result.origin
        row.status = CodeLocation.Status.LOADED
        row.load_error = None
        row.snapshot = snapshot
        row.fingerprint = snapshot["fingerprint"]
        row.loaded_at = timezone.now()
        row.save()
        if changed:
            _replace_asset_rows(row, snapshot["assets"])
    return row


def _replace_asset_rows(location: CodeLocation, assets: Iterable[dict[str, Any]]) -> None:
    AssetDefinition.objects.filter(location=location).delete()
    AssetDefinition.objects.bulk_create(
        [
            AssetDefinition(
                location=location,
                key=a["key_string"],
                group_name=a["group_name"],
                description=a.get("description") or "",
                kinds=a.get("kinds", []),
                tags=a.get("tags", {}),
                owners=a.get("owners", []),
                deps=["/".join(d["asset_key"]) for d in a.get("deps", [])],
                is_materializable=a["is_materializable"],
                is_partitioned=a.get("partitions") is not None,
                search_text=" ".join([a["key_string"], a.get("description") or "", a["group_name"]]).lower(),
                data=a,
            )
            for a in assets
        ],
        batch_size=500,
    )


def code_location_load(*, origin: dict[str, Any] | None = None, name: str | None = None) -> CodeLocation:
    """Import the code location in a child process and store its snapshot or load error.

    ``origin`` is a stored origin (with its ``kind``) or ``configured_origin()``-style
    arguments (default: the configured location). The child is killed after
    ``ORCHESTRATOR_LOCATION_LOAD_TIMEOUT_SECONDS``, and the time-out stored as the load error of
    the location (``name``, else the one the origin names): user code that hangs, exits or prints
    without end never runs in this process.
    """
    from orchestrator._core.code_location import load_code_location_in_subprocess

    timeout = settings.ORCHESTRATOR_LOCATION_LOAD_TIMEOUT_SECONDS
    if origin and origin.get("kind"):
        result = load_code_location_in_subprocess(timeout=timeout, origin=origin, name=name)
    else:
        kwargs = {k: v for k, v in (origin or configured_origin()).items() if v}
        result = load_code_location_in_subprocess(timeout=timeout, **kwargs)
    return code_location_store_result(result=result)


def code_location_reload(*, name: str | None = None) -> CodeLocation:
    """Load the code location again (reading changed files) in a child process and store the result."""
    row = CodeLocation.objects.filter(name=name).first() if name else None
    if row is not None and row.origin.get("kind"):
        return code_location_load(origin=row.origin, name=row.name)
    return code_location_load()


def code_location_reload_request(*, name: str) -> None:
    """Queue the worker task that reloads the location, after commit (the web never imports user code).

    Raises:
        DomainError: 503 when the task broker is unreachable.
    """
    from kombu.exceptions import OperationalError

    from orchestrator_site.errors import DomainError

    from .tasks import reload_code_location

    def send() -> None:
        reload_code_location.delay(name)

    try:
        transaction.on_commit(send)
    except OperationalError:
        logger.exception("Could not queue the reload of code location %s", name)
        raise DomainError("detail", "The task broker is unreachable: try again later", 503) from None


def asset_wipe(*, keys: Iterable[str]) -> int:
    """Forget the materialization history of ``keys`` (stored data is untouched)."""
    from runs_app.instance_storage import DjangoInstanceStorage

    storage = DjangoInstanceStorage()
    count = 0
    for key in keys:
        storage.wipe_asset(AssetKey.from_user_string(key))
        count += 1
    return count
