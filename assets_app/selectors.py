"""Read shapes of the catalog: asset rows with a status, a per-location index of the snapshot, checks.

Everything here reads the database (snapshot JSON and rows); nothing imports user code.

Asset status (one value per asset key, partitions are not told apart):

- ``IN_PROGRESS``: the latest run that selected the asset is queued, starting, running or canceling.
- ``FAILED``: the latest run that selected the asset failed, and the asset was not materialized by
  that run nor after it started.
- ``MATERIALIZED``: the asset has a materialization (since its last wipe).
- ``NEVER_MATERIALIZED``: none of the above.
"""

import datetime as dt
import json
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.db.models import F, Max, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from orchestrator_site.errors import NotFound
from runs_app.models import RunAsset, RunStatus

from .models import AssetCheckEvaluation, AssetDefinition, AssetState, CodeLocation, Materialization


class AssetStatus(models.TextChoices):
    MATERIALIZED = "MATERIALIZED"
    NEVER_MATERIALIZED = "NEVER_MATERIALIZED"
    FAILED = "FAILED"
    IN_PROGRESS = "IN_PROGRESS"


_RUNNING = frozenset({RunStatus.QUEUED, RunStatus.STARTING, RunStatus.STARTED, RunStatus.CANCELING})


@dataclass(frozen=True, slots=True)
class LatestMaterialization:
    event_id: int
    run_id: str
    timestamp: dt.datetime
    partition: str | None


@dataclass(frozen=True, slots=True)
class AssetRunState:
    """What the catalog shows of an asset's history: its status and latest materialization."""

    status: str
    latest_materialization: LatestMaterialization | None = None
    latest_run_id: str | None = None
    latest_run_status: str | None = None


NEVER_MATERIALIZED = AssetRunState(AssetStatus.NEVER_MATERIALIZED)


_RunRef = tuple[str, str, dt.datetime]  # (run id, status, created_at) of the latest run selecting a key


def _status(materialized: tuple[str, dt.datetime] | None, run: _RunRef | None) -> str:
    """``materialized``: (run id, timestamp) of the latest materialization, if any."""
    if run is not None:
        run_id, run_status, created_at = run
        if run_status in _RUNNING:
            return AssetStatus.IN_PROGRESS
        if run_status == RunStatus.FAILURE and (
            materialized is None or (materialized[0] != run_id and materialized[1] < created_at)
        ):
            return AssetStatus.FAILED
    return AssetStatus.MATERIALIZED if materialized is not None else AssetStatus.NEVER_MATERIALIZED


def _latest_run_assets(keys: list[str] | None) -> QuerySet[RunAsset]:
    """The latest RunAsset row of each key: it belongs to the latest run that selected the key."""
    run_assets = RunAsset.objects.all() if keys is None else RunAsset.objects.filter(asset_key__in=keys)
    return RunAsset.objects.filter(
        id__in=run_assets.values("asset_key").annotate(last=Max("id")).values("last")
    )


def _run_refs(qs: QuerySet[RunAsset]) -> dict[str, _RunRef]:
    return {
        key: (str(run_id), run_status, created_at)
        for key, run_id, run_status, created_at in qs.values_list(
            "asset_key", "run_id", "run__status", "run__created_at"
        )
    }


def asset_run_states(keys: Collection[str] | None) -> dict[str, AssetRunState]:
    """The state of each of ``keys`` (None: every key) that has any history, in two queries.

    Keys without a materialization or a run are absent: use ``NEVER_MATERIALIZED`` for them.
    """
    key_list = None if keys is None else list(keys)
    if key_list is not None and not key_list:
        return {}
    states = AssetState.objects.filter(latest_materialization__isnull=False)
    if key_list is not None:
        states = states.filter(asset_key__in=key_list)
    mats = {
        key: LatestMaterialization(event_id=event_id, run_id=str(run_id), timestamp=ts, partition=partition)
        for key, event_id, run_id, ts, partition in states.values_list(
            "asset_key",
            "latest_materialization__event_id",
            "latest_materialization__run_id",
            "latest_materialization__timestamp",
            "latest_materialization__partition",
        )
    }
    runs = _run_refs(_latest_run_assets(key_list))
    result = {}
    for key in mats.keys() | runs.keys():
        mat, run = mats.get(key), runs.get(key)
        result[key] = AssetRunState(
            status=_status((mat.run_id, mat.timestamp) if mat else None, run),
            latest_materialization=mat,
            latest_run_id=run[0] if run else None,
            latest_run_status=run[1] if run else None,
        )
    return result


