"""Validating a launch against the stored snapshot: selection, job, partitions, config — no user code."""

import re
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
from orchestrator_site.parsers import NUL, nul_paths

from . import snapshots
from .system_tags import check_system_tags

RUN_CONFIG_SECTIONS = ("ops", "resources", "execution", "loggers")
OP_ENTRY_KEYS = ("config", "inputs", "outputs")
RESOURCE_ENTRY_KEYS = ("config",)
MAX_TAG_KEY_LENGTH = 200  # RunTag.key
MAX_TAG_VALUE_LENGTH = 500  # RunTag.value


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
    check_no_nul("selection", selection)
    check_no_nul("partition_key", partition_key)
    check_no_nul("partition_range", list(partition_range) if partition_range else None)
    check_no_nul("run_config", run_config)
    check_run_config_shape(run_config)
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
        wanted = {k.to_user_string() for k in keys}
        snapshot = snapshots.definitions_snapshot(location)
        _check_config(
            location,
            {a.node_name: a.config_schema for a in snapshot.assets if a.key_string in wanted},
            run_config,
        )
    elif job_snap is not None:
        _check_config(location, {op.name: op.config_schema for op in job_snap.ops}, run_config)
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


def _check_config(
    location: CodeLocation, schemas: Mapping[str, Mapping[str, Any] | None], run_config: Mapping[str, Any]
) -> None:
    """Check ``run_config`` against the config schemas of the launched nodes and the resources.

    Like Dagster, an ``ops`` entry for a node outside the launch or for one that takes no config is
    an error, and so is an unknown field inside a node's or resource's config. Every error found is
    reported, each at its path (see ``RunConfigError``).
    """
    check_run_config_shape(run_config)
    errors: list[ConfigErrorItem] = []
    ops: Mapping[str, Any] = run_config.get("ops") or {}
    for name, entry in ops.items():
        if name not in schemas:
            errors.append((("ops", name), f"no launched asset or op named '{name}'"))
        elif "config" in entry and schemas[name] is None:
            errors.append((("ops", name, "config"), f"'{name}' takes no config"))
    for name, schema in schemas.items():
        if schema is not None:
            errors.extend(
                schema_errors(("ops", name, "config"), schema, (ops.get(name) or {}).get("config", {}))
            )
    resources: Mapping[str, Any] = run_config.get("resources") or {}
    known = {r.key: r.config_schema for r in snapshots.definitions_snapshot(location).resources}
    for name, entry in resources.items():
        if name not in known:
            errors.append((("resources", name), f"no resource named '{name}'"))
            continue
        schema = known[name]
        if "config" in entry and schema is not None:
            # Values configured in code are defaults: run config may set any subset of the fields.
            optional = {k: v for k, v in schema.items() if k != "required"}
            errors.extend(schema_errors(("resources", name, "config"), optional, entry["config"]))
    if errors:
        raise RunConfigError(errors)


ConfigPath = tuple[str | int, ...]
ConfigErrorItem = tuple[ConfigPath, str]


class RunConfigError(DomainError):
    """Errors at paths inside ``run_config``.

    ``message`` joins them as ``run_config.<path>: <message>`` (the command line prints it);
    ``detail`` nests them by path as DRF does for nested fields, so a form can show each on its field:
    ``{"ops": {"scaled": {"config": {"factor": ["'factor' is a required property"]}}}}``. An error on
    ``run_config`` itself is a list at the top; where a path holds both its own errors and deeper
    ones, its own are under ``non_field_errors``.

    Examples:
        >>> exc = RunConfigError([(("ops", "a", "config", "n"), "'x' is not of type 'integer'")])
        >>> exc.message
        "run_config.ops.a.config.n: 'x' is not of type 'integer'"
        >>> exc.detail
        {'ops': {'a': {'config': {'n': ["'x' is not of type 'integer'"]}}}}
    """

    def __init__(self, errors: Sequence[ConfigErrorItem]):
        self.errors = list(errors)
        super().__init__("run_config", "; ".join(f"{dotted_path(path)}: {msg}" for path, msg in self.errors))

    @property
    def detail(self) -> dict[str, Any] | list[str]:
        root: dict[str, Any] = {}
        top: list[str] = []
        for path, message in self.errors:
            if not path:
                top.append(message)
                continue
            node = root
            for part in path[:-1]:
                child = node.setdefault(str(part), {})
                if isinstance(child, list):
                    child = node[str(part)] = {"non_field_errors": child}
                node = child
            leaf = node.setdefault(str(path[-1]), [])
            if isinstance(leaf, dict):
                leaf = leaf.setdefault("non_field_errors", [])
            leaf.append(message)
        if top and root:
            root["non_field_errors"] = top
        return root if root else top


def dotted_path(path: ConfigPath) -> str:
    return "".join([("run_config"), *(f".{p}" for p in path)])


