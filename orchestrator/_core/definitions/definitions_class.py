"""``Definitions``: everything a code location defines, validated as a whole."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..asset_key import AssetKey, CoercibleToAssetKey
from ..errors import InvalidDefinitionError, ResourceNotFoundError
from .asset_checks import AssetChecksDefinition
from .asset_layer import AssetLayer
from .asset_spec import DEFAULT_IO_MANAGER_KEY
from .assets_definition import AssetsDefinition
from .job_definition import IMPLICIT_ASSET_JOB_NAME, JobDefinition, UnresolvedAssetJobDefinition


def default_resources() -> dict[str, Any]:
    """Resources every code location has unless it overrides them."""
    from ..storage import FilesystemIOManager

    return {DEFAULT_IO_MANAGER_KEY: FilesystemIOManager()}


class Definitions:
    """The assets, checks, jobs, schedules, sensors and resources of a code location.

    Construction validates the whole graph and raises ``InvalidDefinitionError``
    naming the culprits: duplicate asset keys, dependency cycles, missing
    resources, jobs selecting unknown assets, duplicate job/schedule/sensor names.

    Examples:
        >>> from orchestrator import Definitions, asset
        >>> @asset
        ... def a():
        ...     return 1
        >>> [k.to_user_string() for k in Definitions(assets=[a]).get_asset_graph().keys]
        ['a']
    """

    def __init__(
        self,
        assets: Iterable[Any] | None = None,
        schedules: Iterable[Any] | None = None,
        sensors: Iterable[Any] | None = None,
        jobs: Iterable[Any] | None = None,
        resources: Mapping[str, Any] | None = None,
        executor: Any = None,
        loggers: Mapping[str, Any] | None = None,
        asset_checks: Iterable[AssetChecksDefinition] | None = None,
        metadata: Mapping[str, Any] | None = None,
    ):
        assets = list(assets or ())
        checks = [a for a in assets if isinstance(a, AssetChecksDefinition)] + list(asset_checks or ())
        self.assets = [a for a in assets if not isinstance(a, AssetChecksDefinition)]
        self.asset_checks = checks
        self.schedules = list(schedules or ())
        self.sensors = list(sensors or ())
        self.resources = dict(resources or {})
        self.executor = executor
        self.loggers = dict(loggers or {})
        self.metadata = dict(metadata or {})
        self._raw_jobs = list(jobs or ())
        self._layer = AssetLayer(self.assets, checks)
        self.resolved_resources = {**default_resources(), **self.resources}
        self._check_resources()
        self._jobs = self._resolve_jobs()
        self._check_automation_names()

    # -- validation -----------------------------------------------------------
    def _check_resources(self) -> None:
        from ..resources import missing_resource_keys

        needs = self._layer.resource_keys()
        missing = missing_resource_keys(self.resolved_resources, needs)
        if missing:
            details = "; ".join(
                f"'{key}' required by {', '.join(repr(n) for n in sorted(needs.get(key, ['a resource'])))}"
                for key in sorted(missing)
            )
            provided = ", ".join(sorted(self.resolved_resources)) or "none"
            raise ResourceNotFoundError(f"Missing resource(s): {details}. Provided resources: {provided}")

    def _resolve_jobs(self) -> dict[str, JobDefinition]:
        jobs: dict[str, JobDefinition] = {}
        targets = list(self._raw_jobs)
        for automation in [*self.schedules, *self.sensors]:
            for job in _targets_of(automation):
                targets.append(job)
        for raw in targets:
            job = self._resolve_job(raw)
            existing = jobs.get(job.name)
            if existing is not None and raw not in self._raw_jobs and self._same_job(existing, raw):
                continue
            if existing is not None and not self._same_job(existing, raw):
                raise InvalidDefinitionError(f"Two different jobs are named '{job.name}'")
            jobs[job.name] = job
        return jobs

    def _same_job(self, job: JobDefinition, raw: Any) -> bool:
        return getattr(job, "_source", None) is raw

    def _resolve_job(self, raw: Any) -> JobDefinition:
        if isinstance(raw, UnresolvedAssetJobDefinition):
            job = raw.resolve(self._layer, self.resolved_resources)
        elif isinstance(raw, JobDefinition):
            job = raw
            if job.graph is not None:
                job.resource_defs = {**self.resolved_resources, **job.resource_defs}
        else:
            raise InvalidDefinitionError(f"{raw!r} is not a job: use define_asset_job or @job")
        job._source = raw  # type: ignore[attr-defined]
        return job

    def _check_automation_names(self) -> None:
        for kind, items in (("schedule", self.schedules), ("sensor", self.sensors)):
            seen: set[str] = set()
            for item in items:
                name = item.name
                if name in seen:
                    raise InvalidDefinitionError(f"Two {kind}s are named '{name}'")
                seen.add(name)
                for job_name in _target_names(item):
                    if job_name not in self._jobs:
                        raise InvalidDefinitionError(
                            f"The {kind} '{name}' targets job '{job_name}', which is not defined"
                        )

    # -- lookup ---------------------------------------------------------------
    @property
    def jobs(self) -> list[JobDefinition]:
        return list(self._jobs.values())

    def get_asset_graph(self) -> Any:
        return self._layer.graph

    @property
    def asset_layer(self) -> AssetLayer:
        return self._layer

    def get_assets_def(self, key: CoercibleToAssetKey) -> AssetsDefinition:
        return self._layer.assets_def(AssetKey.from_coercible(key))

    def get_all_asset_specs(self) -> list[Any]:
        return [s for a in self._layer.assets_defs for s in a.specs]

    def get_job_def(self, name: str) -> JobDefinition:
        if name == IMPLICIT_ASSET_JOB_NAME:
            return self.get_implicit_global_asset_job_def()
        try:
            return self._jobs[name]
        except KeyError:
            raise InvalidDefinitionError(
                f"No job named '{name}'; jobs: {', '.join(sorted(self._jobs)) or 'none'}"
            ) from None

    def get_all_job_defs(self) -> list[JobDefinition]:
        return [*self._jobs.values(), self.get_implicit_global_asset_job_def()]

    def get_implicit_global_asset_job_def(self) -> JobDefinition:
        """A job over every materializable asset."""
        keys = [k for k in self._layer.topological_keys if self._layer.by_key[k].is_executable]
        return JobDefinition(
            name=IMPLICIT_ASSET_JOB_NAME,
            resource_defs=self.resolved_resources,
            asset_layer=self._layer,
            asset_keys=keys,
        )

    def get_schedule_def(self, name: str) -> Any:
        return _by_name(self.schedules, name, "schedule")

    def get_sensor_def(self, name: str) -> Any:
        return _by_name(self.sensors, name, "sensor")

    def load_asset_value(
        self, asset_key: CoercibleToAssetKey, *, partition_key: str | None = None, instance: Any = None
    ) -> Any:
        """Load an asset's stored value through its IO manager."""
        from ..resources import init_resources
        from ..storage import InputContext, OutputContext

        key = AssetKey.from_coercible(asset_key)
        adef = self.get_assets_def(key)
        io_key = adef.io_manager_key_for(key)
        with init_resources(self.resolved_resources, required_keys=[io_key], instance=instance) as res:
            keys = [partition_key] if partition_key else []
            upstream = OutputContext(
                asset_key=key,
                name=adef.output_names.get(key, "result"),
                partition_key=partition_key,
                asset_partition_keys=keys,
                asset_partitions_def=adef.partitions_def,
            )
            ctx = InputContext(
                asset_key=key,
                name=key.path[-1],
                upstream_output=upstream,
                asset_partition_keys=keys,
                asset_partitions_def=adef.partitions_def,
                partition_key=partition_key,
            )
            return res[io_key].load_input(ctx)

    # -- combination ----------------------------------------------------------
    @staticmethod
    def merge(*def_sets: "Definitions") -> "Definitions":
        """One ``Definitions`` holding everything of ``def_sets``; conflicting resources are an error."""
        resources: dict[str, Any] = {}
        for d in def_sets:
            for key, value in d.resources.items():
                if key in resources and resources[key] is not value:
                    raise InvalidDefinitionError(
                        f"Definitions.merge: resource '{key}' is defined differently twice"
                    )
                resources[key] = value
        return Definitions(
            assets=[a for d in def_sets for a in d.assets],
            asset_checks=[c for d in def_sets for c in d.asset_checks],
            schedules=[s for d in def_sets for s in d.schedules],
            sensors=[s for d in def_sets for s in d.sensors],
            jobs=[j for d in def_sets for j in d._raw_jobs],
            resources=resources,
            executor=next((d.executor for d in def_sets if d.executor is not None), None),
            metadata={k: v for d in def_sets for k, v in d.metadata.items()},
        )

    @staticmethod
    def validate_loadable(defs: "Definitions") -> None:
        """Definitions validate on construction; kept for ported code."""


