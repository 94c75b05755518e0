"""Snapshots of jobs: asset jobs by their asset keys, op jobs by their nodes and edges."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._convert import (
    KeyPath,
    compute_config_schema,
    key_path,
    metadata_json,
    paths_from_json,
    plain,
    retry_policy_json,
    string_map,
    to_snapshot_or_none,
)


@dataclass(frozen=True)
class OpNodeSnapshot:
    """One node of an op job: an op invocation under its node name.

    Examples:
        >>> from orchestrator import job, op
        >>> @op
        ... def one():
        ...     return 1
        >>> @job
        ... def j():
        ...     one.alias("first")()
        >>> snap = OpNodeSnapshot.from_def(j.graph.nodes["first"])
        >>> snap.name, snap.op_name, snap.output_names
        ('first', 'one', ('result',))
    """

    name: str
    op_name: str
    description: str | None
    input_names: tuple[str, ...]
    output_names: tuple[str, ...]
    required_resource_keys: tuple[str, ...]
    tags: Mapping[str, Any]
    retry_policy: Mapping[str, Any] | None
    code_version: str | None
    config_schema: Mapping[str, Any] | None

    @staticmethod
    def from_def(node: Any) -> "OpNodeSnapshot":
        """The snapshot of ``node``, a node of a ``GraphDefinition``."""
        op_def = node.op_def
        return OpNodeSnapshot(
            name=node.name,
            op_name=op_def.name,
            description=op_def.description,
            input_names=tuple(op_def.input_names),
            output_names=tuple(op_def.outs),
            required_resource_keys=tuple(sorted(op_def.resource_keys())),
            tags=plain(op_def.tags),
            retry_policy=retry_policy_json(node.retry_policy or op_def.retry_policy),
            code_version=op_def.code_version,
            config_schema=compute_config_schema(op_def.compute, op_def.config_schema),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "op_name": self.op_name,
            "description": self.description,
            "input_names": list(self.input_names),
            "output_names": list(self.output_names),
            "required_resource_keys": list(self.required_resource_keys),
            "tags": self.tags,
            "retry_policy": self.retry_policy,
            "code_version": self.code_version,
            "config_schema": self.config_schema,
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "OpNodeSnapshot":
        return OpNodeSnapshot(
            name=data["name"],
            op_name=data["op_name"],
            description=data["description"],
            input_names=tuple(data["input_names"]),
            output_names=tuple(data["output_names"]),
            required_resource_keys=tuple(data["required_resource_keys"]),
            tags=data["tags"],
            retry_policy=data["retry_policy"],
            code_version=data["code_version"],
            config_schema=data["config_schema"],
        )


@dataclass(frozen=True)
class JobEdgeSnapshot:
    """An output of one node feeding an input of another.

    Examples:
        >>> JobEdgeSnapshot("one", "result", "plus_one", "x").to_json()["to_input"]
        'x'
    """

    from_node: str
    from_output: str
    to_node: str
    to_input: str

    def to_json(self) -> dict[str, Any]:
        return {
            "from_node": self.from_node,
            "from_output": self.from_output,
            "to_node": self.to_node,
            "to_input": self.to_input,
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "JobEdgeSnapshot":
        return JobEdgeSnapshot(data["from_node"], data["from_output"], data["to_node"], data["to_input"])


@dataclass(frozen=True)
class JobSnapshot:
    """A job as the jobs page and launchpad show it.

    An asset job lists its asset keys (in topological order) and no nodes; an op
    job lists its nodes and edges and no asset keys. ``default_run_config`` has
    secrets redacted, so it is for display: runs take their config from the code.

    Examples:
        >>> from orchestrator import Definitions, asset, define_asset_job
        >>> @asset
        ... def a():
        ...     return 1
        >>> defs = Definitions(assets=[a], jobs=[define_asset_job("a_job", selection="a")])
        >>> snap = JobSnapshot.from_def(defs.get_job_def("a_job"))
        >>> snap.is_asset_job, snap.asset_keys
        (True, (('a',),))
    """

    name: str
    description: str | None
    tags: Mapping[str, str]
    run_tags: Mapping[str, str]
    metadata: Mapping[str, Any]
    is_asset_job: bool
    asset_keys: tuple[KeyPath, ...]
    ops: tuple[OpNodeSnapshot, ...]
    edges: tuple[JobEdgeSnapshot, ...]
    partitions: Mapping[str, Any] | None
    default_run_config: Mapping[str, Any]

    @staticmethod
    def from_def(job: Any) -> "JobSnapshot":
        """The snapshot of ``job``, a resolved ``JobDefinition``."""
        from ..resources import redact_config_value

        ops: list[OpNodeSnapshot] = []
        edges: list[JobEdgeSnapshot] = []
        if job.graph is not None:
            for node in job.graph.nodes.values():
                ops.append(OpNodeSnapshot.from_def(node))
                for param, handle in node.inputs.items():
                    edges.append(JobEdgeSnapshot(handle.node, handle.output, node.name, param))
        return JobSnapshot(
            name=job.name,
            description=job.description,
            tags=string_map(job.tags),
            run_tags=string_map(job.run_tags),
            metadata=metadata_json(job.metadata),
            is_asset_job=job.is_asset_job,
            asset_keys=tuple(key_path(k) for k in job.asset_keys),
            ops=tuple(sorted(ops, key=lambda o: o.name)),
            edges=tuple(sorted(edges, key=lambda e: (e.to_node, e.to_input))),
            partitions=to_snapshot_or_none(job.partitions_def),
            default_run_config=plain(redact_config_value(job.config)),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "tags": self.tags,
            "run_tags": self.run_tags,
            "metadata": self.metadata,
            "is_asset_job": self.is_asset_job,
            "asset_keys": [list(k) for k in self.asset_keys],
            "ops": [o.to_json() for o in self.ops],
            "edges": [e.to_json() for e in self.edges],
            "partitions": self.partitions,
            "default_run_config": self.default_run_config,
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "JobSnapshot":
        return JobSnapshot(
            name=data["name"],
            description=data["description"],
            tags=data["tags"],
            run_tags=data["run_tags"],
            metadata=data["metadata"],
            is_asset_job=data["is_asset_job"],
            asset_keys=paths_from_json(data["asset_keys"]),
            ops=tuple(OpNodeSnapshot.from_json(o) for o in data["ops"]),
            edges=tuple(JobEdgeSnapshot.from_json(e) for e in data["edges"]),
            partitions=data["partitions"],
            default_run_config=data["default_run_config"],
        )
