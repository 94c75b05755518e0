"""Opening ``ORCHESTRATOR_HOME``'s database for the local commands; Django is first imported here, when they run.

A new SQLite database is created on first use, as ``orchestrator dev`` does; any
other database must be migrated first with ``orchestrator migrate``.
"""

import os
from typing import TYPE_CHECKING

from ._common import SETTINGS_MODULE, CommandError

if TYPE_CHECKING:
    from .local import LocalBackend
    from .output import Console


class DatabaseUnavailable(Exception):
    """Why the local database cannot be used."""


def _setup() -> None:
    try:
        import django
    except ImportError:
        raise DatabaseUnavailable(
            "the server extra is not installed (pip install 'orchestrator[server]')"
        ) from None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    django.setup()


def _migrate_if_new(console: "Console | None") -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    if connection.vendor != "sqlite":
        raise DatabaseUnavailable("the database has unapplied migrations: run `orchestrator migrate` first")
    call_command("migrate", interactive=False, verbosity=0)
    if console is not None:
        console.note(f"Set up the local database {connection.settings_dict['NAME']}")


def open_local_store(console: "Console | None" = None) -> "LocalBackend":
    """The local database, set up if new.

    Raises:
        DatabaseUnavailable: with the reason it cannot be used.
    """
    try:
        _setup()
        _migrate_if_new(console)
    except DatabaseUnavailable:
        raise
    except Exception as exc:  # whatever keeps the database from opening is reported as the reason
        raise DatabaseUnavailable(f"{type(exc).__name__}: {exc}") from exc
    from .local import LocalBackend

    return LocalBackend()


def require_local_store(console: "Console | None" = None) -> "LocalBackend":
    """The local database, or exit 2 saying why it cannot be used."""
    try:
        return open_local_store(console)
    except DatabaseUnavailable as exc:
        raise CommandError(f"cannot open the local database: {exc}") from None