def _unsettled_statuses() -> dict[str, str]:
    """The status of each key whose latest run is unfinished or failed: two queries, few rows."""
    latest = _latest_run_assets(None)
    unsettled = _run_refs(latest.filter(run__status__in=[*_RUNNING, RunStatus.FAILURE]))
    if not unsettled:
        return {}
    failed_keys = latest.filter(run__status=RunStatus.FAILURE).values("asset_key")
    materialized = {
        key: (str(run_id), ts)
        for key, run_id, ts in AssetState.objects.filter(
            latest_materialization__isnull=False, asset_key__in=failed_keys
        ).values_list("asset_key", "latest_materialization__run_id", "latest_materialization__timestamp")
    }
    return {key: _status(materialized.get(key), run) for key, run in unsettled.items()}


def asset_statuses() -> dict[str, str]:
    """The status of every key with history, for the whole graph: three queries, rows only where needed.

    Only keys whose latest run is unfinished or failed need more than "has a materialization", so only
    those rows are read in full.
    """
    result = {
        key: AssetStatus.MATERIALIZED.value
        for key in AssetState.objects.filter(latest_materialization__isnull=False).values_list(
            "asset_key", flat=True
        )
    }
    result.update(_unsettled_statuses())
    return result


# -- the snapshot, indexed per location fingerprint ----------------------------------------------


@dataclass(frozen=True)
class LocationIndex:
    """Compact views of one stored snapshot, built once per fingerprint and shared (read-only).

    The graph's nodes and edges are kept as JSON text: a node's text lacks only its status, so a graph
    response is joined from cached fragments instead of encoding thousands of dicts per request.
    """

    id: int
    name: str
    fingerprint: str
    node_keys: tuple[str, ...]
    partitioned_keys: tuple[str, ...]
    node_json: tuple[str, ...]  # '{"key":...,"status":"' (the status and '"}' are appended per request)
    edges_json: str  # '{"source":...,"target":...},...' without brackets
    checks_by_asset: dict[str, tuple[dict[str, Any], ...]]
    jobs: tuple[dict[str, Any], ...]
    schedules: tuple[dict[str, Any], ...]
    sensors: tuple[dict[str, Any], ...]
    jobs_by_asset: dict[str, tuple[str, ...]]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "assets": len(self.node_keys),
            "asset_checks": sum(len(c) for c in self.checks_by_asset.values()),
            "jobs": len(self.jobs),
            "schedules": len(self.schedules),
            "sensors": len(self.sensors),
        }


def _compact_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def key_string(path: Sequence[str]) -> str:
    return "/".join(path)


def _key_strings(paths: Iterable[Sequence[str]] | None) -> list[str] | None:
    return None if paths is None else [key_string(p) for p in paths]


_INDEX_CACHE_SIZE = 16
_index_cache: OrderedDict[tuple[int, str], LocationIndex] = OrderedDict()
_index_lock = threading.Lock()


def _location_index(location_id: int, fingerprint: str) -> LocationIndex:
    """The index of the location's snapshot with ``fingerprint``, built on first use in this process.

    Cached under the fingerprint read together with the snapshot, so a reload racing with the build
    never files one snapshot's index under another's fingerprint.
    """
    with _index_lock:
        index = _index_cache.get((location_id, fingerprint))
        if index is not None:
            _index_cache.move_to_end((location_id, fingerprint))
            return index
    name, stored_fingerprint, snapshot = CodeLocation.objects.values_list(
        "name", "fingerprint", "snapshot"
    ).get(id=location_id)
    index = _build_index(location_id, name, stored_fingerprint, snapshot or {})
    with _index_lock:
        _index_cache[(location_id, stored_fingerprint)] = index
        while len(_index_cache) > _INDEX_CACHE_SIZE:
            _index_cache.popitem(last=False)
    return index


