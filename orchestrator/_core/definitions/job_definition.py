"""Jobs: ``define_asset_job`` (a named asset selection) and the executable ``JobDefinition``."""

from collections.abc import Mapping, Sequence
from typing import Any

from ..asset_key import AssetKey
from ..errors import InvalidDefinitionError, InvalidSubsetError
from .asset_spec import validate_name

IMPLICIT_ASSET_JOB_NAME = "__ASSET_JOB"


def run_config_dict(config: Any) -> dict[str, Any]:
    """A ``RunConfig``, a config dict or None as a plain run-config dict."""
    if config is None:
        return {}
    if hasattr(config, "to_config_dict"):
        return dict(config.to_config_dict())
    if isinstance(config, Mapping):
        return dict(config)
    raise InvalidDefinitionError(f"Run config must be a dict or RunConfig, got {type(config).__name__}")


def merge_run_config(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge two run-config dicts; ``override`` wins."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge_run_config(out[key], value)
        else:
            out[key] = value
    return out


class JobDefinition:
    """An executable job: an asset selection or a graph of ops, with resources and default config.

    Examples:
        >>> from orchestrator import Definitions, asset, define_asset_job
        >>> @asset
        ... def a():
        ...     return 1
        >>> defs = Definitions(assets=[a], jobs=[define_asset_job("a_job", selection="a")])
        >>> defs.get_job_def("a_job").execute_in_process().success
        True
    """

    def __init__(
        self,
        *,
        name: str,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
        run_tags: Mapping[str, str] | None = None,
        config: Any = None,
        partitions_def: Any = None,
        resource_defs: Mapping[str, Any] | None = None,
        asset_layer: Any = None,
        asset_keys: Sequence[AssetKey] = (),
        graph: Any = None,
        metadata: Mapping[str, Any] | None = None,
        op_retry_policy: Any = None,
    ):
        self.name = validate_name(name, what="job name") if not name.startswith("__") else name
        self.description = description
        self.tags = dict(tags or {})
        self.run_tags = dict(run_tags or {})
        self.config = run_config_dict(config)
        self.partitions_def = partitions_def
        self.resource_defs = dict(resource_defs or {})
        self.asset_layer = asset_layer
        self.asset_keys = list(asset_keys)
        self.graph = graph
        self.metadata = dict(metadata or {})
        self.op_retry_policy = op_retry_policy

    @property
    def is_asset_job(self) -> bool:
        return self.graph is None

    def build_plan(self, asset_selection: Sequence[AssetKey] | None = None) -> Any:
        """The execution plan of this job, or of ``asset_selection`` within it."""
        if self.graph is not None:
            return self.graph.build_plan(
                retry_policy=self.op_retry_policy, partitions_def=self.partitions_def
            )
        from ..execution.plan import plan_assets

        keys = self.asset_keys
        if asset_selection is not None:
            outside = [k for k in asset_selection if k not in set(self.asset_keys)]
            if outside:
                raise InvalidSubsetError(
                    f"Asset(s) {', '.join(k.to_user_string() for k in outside)} are not part of job '{self.name}'"
                )
            keys = list(asset_selection)
        return plan_assets(self.asset_layer, keys)

    def execute_in_process(
        self,
        run_config: Any = None,
        instance: Any = None,
        partition_key: str | None = None,
        raise_on_error: bool = True,
        op_selection: Sequence[str] | None = None,
        asset_selection: Sequence[Any] | None = None,
        run_id: str | None = None,
        tags: Mapping[str, str] | None = None,
        resources: Mapping[str, Any] | None = None,
    ) -> Any:
        """Run the job in this process and return an ``ExecuteInProcessResult``."""
        from ..execution.api import execute_plan_in_process
        from ..instance import DagsterInstance
        from ..storage import InMemoryIOManager

        keys = [AssetKey.from_coercible(k) for k in asset_selection] if asset_selection else None
        plan = self.build_plan(keys)
        if op_selection:
            plan = _select_ops(plan, op_selection, self.name)
        merged_resources = {"io_manager": InMemoryIOManager(), **self.resource_defs, **(resources or {})}
        return execute_plan_in_process(
            plan,
            job_name=self.name,
            resources=merged_resources,
            instance=instance or DagsterInstance.ephemeral(),
            run_config=merge_run_config(self.config, run_config_dict(run_config)),
            tags={**self.tags, **self.run_tags, **(tags or {})},
            partition_key=partition_key,
            raise_on_error=raise_on_error,
            run_id=run_id,
            asset_selection=keys or (self.asset_keys if self.is_asset_job else None),
        )

    def __repr__(self) -> str:
        return f"<JobDefinition {self.name}>"


def _select_ops(plan: Any, op_selection: Sequence[str], job_name: str) -> Any:
    from ..execution.plan import ExecutionPlan

    unknown = [name for name in op_selection if name not in plan.by_key]
    if unknown:
        raise InvalidSubsetError(f"Job '{job_name}' has no op(s) {', '.join(unknown)}")
    return ExecutionPlan([s for s in plan.steps if s.key in set(op_selection)])


class UnresolvedAssetJobDefinition:
    """A job over an asset selection, resolved against the assets of a ``Definitions``."""

    def __init__(
        self,
        *,
        name: str,
        selection: Any,
        config: Any = None,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
        run_tags: Mapping[str, str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        partitions_def: Any = None,
        executor_def: Any = None,
        op_retry_policy: Any = None,
        _anonymous: bool = False,
    ):
        self.name = name if _anonymous else validate_name(name, what="job name")
        self.selection = selection
        self.config = config
        self.description = description
        self.tags = dict(tags or {})
        self.run_tags = dict(run_tags or {})
        self.metadata = dict(metadata or {})
        self.partitions_def = partitions_def
        self.executor_def = executor_def
        self.op_retry_policy = op_retry_policy

    def resolve(self, asset_layer: Any, resource_defs: Mapping[str, Any]) -> JobDefinition:
        from ..selection import AssetSelection

        selection = (
            AssetSelection.all() if self.selection is None else AssetSelection.from_coercible(self.selection)
        )
        try:
            keys = selection.resolve(asset_layer.graph)
        except InvalidSubsetError as exc:
            raise InvalidDefinitionError(f"Job '{self.name}': {exc}") from exc
        keys = {k for k in keys if asset_layer.by_key[k].is_executable}
        ordered = [k for k in asset_layer.topological_keys if k in keys]
        pdefs = {asset_layer.by_key[k].partitions_def for k in ordered} - {None}
        partitions_def = self.partitions_def or (next(iter(pdefs)) if len(pdefs) == 1 else None)
        return JobDefinition(
            name=self.name,
            description=self.description,
            tags=self.tags,
            run_tags=self.run_tags,
            config=self.config,
            partitions_def=partitions_def,
            resource_defs=resource_defs,
            asset_layer=asset_layer,
            asset_keys=ordered,
            metadata=self.metadata,
            op_retry_policy=self.op_retry_policy,
        )

    def __repr__(self) -> str:
        return f"<UnresolvedAssetJobDefinition {self.name}>"


def define_asset_job(
    name: str,
    selection: Any = None,
    config: Any = None,
    description: str | None = None,
    tags: Mapping[str, str] | None = None,
    run_tags: Mapping[str, str] | None = None,
    metadata: Mapping[str, Any] | None = None,
    partitions_def: Any = None,
    executor_def: Any = None,
    hooks: Any = None,
    op_retry_policy: Any = None,
) -> UnresolvedAssetJobDefinition:
    """A job that materializes the assets ``selection`` picks (all assets when None).

    Examples:
        >>> from orchestrator import AssetSelection, define_asset_job
        >>> define_asset_job("analytics_job", selection=AssetSelection.groups("analytics")).name
        'analytics_job'
    """
    return UnresolvedAssetJobDefinition(
        name=name,
        selection=selection,
        config=config,
        description=description,
        tags=tags,
        run_tags=run_tags,
        metadata=metadata,
        partitions_def=partitions_def,
        executor_def=executor_def,
        op_retry_policy=op_retry_policy,
    )
