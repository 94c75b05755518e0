"""What asset and run-status sensors need from ``context.instance``: typed Protocols, no implementation."""

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from ..asset_key import AssetKey
from ..runs import DagsterRun, DagsterRunStatus


@runtime_checkable
class AssetEventRecord(Protocol):
    """One stored asset materialization: its storage id and the event log entry.

    ``storage_id`` increases with insertion order; ``event_log_entry`` is passed to the
    ``@asset_sensor`` function unchanged.

    Examples:
        >>> from collections import namedtuple
        >>> isinstance(namedtuple("Record", "storage_id event_log_entry")(1, None), AssetEventRecord)
        True
    """

    @property
    def storage_id(self) -> int: ...

    @property
    def event_log_entry(self) -> Any: ...


@runtime_checkable
class AssetEventStore(Protocol):
    """The instance method ``@asset_sensor`` uses.

    Examples:
        >>> class Empty:
        ...     def get_asset_event_records(self, asset_key, after_storage_id, limit, ascending=True):
        ...         return []
        >>> isinstance(Empty(), AssetEventStore)
        True
    """

    def get_asset_event_records(
        self, asset_key: AssetKey, after_storage_id: int | None, limit: int, ascending: bool = True
    ) -> Sequence[AssetEventRecord]:
        """Materializations of ``asset_key`` with ``storage_id > after_storage_id`` (all when None),
        in ``storage_id`` order (newest first unless ``ascending``), at most ``limit`` of them."""
        ...


@runtime_checkable
class RunStatusRecord(Protocol):
    """A run reaching a status: the storage id of that change, the run, and its event (may be None).

    Examples:
        >>> from collections import namedtuple
        >>> Record = namedtuple("Record", "storage_id dagster_run dagster_event")
        >>> isinstance(Record(1, DagsterRun("r1", "etl"), None), RunStatusRecord)
        True
    """

    @property
    def storage_id(self) -> int: ...

    @property
    def dagster_run(self) -> DagsterRun: ...

    @property
    def dagster_event(self) -> Any: ...


@runtime_checkable
class RunStatusStore(Protocol):
    """The instance method run-status sensors use.

    Examples:
        >>> class Empty:
        ...     def get_run_status_records(self, after_storage_id, statuses, limit):
        ...         return []
        >>> isinstance(Empty(), RunStatusStore)
        True
    """

    def get_run_status_records(
        self, after_storage_id: int | None, statuses: Sequence[DagsterRunStatus], limit: int
    ) -> Sequence[RunStatusRecord]:
        """Run status changes into one of ``statuses`` with ``storage_id > after_storage_id``
        (all when None), in ascending ``storage_id`` order, at most ``limit`` of them."""
        ...


@runtime_checkable
class LatestRunStatusStore(Protocol):
    """Optional fast path: the newest storage id among run status changes into ``statuses``.

    A run-status sensor's first tick starts after the newest record instead of replaying
    history; without this method it pages through ``get_run_status_records``.

    Examples:
        >>> class Latest:
        ...     def get_latest_run_status_storage_id(self, statuses):
        ...         return 42
        >>> isinstance(Latest(), LatestRunStatusStore)
        True
    """

    def get_latest_run_status_storage_id(self, statuses: Sequence[DagsterRunStatus]) -> int | None: ...