def _build_index(location_id: int, name: str, fingerprint: str, snapshot: dict[str, Any]) -> LocationIndex:
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for asset in snapshot.get("assets", []):
        key = asset["key_string"]
        nodes.append(
            {
                "key": key,
                "location": name,
                "group": asset["group_name"],
                "kinds": asset.get("kinds", []),
                "description": (asset.get("description") or "")[:200],
                "is_materializable": asset["is_materializable"],
                "is_partitioned": asset.get("partitions") is not None,
            }
        )
        edges.extend({"source": key_string(d["asset_key"]), "target": key} for d in asset.get("deps", []))
    checks: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for check in snapshot.get("asset_checks", []):
        checks[key_string(check["asset_key"])].append(
            {
                "name": check["name"],
                "description": check.get("description"),
                "blocking": check.get("blocking", False),
                "additional_deps": _key_strings(check.get("additional_deps", [])),
            }
        )
    jobs, jobs_by_asset = [], defaultdict(list)
    for job in snapshot.get("jobs", []):
        keys = _key_strings(job.get("asset_keys", [])) or []
        jobs.append(
            {
                "name": job["name"],
                "location": name,
                "description": job.get("description"),
                "is_asset_job": job.get("is_asset_job", False),
                "asset_keys": keys,
                "ops": [op["name"] for op in job.get("ops", [])],
                "partitions": job.get("partitions"),
                "tags": job.get("tags", {}),
                "run_tags": job.get("run_tags", {}),
            }
        )
        for key in keys:
            jobs_by_asset[key].append(job["name"])
    schedules = tuple(
        {
            "name": s["name"],
            "location": name,
            "description": s.get("description"),
            "cron_schedule": s["cron_schedule"],
            "execution_timezone": s.get("execution_timezone", "UTC"),
            "job_name": s["job_name"],
            "default_status": s.get("default_status", "STOPPED"),
            "asset_selection": _key_strings(s.get("asset_selection")),
            "tags": s.get("tags", {}),
        }
        for s in snapshot.get("schedules", [])
    )
    sensors = tuple(
        {
            "name": s["name"],
            "location": name,
            "description": s.get("description"),
            "sensor_type": s.get("sensor_type", "standard"),
            "minimum_interval_seconds": s.get("minimum_interval_seconds"),
            "default_status": s.get("default_status", "STOPPED"),
            "job_names": s.get("job_names", []),
            "asset_selection": _key_strings(s.get("asset_selection")),
            "monitored_asset_keys": _key_strings(s.get("monitored_asset_keys", [])),
            "run_status": s.get("run_status"),
            "tags": s.get("tags", {}),
        }
        for s in snapshot.get("sensors", [])
    )
    return LocationIndex(
        id=location_id,
        name=name,
        fingerprint=fingerprint,
        node_keys=tuple(n["key"] for n in nodes),
        partitioned_keys=tuple(n["key"] for n in nodes if n["is_partitioned"]),
        node_json=tuple(_compact_json(n)[:-1] + ',"status":"' for n in nodes),
        edges_json=",".join(_compact_json(e) for e in edges),
        checks_by_asset={k: tuple(v) for k, v in checks.items()},
        jobs=tuple(jobs),
        schedules=schedules,
        sensors=sensors,
        jobs_by_asset={k: tuple(v) for k, v in jobs_by_asset.items()},
    )


def location_indexes(name: str | None = None) -> list[LocationIndex]:
    """The index of every location with a stored snapshot (or of ``name``), by name; one query."""
    refs = CodeLocation.objects.exclude(fingerprint="").order_by("name")
    if name:
        refs = refs.filter(name=name)
    return [_location_index(pk, fingerprint) for pk, fingerprint in refs.values_list("id", "fingerprint")]


def location_index_for(location_id: int) -> LocationIndex | None:
    fingerprint = CodeLocation.objects.filter(id=location_id).values_list("fingerprint", flat=True).first()
    return _location_index(location_id, fingerprint) if fingerprint else None