def _targets_of(item: Any) -> list[Any]:
    """Jobs a schedule or sensor launches; an asset-selection target becomes its anonymous asset job."""
    jobs: list[Any] = []
    targets = getattr(item, "targets", None)
    if targets is None:
        single = getattr(item, "target", None)
        targets = [single] if single is not None else []
    for target in targets:
        selection = getattr(target, "asset_selection", None)
        if selection is not None and getattr(target, "job", None) is None:
            jobs.append(
                UnresolvedAssetJobDefinition(name=target.job_name, selection=selection, _anonymous=True)
            )
    for attr in ("job", "jobs", "targets"):
        value = getattr(item, attr, None)
        if value is None:
            continue
        for job in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(job, (JobDefinition, UnresolvedAssetJobDefinition)):
                jobs.append(job)
    return jobs


def _target_names(item: Any) -> list[str]:
    names = getattr(item, "job_names", None)
    if names is not None:
        return [n for n in names if n]
    name = getattr(item, "job_name", None)
    return [name] if name else []


def _by_name(items: Sequence[Any], name: str, kind: str) -> Any:
    for item in items:
        if item.name == name:
            return item
    raise InvalidDefinitionError(
        f"No {kind} named '{name}'; {kind}s: {', '.join(i.name for i in items) or 'none'}"
    )
