"""OutputContext / InputContext properties the IO managers rely on."""

import pytest

from orchestrator._core.asset_key import AssetKey
from orchestrator._core.errors import InvalidInvocationError
from orchestrator._core.storage import InputContext, OutputContext, build_input_context, build_output_context


def test_output_context_defaults() -> None:
    context = OutputContext()
    assert context.name == "result"
    assert context.asset_key is None
    assert not context.has_asset_key
    assert context.partition_key is None
    assert not context.has_partition_key
    assert context.asset_partition_keys == []
    assert not context.has_asset_partitions
    assert context.definition_metadata == {} == context.metadata
    assert context.op_def is None and context.dagster_type is None
    assert context.get_identifier() == ["None", "None", "result"]
    with pytest.raises(InvalidInvocationError):
        context.get_asset_identifier()


def test_output_context_for_partitioned_asset() -> None:
    context = build_output_context(
        asset_key=["sales", "orders"],
        partition_key="2024-01-01",
        run_id="r1",
        step_key="sales__orders",
        definition_metadata={"owner": "data"},
        resources={"db": "sqlite://"},
    )
    assert context.asset_key == AssetKey(["sales", "orders"])
    assert context.has_asset_key and context.has_partition_key and context.has_asset_partitions
    assert context.asset_partition_key == "2024-01-01"
    assert context.get_asset_identifier() == ["sales", "orders", "2024-01-01"]
    assert context.get_identifier() == ["r1", "sales__orders", "result"]
    assert context.metadata == {"owner": "data"}
    assert context.resources.db == "sqlite://"
    context.add_output_metadata({"a": 1})
    context.add_output_metadata({"b": 2})
    assert context.get_logged_metadata() == {"a": 1, "b": 2}


def test_output_context_with_several_partitions() -> None:
    context = OutputContext(asset_key=AssetKey("d"), asset_partition_keys=["a", "b"])
    assert context.asset_partition_keys == ["a", "b"]
    with pytest.raises(InvalidInvocationError, match="2 partitions"):
        _ = context.asset_partition_key


def test_input_context_partitions_and_upstream() -> None:
    context = InputContext(
        name="orders",
        asset_key=AssetKey("orders"),
        partition_key="2024-01-02",
        asset_partition_keys=["2024-01-01", "2024-01-02"],
        definition_metadata={"columns": ["id"]},
    )
    assert context.partition_key == "2024-01-02"
    assert context.asset_partition_keys == ["2024-01-01", "2024-01-02"]
    assert context.has_asset_partitions
    with pytest.raises(InvalidInvocationError, match="2 partitions"):
        _ = context.asset_partition_key
    assert context.upstream_output is not None
    assert context.upstream_output.asset_key == AssetKey("orders")
    assert context.metadata == {"columns": ["id"]}


def test_input_context_unpartitioned_upstream_of_partitioned_run() -> None:
    context = InputContext(asset_key="dim", partition_key="2024-01-02")
    assert context.has_partition_key
    assert not context.has_asset_partitions
    assert context.get_asset_identifier() == ["dim"]


def test_build_input_context_partition_key_selects_upstream_partition() -> None:
    context = build_input_context(asset_key="orders", partition_key="2024-01-01")
    assert context.asset_partition_key == "2024-01-01"
    assert context.get_asset_identifier() == ["orders", "2024-01-01"]


def test_input_context_from_op_output() -> None:
    upstream = OutputContext(run_id="r", step_key="s", name="out")
    context = build_input_context(name="x", upstream_output=upstream)
    assert not context.has_asset_key
    assert context.get_identifier() == ["r", "s", "out"]


def test_io_manager_definitions_and_factories() -> None:
    from typing import Any

    from orchestrator._core.resources import InitResourceContext, init_resources
    from orchestrator._core.storage import (
        ConfigurableIOManager,
        ConfigurableIOManagerFactory,
        InMemoryIOManager,
        IOManager,
        IOManagerDefinition,
        io_manager,
    )

    class Prefixed(ConfigurableIOManager):
        prefix: str = "v"

        def handle_output(self, context: OutputContext, obj: Any) -> None:
            context.add_output_metadata({"stored": f"{self.prefix}{obj}"})

        def load_input(self, context: InputContext) -> Any:
            return self.prefix

    class MemoryFactory(ConfigurableIOManagerFactory):
        label: str = "m"

        def create_io_manager(self, context: InitResourceContext) -> IOManager:
            return InMemoryIOManager()

    @io_manager(config_schema={"prefix": str}, required_resource_keys={"store"})
    def configured(context: InitResourceContext) -> IOManager:
        assert context.resources.store == "s3://bucket"
        return Prefixed(prefix=context.resource_config["prefix"])

    resources = {
        "prefixed": Prefixed(prefix="p-"),
        "memory": MemoryFactory(),
        "configured": configured,
        "store": "s3://bucket",
        "fixed": IOManagerDefinition.hardcoded_io_manager(InMemoryIOManager()),
    }
    overrides = {"configured": {"config": {"prefix": "c-"}}}
    with init_resources(resources, run_config_resources=overrides) as values:
        output = build_output_context(asset_key="a")
        values["prefixed"].handle_output(output, 1)
        assert output.get_logged_metadata() == {"stored": "p-1"}
        assert isinstance(values["memory"], InMemoryIOManager)
        assert values["configured"].load_input(build_input_context(asset_key="a")) == "c-"
        assert isinstance(values["fixed"], InMemoryIOManager)


def test_contexts_accept_resource_views() -> None:
    class View:
        def __init__(self, values: dict) -> None:
            self._values = values

        def __getitem__(self, key: str) -> object:
            return self._values[key]

        def keys(self) -> list[str]:
            return list(self._values)

    context = build_output_context(asset_key="a", resources=View({"db": "sqlite://"}))  # type: ignore[arg-type]
    assert context.resources.db == "sqlite://"
    assert InputContext(resources={"x": 1}).resources.x == 1
