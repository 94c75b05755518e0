"""``DagsterInstance``: the one interface to runs, events and materializations."""

import os
from collections.abc import Callable, Iterable, Sequence

from ..asset_key import AssetKey, CoercibleToAssetKey
from ..errors import OrchestratorError
from ..events import DagsterEvent, DagsterEventType
from ..runs import DagsterRun, DagsterRunStatus
from .records import EventLogEntry, EventLogRecord, EventRecordsFilter, RunsFilter, RunStatusRecord
from .storage import InMemoryStorage, InstanceStorage

_factory: Callable[[], "DagsterInstance"] | None = None

_RUN_STATUS_BY_EVENT = {
    DagsterEventType.RUN_ENQUEUED: DagsterRunStatus.QUEUED,
    DagsterEventType.RUN_STARTING: DagsterRunStatus.STARTING,
    DagsterEventType.RUN_START: DagsterRunStatus.STARTED,
    DagsterEventType.RUN_SUCCESS: DagsterRunStatus.SUCCESS,
    DagsterEventType.RUN_FAILURE: DagsterRunStatus.FAILURE,
    DagsterEventType.RUN_CANCELING: DagsterRunStatus.CANCELING,
    DagsterEventType.RUN_CANCELED: DagsterRunStatus.CANCELED,
}


def _set_up_server_storage() -> None:
    """With the server installed, start Django so its app registers the database instance.

    Only ``DagsterInstance.get()`` does this: importing the SDK never imports Django.
    """
    import importlib.util

    if importlib.util.find_spec("orchestrator_site") is None:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orchestrator_site.settings")
    import django

    django.setup()


def register_instance_factory(factory: Callable[[], "DagsterInstance"] | None) -> None:
    """Make ``DagsterInstance.get()`` return ``factory()`` (the server registers its database)."""
    global _factory
    _factory = factory


