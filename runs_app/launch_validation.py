"""Validating a launch against the stored snapshot: selection, job, partitions, config — no user code."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jsonschema

from assets_app.models import CodeLocation
from orchestrator._core.asset_key import AssetKey
from orchestrator._core.definitions.job_definition import IMPLICIT_ASSET_JOB_NAME
from orchestrator._core.errors import InvalidSubsetError, UnknownPartitionError
from orchestrator._core.selection import AssetSelection
from orchestrator_site.errors import DomainError

from . import snapshots


@dataclass(frozen=True)
class ValidatedLaunch:
    """A launch request checked against the snapshot, ready to become a Run."""

    location: CodeLocation
    job_name: str
    asset_keys: list[str] | None
    partition_key: str | None
    partition_range: tuple[str, str] | None


def resolve_selection(location: CodeLocation, selection: str | Sequence[str]) -> list[AssetKey]:
    graph = snapshots.asset_graph(location)
    try:
        if isinstance(selection, str):
            keys = AssetSelection.from_string(selection).resolve(graph)
        else:
            keys = AssetSelection.keys(*[AssetKey.from_user_string(k) for k in selection]).resolve(graph)
    except (InvalidSubsetError, ValueError) as exc:
        raise DomainError("selection", str(exc)) from None
    external = sorted(k.to_user_string() for k in keys if not graph.get(k).is_materializable)
    if external and isinstance(selection, (list, tuple)):
        raise DomainError("selection", f"Cannot materialize external asset(s): {', '.join(external)}")
    keys = {k for k in keys if graph.get(k).is_materializable}
    if not keys:
        raise DomainError("selection", f"Selection {selection!r} matches no materializable asset")
    return [k for k in graph.toposort(keys)]


def validate_launch(
    *,
    location: CodeLocation,
    selection: str | Sequence[str] | None,
    job: str | None,
    partition_key: str | None,
    partition_range: tuple[str, str] | None,
    run_config: Mapping[str, Any],
    instance: Any,
) -> ValidatedLaunch:
    job_snap = snapshots.job_snapshot(location, job) if job else None
    keys: list[AssetKey] | None = None
    if selection is not None and selection != [] and selection != "":
        keys = resolve_selection(location, selection)
        if job_snap is not None and job_snap.is_asset_job:
            allowed = {AssetKey(list(k)) for k in job_snap.asset_keys}
            outside = sorted(k.to_user_string() for k in keys if k not in allowed)
            if outside:
                raise DomainError("selection", f"Asset(s) {', '.join(outside)} are not part of job '{job}'")
    elif job_snap is not None:
        if job_snap.is_asset_job:
            keys = [AssetKey(list(k)) for k in job_snap.asset_keys]
    else:
        raise DomainError("selection", "Pass a selection (string or list of asset keys) or a job")
    if partition_key is not None and partition_range is not None:
        raise DomainError("partition_key", "Pass partition_key or partition_range, not both")
    if keys is not None:
        _check_partitions(location, keys, partition_key, partition_range, instance)
        _check_config(location, keys, run_config)
    return ValidatedLaunch(
        location=location,
        job_name=job or IMPLICIT_ASSET_JOB_NAME,
        asset_keys=[k.to_user_string() for k in keys] if keys is not None else None,
        partition_key=partition_key,
        partition_range=partition_range,
    )


def _check_partitions(
    location: CodeLocation,
    keys: Sequence[AssetKey],
    partition_key: str | None,
    partition_range: tuple[str, str] | None,
    instance: Any,
) -> None:
    graph = snapshots.asset_graph(location)
    pdefs = []
    for key in keys:
        pdef = graph.get(key).partitions_def
        if pdef is not None and pdef not in pdefs:
            pdefs.append(pdef)
    field = "partition_key" if partition_range is None else "partition_range"
    wanted = [partition_key] if partition_key is not None else list(partition_range or ())
    if wanted and not pdefs:
        raise DomainError(field, "None of the selected assets is partitioned")
    if pdefs and not wanted:
        partitioned = sorted(k.to_user_string() for k in keys if graph.get(k).partitions_def is not None)
        raise DomainError(
            "partition_key", f"Asset(s) {', '.join(partitioned)} are partitioned: pass a partition key"
        )
    for pdef in pdefs:
        for wanted_key in wanted:
            try:
                pdef.validate_partition_key(wanted_key, dynamic_partitions_store=instance)
            except UnknownPartitionError as exc:
                raise DomainError(field, str(exc)) from None


def _check_config(location: CodeLocation, keys: Sequence[AssetKey], run_config: Mapping[str, Any]) -> None:
    if not isinstance(run_config, Mapping):
        raise DomainError("run_config", "run_config must be an object")
    snapshot = snapshots.definitions_snapshot(location)
    wanted = {k.to_user_string() for k in keys}
    schemas = {a.node_name: a.config_schema for a in snapshot.assets if a.key_string in wanted}
    unknown = set(run_config) - {"ops", "resources", "execution", "loggers"}
    if unknown:
        raise DomainError("run_config", f"Unknown run_config section(s): {', '.join(sorted(unknown))}")
    ops = run_config.get("ops") or {}
    if not isinstance(ops, Mapping):
        raise DomainError("run_config", "run_config.ops must be an object")
    for name in ops:
        if name not in schemas:
            raise DomainError("run_config", f"run_config.ops.{name}: no selected asset named '{name}'")
    for name, schema in schemas.items():
        if schema is None:
            continue
        raw = ops.get(name, {})
        value = raw.get("config", {}) if isinstance(raw, Mapping) else raw
        errors = sorted(
            jsonschema.Draft202012Validator(schema).iter_errors(value), key=lambda e: list(e.path)
        )
        if errors:
            details = "; ".join(
                f"run_config.ops.{name}.config{''.join(f'.{p}' for p in e.path)}: {e.message}" for e in errors
            )
            raise DomainError("run_config", details)