def _iso(value: dt.datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def graph_states() -> dict[str, tuple[str, dt.datetime | None, str | None]]:
    """(status, latest materialization time, latest run id) of every key with history: two queries."""
    mats = {
        key: (str(run_id), ts)
        for key, run_id, ts in AssetState.objects.filter(latest_materialization__isnull=False).values_list(
            "asset_key", "latest_materialization__run_id", "latest_materialization__timestamp"
        )
    }
    runs = _run_refs(_latest_run_assets(None))
    result = {}
    for key in mats.keys() | runs.keys():
        mat, run = mats.get(key), runs.get(key)
        result[key] = (_status(mat, run), mat[1] if mat else None, run[0] if run else None)
    return result


def asset_graph_json(location: str | None = None) -> str:
    """Every node (with its state) and edge of the loaded locations, as the JSON response body.

    Shape: ``{"locations": [{name, fingerprint}], "nodes": [{key, location, group, kinds, description,
    is_materializable, is_partitioned, status, latest_materialization_at, latest_run_id,
    partition_counts}], "edges": [{source, target}]}``. A bounded number of queries for any size.
    """
    indexes = location_indexes(location)
    states = graph_states()
    counts = partition_counts(
        [(index.id, key) for index in indexes for key in index.partitioned_keys], all_assets=True
    )
    never = f'{AssetStatus.NEVER_MATERIALIZED.value}","latest_materialization_at":null,"latest_run_id":null'

    def node(key: str, text: str) -> str:
        state = states.get(key)
        head = (
            never
            if state is None
            else f'{state[0]}","latest_materialization_at":{_compact_json(_iso(state[1])) if state[1] else "null"},'
            f'"latest_run_id":{_compact_json(state[2])}'
        )
        pc = counts.get(key)
        return f'{text}{head},"partition_counts":{_compact_json(pc.as_dict()) if pc else "null"}}}'

    nodes = ",".join(
        node(key, text)
        for index in indexes
        for key, text in zip(index.node_keys, index.node_json, strict=True)
    )
    edges = ",".join(index.edges_json for index in indexes if index.edges_json)
    locations = _compact_json([{"name": i.name, "fingerprint": i.fingerprint} for i in indexes])
    return f'{{"locations":{locations},"nodes":[{nodes}],"edges":[{edges}]}}'


# -- code locations ------------------------------------------------------------------------------


def code_location_queryset() -> QuerySet[CodeLocation]:
    return CodeLocation.objects.defer("snapshot").order_by("name")


def code_location_get(name: str) -> CodeLocation:
    location = code_location_queryset().filter(name=name).first()
    if location is None:
        raise NotFound(f"No code location '{name}'")
    return location


def code_location_exists(name: str) -> bool:
    return CodeLocation.objects.filter(name=name).exists()


def code_location_counts(location: CodeLocation) -> dict[str, int]:
    """Numbers of definitions in the location's stored snapshot (zeros when it has none)."""
    if not location.fingerprint:
        return {"assets": 0, "asset_checks": 0, "jobs": 0, "schedules": 0, "sensors": 0}
    return _location_index(location.id, location.fingerprint).counts


# -- assets --------------------------------------------------------------------------------------


def asset_queryset() -> QuerySet[AssetDefinition]:
    """Asset rows for lists: without the large ``data`` column, with the location's name."""
    return (
        AssetDefinition.objects.defer("data", "search_text")
        .annotate(location_name=F("location__name"))
        .order_by("key", "location_id")
    )


def asset_filter_kind(qs: QuerySet[AssetDefinition], kind: str) -> QuerySet[AssetDefinition]:
    if connection.vendor == "postgresql":
        return qs.filter(kinds__contains=[kind])
    # SQLite stores the list as JSON text: match the encoded element, quotes included.
    return qs.filter(kinds__icontains=json.dumps(kind))


def asset_filter_owners(qs: QuerySet[AssetDefinition], owners: Sequence[str]) -> QuerySet[AssetDefinition]:
    """Assets with any of ``owners`` (exact)."""
    condition = Q()
    for owner in owners:
        if connection.vendor == "postgresql":
            condition |= Q(owners__contains=[owner])
        else:  # SQLite stores the list as JSON text: match the encoded element, quotes included.
            condition |= Q(owners__icontains=json.dumps(owner))
    return qs.filter(condition)


def asset_filter_status(
    qs: QuerySet[AssetDefinition], statuses: Collection[str]
) -> QuerySet[AssetDefinition]:
    """Assets whose status (see the module) is one of ``statuses``."""
    # Keys with a materialization are a subquery; only the few keys whose latest run is unfinished or
    # failed are listed, so a filter over thousands of assets never sends thousands of parameters.
    unsettled = _unsettled_statuses()
    materialized = AssetState.objects.filter(latest_materialization__isnull=False).values("asset_key")
    condition = Q(pk__in=[])
    for status in set(statuses):
        others = [k for k, s in unsettled.items() if s != status]
        if status == AssetStatus.MATERIALIZED:
            condition |= Q(key__in=materialized) & ~Q(key__in=others)
        elif status == AssetStatus.NEVER_MATERIALIZED:
            condition |= ~Q(key__in=materialized) & ~Q(key__in=others)
        else:
            condition |= Q(key__in=[k for k, s in unsettled.items() if s == status])
    return qs.filter(condition)


def asset_filter_tag(qs: QuerySet[AssetDefinition], key: str, value: str) -> QuerySet[AssetDefinition]:
    alias = f"_tag_{len(qs.query.annotations)}"
    text = Cast(KeyTextTransform(key, "tags"), models.TextField())
    return qs.alias(**{alias: text}).filter(**{alias: value})


def asset_filter_text(qs: QuerySet[AssetDefinition], text: str) -> QuerySet[AssetDefinition]:
    """Every word must appear in the key, description or group (case-insensitive)."""
    condition = Q()
    for word in text.lower().split():
        condition &= Q(search_text__contains=word)
    return qs.filter(condition)


def with_run_states(assets: Sequence[AssetDefinition]) -> Sequence[AssetDefinition]:
    """Attach ``run_state`` to each row of a page, in two queries for the whole page."""
    states = asset_run_states({a.key for a in assets})
    for asset in assets:
        asset.run_state = states.get(asset.key, NEVER_MATERIALIZED)  # type: ignore[attr-defined]
    return assets


ASSET_ROW_FIELDS = (
    "key",
    "location_id",
    "location_name",
    "group_name",
    "description",
    "kinds",
    "tags",
    "owners",
    "deps",
    "is_materializable",
    "is_partitioned",
)
_BULK_STATES = 500  # past this many keys, read every key's state rather than filter by key


def asset_list_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A page of ``asset_queryset().values(*ASSET_ROW_FIELDS)`` as the list's JSON (``AssetSerializer``).

    Built as plain dicts, in a bounded number of queries: a page of thousands of assets is served
    in a fraction of a second (the serializer documents the shape).
    """
    keys = [row["key"] for row in rows]
    states = asset_run_states(None) if len(keys) > _BULK_STATES else asset_run_states(keys)
    partitioned = [(r["location_id"], r["key"]) for r in rows if r["is_partitioned"]]
    counts = partition_counts(partitioned, all_assets=len(partitioned) > _BULK_STATES)
    result = []
    for row in rows:
        state = states.get(row["key"], NEVER_MATERIALIZED)
        mat = state.latest_materialization
        pc = counts.get(row["key"])
        result.append(
            {
                "key": row["key"],
                "location": row["location_name"],
                "group": row["group_name"],
                "description": row["description"],
                "kinds": row["kinds"],
                "tags": row["tags"],
                "owners": row["owners"],
                "deps": row["deps"],
                "is_materializable": row["is_materializable"],
                "is_partitioned": row["is_partitioned"],
                "status": state.status,
                "latest_materialization": None
                if mat is None
                else {
                    "event_id": mat.event_id,
                    "run_id": mat.run_id,
                    "timestamp": _iso(mat.timestamp),
                    "partition": mat.partition,
                },
                "latest_run_id": state.latest_run_id,
                "latest_run_status": state.latest_run_status,
                "partition_counts": pc.as_dict() if pc else None,
            }
        )
    return result


def with_partition_counts(assets: Sequence[AssetDefinition]) -> Sequence[AssetDefinition]:
    """Attach ``partition_counts`` (None when unpartitioned) to each row of a page, in bounded queries."""
    counts = partition_counts([(a.location_id, a.key) for a in assets if a.is_partitioned])
    for asset in assets:
        asset.partition_counts = counts.get(asset.key)  # type: ignore[attr-defined]
    return assets


def asset_exists(key: str) -> bool:
    return AssetDefinition.objects.filter(key=key).exists()


def asset_get(key: str, location: str | None = None) -> AssetDefinition:
    """The asset row (with its snapshot ``data``), its run state, checks and jobs attached."""
    qs = AssetDefinition.objects.filter(key=key).annotate(location_name=F("location__name"))
    if location:
        qs = qs.filter(location__name=location)
    asset = qs.order_by("location__name").first()
    if asset is None:
        raise NotFound(f"No asset '{key}'")
    index = location_index_for(asset.location_id)
    asset.run_state = asset_run_states([key]).get(key, NEVER_MATERIALIZED)  # type: ignore[attr-defined]
    asset.checks = list(index.checks_by_asset.get(key, ())) if index else []  # type: ignore[attr-defined]
    asset.jobs = list(index.jobs_by_asset.get(key, ())) if index else []  # type: ignore[attr-defined]
    with_partition_counts([asset])
    return asset


def _wiped_after(key: str) -> int:
    return (
        AssetState.objects.filter(asset_key=key).values_list("wiped_after_event_id", flat=True).first() or 0
    )


def materialization_queryset(key: str) -> QuerySet[Materialization]:
    """The asset's materializations since its last wipe, newest first, with their run's status and
    their step's start and end (``step_start``, ``step_end``), in one query."""
    from django.db.models import OuterRef, Subquery

    from runs_app.models import StepStats

    step = StepStats.objects.filter(run_id=OuterRef("run_id"), step_key=OuterRef("step_key"))
    return (
        Materialization.objects.filter(asset_key=key, event_id__gt=_wiped_after(key))
        .annotate(
            run_status=F("run__status"),
            step_start=Subquery(step.values("start_time")[:1]),
            step_end=Subquery(step.values("end_time")[:1]),
        )
        .order_by("-event_id")
    )


def asset_checks(key: str) -> list[dict[str, Any]]:
    """The asset's checks (defined ones, and any evaluated in the past) with their latest evaluation."""
    location_id = (
        AssetDefinition.objects.filter(key=key)
        .order_by("location__name")
        .values_list("location_id", flat=True)
        .first()
    )
    if location_id is None:
        raise NotFound(f"No asset '{key}'")
    index = location_index_for(location_id)
    defined = {c["name"]: c for c in index.checks_by_asset.get(key, ())} if index else {}
    latest_ids = (
        AssetCheckEvaluation.objects.filter(asset_key=key)
        .values("check_name")
        .annotate(last=Max("event_id"))
        .values("last")
    )
    latest = {e.check_name: e for e in AssetCheckEvaluation.objects.filter(event_id__in=latest_ids)}
    result = []
    for name in sorted(defined.keys() | latest.keys()):
        spec = defined.get(name)
        result.append(
            {
                "name": name,
                "is_defined": spec is not None,
                "description": spec["description"] if spec else None,
                "blocking": spec["blocking"] if spec else False,
                "additional_deps": spec["additional_deps"] if spec else [],
                "latest_evaluation": latest.get(name),
            }
        )
    return result


def unknown_asset_keys(keys: Collection[str]) -> list[str]:
    """Keys that are neither defined nor have history (a removed asset's history can be wiped)."""
    keys = set(keys)
    known = set(AssetDefinition.objects.filter(key__in=keys).values_list("key", flat=True))
    known |= set(AssetState.objects.filter(asset_key__in=keys).values_list("asset_key", flat=True))
    return sorted(keys - known)


# -- partition counts ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartitionCounts:
    """How a partitioned asset's partitions stand; the four categories are disjoint and sum to total.

    ``in_progress``: targeted by an unfinished run. ``failed``: the latest failed run targeting it
    is newer than its latest materialization (or it has none). ``materialized``: materialized since
    the last wipe and neither of those. ``missing``: the rest.
    """

    total: int
    materialized: int
    failed: int
    in_progress: int
    missing: int

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "materialized": self.materialized,
            "failed": self.failed,
            "in_progress": self.in_progress,
            "missing": self.missing,
        }