class DagsterInstance:
    """Runs, their events, and the materializations they recorded.

    ``DagsterInstance.ephemeral()`` keeps everything in memory;
    ``DagsterInstance.get()`` is the persistent instance of this installation.

    Examples:
        >>> instance = DagsterInstance.ephemeral()
        >>> instance.get_latest_materialization_event("users") is None
        True
    """

    def __init__(self, storage: InstanceStorage, *, storage_dir: str | None = None):
        self.storage = storage
        self._storage_dir = storage_dir

    # -- construction ---------------------------------------------------------
    @staticmethod
    def ephemeral(tempdir: str | None = None) -> "DagsterInstance":
        return DagsterInstance(InMemoryStorage(), storage_dir=tempdir)

    @staticmethod
    def get() -> "DagsterInstance":
        """The persistent instance: the server's database under ``ORCHESTRATOR_HOME``.

        Raises:
            OrchestratorError: when no persistent storage is available in this process.
        """
        if _factory is None and not os.environ.get("ORCHESTRATOR_INSTANCE"):
            _set_up_server_storage()
        if _factory is not None:
            return _factory()
        spec = os.environ.get("ORCHESTRATOR_INSTANCE")
        if spec:
            import importlib

            module, _, attr = spec.partition(":")
            factory = getattr(importlib.import_module(module), attr or "get_instance")
            return factory()  # type: ignore[no-any-return]
        raise OrchestratorError(
            "No persistent instance is configured in this process. Inside the server and its workers "
            "DagsterInstance.get() reads ORCHESTRATOR_HOME's database; elsewhere set ORCHESTRATOR_INSTANCE "
            "to 'module:factory', or use DagsterInstance.ephemeral()."
        )

    def storage_directory(self) -> str:
        if self._storage_dir:
            return self._storage_dir
        home = os.environ.get("ORCHESTRATOR_HOME") or os.environ.get("DAGSTER_HOME") or ".orchestrator"
        return os.path.join(home, "storage")

    # -- runs -----------------------------------------------------------------
    def add_run(self, run: DagsterRun) -> DagsterRun:
        self.storage.add_run(run)
        return run

    def get_run_by_id(self, run_id: str) -> DagsterRun | None:
        return self.storage.get_run(run_id)

    def get_runs(self, filters: RunsFilter | None = None, limit: int | None = None) -> list[DagsterRun]:
        """Runs, newest first."""
        return self.storage.get_runs(filters, limit)

    def get_runs_count(self, filters: RunsFilter | None = None) -> int:
        return len(self.storage.get_runs(filters, None))

    # -- events ---------------------------------------------------------------
    def handle_new_event(self, event: DagsterEvent) -> None:
        """Store ``event``; run lifecycle events also move the run's status."""
        self.storage.store_events([event])
        status = _RUN_STATUS_BY_EVENT.get(event.event_type)
        if status is not None:
            run = self.storage.get_run(event.run_id)
            if run is not None:
                run.status = status
                self.storage.update_run(run)

    handle_event = handle_new_event

    def all_logs(
        self, run_id: str, of_type: DagsterEventType | Iterable[DagsterEventType] | None = None
    ) -> list[EventLogEntry]:
        types = {of_type} if isinstance(of_type, DagsterEventType) else set(of_type or ())
        return [
            r.event_log_entry
            for r in self.storage.get_run_events(run_id, None)
            if not types or r.event_log_entry.event.event_type in types
        ]

    def get_records_for_run(self, run_id: str, cursor: int | None = None) -> list[EventLogRecord]:
        return self.storage.get_run_events(run_id, cursor)

    def get_event_records(
        self, event_records_filter: EventRecordsFilter, limit: int | None = None, ascending: bool = False
    ) -> list[EventLogRecord]:
        return self.storage.get_event_records(event_records_filter, limit, ascending)

    # -- assets ---------------------------------------------------------------
    def fetch_materializations(
        self, asset_key: CoercibleToAssetKey, limit: int | None = 100, partitions: Sequence[str] | None = None
    ) -> list[EventLogRecord]:
        """Materializations of an asset, newest first."""
        key = AssetKey.from_coercible(asset_key)
        flt = EventRecordsFilter(
            DagsterEventType.ASSET_MATERIALIZATION, asset_key=key, asset_partitions=partitions
        )
        return self.storage.get_event_records(flt, limit, False)

    def get_latest_materialization_event(self, asset_key: CoercibleToAssetKey) -> EventLogEntry | None:
        records = self.fetch_materializations(asset_key, limit=1)
        return records[0].event_log_entry if records else None

    def get_latest_materialization_events(
        self, asset_keys: Iterable[CoercibleToAssetKey]
    ) -> dict[AssetKey, EventLogEntry | None]:
        return {AssetKey.from_coercible(k): self.get_latest_materialization_event(k) for k in asset_keys}

    def get_materialized_partitions(self, asset_key: CoercibleToAssetKey) -> set[str]:
        return {
            r.partition_key for r in self.fetch_materializations(asset_key, limit=None) if r.partition_key
        }  # type: ignore[arg-type]

    def get_asset_keys(self) -> list[AssetKey]:
        return self.storage.asset_keys()

    def wipe_assets(self, asset_keys: Iterable[CoercibleToAssetKey]) -> None:
        """Forget the materialization history of ``asset_keys`` (stored data is untouched)."""
        for key in asset_keys:
            self.storage.wipe_asset(AssetKey.from_coercible(key))

    # -- automation queries ---------------------------------------------------
    def get_asset_event_records(
        self, asset_key: AssetKey, after_storage_id: int | None, limit: int, ascending: bool = True
    ) -> list[EventLogRecord]:
        """Materializations of ``asset_key`` after a storage id (asset sensors' cursor)."""
        flt = EventRecordsFilter(
            DagsterEventType.ASSET_MATERIALIZATION, asset_key=asset_key, after_cursor=after_storage_id
        )
        return self.storage.get_event_records(flt, limit, ascending)

    def get_run_status_records(
        self, after_storage_id: int | None, statuses: Sequence[DagsterRunStatus], limit: int
    ) -> list[RunStatusRecord]:
        """Run lifecycle events after a cursor, as records with ``dagster_run`` attached."""
        wanted = {t for t, s in _RUN_STATUS_BY_EVENT.items() if s in set(statuses)}
        out = []
        for event_type in wanted:
            flt = EventRecordsFilter(event_type, after_cursor=after_storage_id)
            for record in self.storage.get_event_records(flt, limit, True):
                run = self.storage.get_run(record.run_id)
                if run is not None:
                    out.append(RunStatusRecord(record.storage_id, run, record.event_log_entry.event))
        out.sort(key=lambda r: r.storage_id)
        return out[:limit]

    # -- dynamic partitions ---------------------------------------------------
    def get_dynamic_partitions(self, partitions_def_name: str) -> list[str]:
        return self.storage.get_dynamic_partitions(partitions_def_name)

    def add_dynamic_partitions(self, partitions_def_name: str, partition_keys: Sequence[str]) -> None:
        self.storage.add_dynamic_partitions(partitions_def_name, list(partition_keys))

    def delete_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> None:
        self.storage.delete_dynamic_partition(partitions_def_name, partition_key)

    def has_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> bool:
        return partition_key in self.storage.get_dynamic_partitions(partitions_def_name)