def schema_errors(where: ConfigPath, schema: Mapping[str, Any], value: Any) -> list[ConfigErrorItem]:
    """The JSON-schema errors of ``value``, each at the path of the value it is about.

    A missing required property is reported at the property's own path, and so is each property
    that ``additionalProperties: false`` refuses; any other error at the path of the failing value.

    Examples:
        >>> schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"],
        ...           "additionalProperties": False}
        >>> schema_errors(("c",), schema, {"m": 1})
        [(('c', 'm'), "Additional properties are not allowed ('m' was unexpected)"), (('c', 'n'), "'n' is a required property")]
        >>> schema_errors(("c",), schema, {"n": "x"})
        [(('c', 'n'), "'x' is not of type 'integer'")]
    """
    found: list[ConfigErrorItem] = []
    for error in jsonschema.Draft202012Validator(schema).iter_errors(value):
        path: ConfigPath = (*where, *error.path)
        instance = error.instance
        if error.validator == "required" and isinstance(instance, Mapping):
            missing = [
                p for p in error.validator_value if p not in instance and error.message.startswith(repr(p))
            ]
            found.append(((*path, *missing[:1]), error.message))
        elif error.validator == "additionalProperties" and isinstance(instance, Mapping):
            properties = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
            patterns = error.schema.get("patternProperties", {}) if isinstance(error.schema, Mapping) else {}
            extras = [
                p
                for p in instance
                if p not in properties and not any(re.search(pattern, p) for pattern in patterns)
            ]
            if not extras:
                found.append((path, error.message))
            for extra in extras:
                found.append(
                    ((*path, extra), f"Additional properties are not allowed ('{extra}' was unexpected)")
                )
        else:
            found.append((path, error.message))
    return sorted(found, key=lambda item: [str(p) for p in item[0]])


def check_run_config_shape(run_config: Any) -> None:
    """Check the sections of a run config, as Dagster's run config schema does, before any schema.

    ``ops`` and ``resources`` map names to objects whose keys are among ``OP_ENTRY_KEYS`` /
    ``RESOURCE_ENTRY_KEYS``; ``execution`` and ``loggers`` are objects.

    Raises:
        RunConfigError: every error found, each at its path (``run_config.ops.x``).

    Examples:
        >>> check_run_config_shape({"ops": {"orders": {"config": {"limit": 3}}}})
        >>> check_run_config_shape({"ops": []})
        Traceback (most recent call last):
        ...
        runs_app.launch_validation.RunConfigError: run_config.ops: must be an object mapping names to entries, not an array
    """
    if not isinstance(run_config, Mapping):
        raise RunConfigError([((), f"run_config must be an object, not {_json_type(run_config)}")])
    errors: list[ConfigErrorItem] = []
    for section in sorted(set(run_config) - set(RUN_CONFIG_SECTIONS)):
        errors.append(((section,), f"unknown section (expected {', '.join(RUN_CONFIG_SECTIONS)})"))
    for section, allowed in (("ops", OP_ENTRY_KEYS), ("resources", RESOURCE_ENTRY_KEYS)):
        entries = run_config.get(section)
        if entries is None:
            continue
        if not isinstance(entries, Mapping):
            errors.append(
                ((section,), f"must be an object mapping names to entries, not {_json_type(entries)}")
            )
            continue
        for name, entry in entries.items():
            if not isinstance(entry, Mapping):
                errors.append(
                    (
                        (section, name),
                        f"must be an object with keys {', '.join(allowed)}, not {_json_type(entry)}",
                    )
                )
                continue
            for extra in sorted(set(entry) - set(allowed)):
                errors.append(((section, name, extra), f"unknown key (expected {', '.join(allowed)})"))
    for section in ("execution", "loggers"):
        value = run_config.get(section)
        if value is not None and not isinstance(value, Mapping):
            errors.append(((section,), f"must be an object, not {_json_type(value)}"))
    if errors:
        raise RunConfigError(errors)


def check_tags(tags: Any) -> dict[str, str]:
    """Run tags as stored: strings within the columns' lengths (key 200, value 500), without NUL.

    Raises:
        DomainError: on ``tags``, naming the offending key.

    Examples:
        >>> check_tags({"team": "data"})
        {'team': 'data'}
        >>> check_tags({"k" * 201: "v"})
        Traceback (most recent call last):
        ...
        orchestrator_site.errors.DomainError: Tag key 'kkkkkkkkkkkkkkkkkkkk...' is longer than 200 characters
    """
    if not isinstance(tags, Mapping):
        raise DomainError("tags", "tags must map strings to strings")
    for key, value in tags.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise DomainError("tags", "tags must map strings to strings")
        shown = key if len(key) <= 40 else f"{key[:20]}..."
        if not key:
            raise DomainError("tags", "Tag keys cannot be empty")
        if len(key) > MAX_TAG_KEY_LENGTH:
            raise DomainError("tags", f"Tag key {shown!r} is longer than {MAX_TAG_KEY_LENGTH} characters")
        if len(value) > MAX_TAG_VALUE_LENGTH:
            raise DomainError(
                "tags", f"The value of tag {shown!r} is longer than {MAX_TAG_VALUE_LENGTH} characters"
            )
        if NUL in key or NUL in value:
            raise DomainError("tags", f"Tag {shown!r} contains a NUL character (\\u0000)")
    check_system_tags(tags)
    return dict(tags)


def check_no_nul(field: str, value: Any) -> None:
    """Raise a ``DomainError`` on ``field`` if a string (or key) anywhere in ``value`` holds NUL.

    PostgreSQL's ``text`` and ``jsonb`` cannot store NUL, so such input could only fail later.
    """
    for where in nul_paths(value, field):
        raise DomainError(field, f"NUL characters (\\u0000) are not allowed ({where})")


def _json_type(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "null" if value is None else type(value).__name__