_MAX_RUNS_READ = 5000  # the newest unfinished or failed partition runs read per request
_IN_CHUNK = 500


def _wiped_after_ref() -> Any:
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    wiped = AssetState.objects.filter(asset_key=OuterRef("asset_key")).values("wiped_after_event_id")[:1]
    return Coalesce(Subquery(wiped), 0)


def _partition_defs(assets: Iterable[tuple[int, str]]) -> dict[str, Any]:
    """The partitions definition of each (location id, key) that has one, from the stored snapshots."""
    from orchestrator._core.asset_key import AssetKey
    from runs_app.snapshots import asset_graph_of

    pairs = list(assets)
    fingerprints = dict(
        CodeLocation.objects.filter(id__in={loc for loc, _ in pairs}).values_list("id", "fingerprint")
    )
    found: dict[str, Any] = {}
    for location_id, key in pairs:
        fingerprint = fingerprints.get(location_id)
        if not fingerprint or key in found:
            continue
        graph = asset_graph_of(location_id, fingerprint)
        asset_key = AssetKey.from_user_string(key)
        if asset_key in graph:
            pdef = graph.get(asset_key).partitions_def
            if pdef is not None:
                found[key] = pdef
    return found


def partition_counts(
    assets: Iterable[tuple[int, str]], *, all_assets: bool = False
) -> dict[str, PartitionCounts]:
    """Partition counts of each partitioned asset among ``assets`` ((location id, key) pairs).

    A bounded number of queries whatever the number of assets: one for the materialized counts,
    one for the unfinished and failed runs, and one per 500 candidate partitions to tell whether
    a failed partition was materialized after it failed. ``all_assets`` reads without a key filter
    (the whole graph).
    """
    from orchestrator._core.partitions.base import PartitionKeyRange
    from runs_app.instance_storage import database_instance

    pdefs = _partition_defs(assets)
    if not pdefs:
        return {}
    keys = list(pdefs)
    instance = database_instance()
    totals: dict[Any, int] = {}
    for pdef in pdefs.values():
        if pdef not in totals:
            try:
                totals[pdef] = int(pdef.get_num_partitions(dynamic_partitions_store=instance))
            except Exception:  # a definition that cannot count now (e.g. a bad dynamic store) counts none
                totals[pdef] = 0

    mats = Materialization.objects.filter(partition__isnull=False).alias(_wiped=_wiped_after_ref())
    mats = mats.filter(event_id__gt=F("_wiped"))
    if not all_assets:
        mats = mats.filter(asset_key__in=keys)
    materialized = dict(
        mats.values("asset_key")
        .annotate(n=models.Count("partition", distinct=True))
        .values_list("asset_key", "n")
    )

    runs = RunAsset.objects.filter(run__status__in=[*_RUNNING, RunStatus.FAILURE]).exclude(
        run__partition_key__isnull=True, run__partition_range_start__isnull=True
    )
    if not all_assets:
        runs = runs.filter(asset_key__in=keys)
    running: dict[str, set[str]] = defaultdict(set)
    failed_at: dict[str, dict[str, dt.datetime]] = defaultdict(dict)
    for key, status, created_at, partition, start, end in runs.order_by("-id").values_list(
        "asset_key",
        "run__status",
        "run__created_at",
        "run__partition_key",
        "run__partition_range_start",
        "run__partition_range_end",
    )[:_MAX_RUNS_READ]:
        pdef = pdefs.get(key)
        if pdef is None:
            continue
        if partition is not None:
            targeted: Sequence[str] = [partition]
        elif start is None:
            continue
        else:
            try:
                targeted = pdef.get_partition_keys_in_range(
                    PartitionKeyRange(start, end or start), dynamic_partitions_store=instance
                )
            except Exception:  # the range is no longer valid for the definition
                continue
        if status in _RUNNING:
            running[key].update(targeted)
        else:
            for p in targeted:
                failed_at[key].setdefault(p, created_at)  # newest first: keep the latest failure

    # The latest materialization of each partition that is failed or in progress, if any.
    latest: dict[tuple[str, str], dt.datetime] = {}
    candidates = sorted(
        {(k, p) for k, ps in failed_at.items() for p in ps}
        | {(k, p) for k, ps in running.items() for p in ps}
    )
    by_partition = sorted({p for _, p in candidates})
    candidate_keys = sorted({k for k, _ in candidates})
    for i in range(0, len(by_partition), _IN_CHUNK):
        chunk = by_partition[i : i + _IN_CHUNK]
        rows = (
            Materialization.objects.filter(asset_key__in=candidate_keys, partition__in=chunk)
            .alias(_wiped=_wiped_after_ref())
            .filter(event_id__gt=F("_wiped"))
            .values("asset_key", "partition")
            .annotate(ts=Max("timestamp"))
            .values_list("asset_key", "partition", "ts")
        )
        latest.update({(k, p): ts for k, p, ts in rows if p is not None})

    result = {}
    for key, pdef in pdefs.items():
        total = totals[pdef]
        in_progress = running.get(key, set())
        failed = {
            p
            for p, at in failed_at.get(key, {}).items()
            if p not in in_progress and ((key, p) not in latest or latest[(key, p)] < at)
        }
        overlap = sum(1 for p in failed | in_progress if (key, p) in latest)
        done = max(0, materialized.get(key, 0) - overlap)
        done = min(done, total)
        n_failed, n_running = min(len(failed), total - done), min(len(in_progress), total)
        n_running = min(n_running, total - done - n_failed)
        result[key] = PartitionCounts(
            total=total,
            materialized=done,
            failed=n_failed,
            in_progress=n_running,
            missing=max(0, total - done - n_failed - n_running),
        )
    return result
