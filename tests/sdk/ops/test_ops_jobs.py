"""Ops, graphs and jobs: composition, outputs, config, failures."""

import pytest

from orchestrator import (
    Config,
    DagsterInvalidDefinitionError,
    In,
    OpExecutionContext,
    Out,
    Output,
    graph,
    job,
    op,
)


@op
def one():
    return 1


@op
def add(x, y):
    return x + y


@op(out={"low": Out(), "high": Out()})
def split(numbers):
    return [n for n in numbers if n < 5], [n for n in numbers if n >= 5]


@op
def numbers():
    return [1, 7, 3, 9]


def test_job_wires_outputs_to_inputs():
    @job
    def adding():
        add(one(), one.alias("other_one")())

    result = adding.execute_in_process()
    assert result.success
    assert result.output_for_node("add") == 2
    assert result.is_node_success("other_one")


def test_multiple_outputs():
    @op
    def total(values):
        return sum(values)

    @job
    def splitting():
        low, high = split(numbers())
        total(low)
        total.alias("total_high")(high)

    result = splitting.execute_in_process()
    assert result.output_for_node("split", "low") == [1, 3]
    assert result.output_for_node("total") == 4
    assert result.output_for_node("total_high") == 16


def test_yielded_outputs_and_context_logging():
    @op(out={"a": Out(), "b": Out(is_required=False)})
    def partial(context: OpExecutionContext):
        context.log.info("only a")
        yield Output(5, output_name="a")

    @op
    def uses_b(b):
        return b

    @job
    def partial_job():
        _, b = partial()
        uses_b(b)

    result = partial_job.execute_in_process()
    assert result.success
    assert result.output_for_node("partial", "a") == 5
    assert result.is_node_skipped("uses_b")


def test_op_config_and_defaults():
    class Scale(Config):
        factor: int

    @op(ins={"value": In(default_value=10)})
    def scale(config: Scale, value):
        return value * config.factor

    @job
    def scaling():
        scale()

    result = scaling.execute_in_process(run_config={"ops": {"scale": {"config": {"factor": 3}}}})
    assert result.output_for_node("scale") == 30


def test_failing_op_fails_run_with_traceback():
    @op
    def bad():
        raise RuntimeError("op broke")

    @op
    def after(x):
        return x

    @job
    def failing():
        after(bad())

    result = failing.execute_in_process(raise_on_error=False)
    assert not result.success
    assert "op broke" in result.get_step_failure_events()[0].payload["error"]["traceback"]
    assert result.is_node_skipped("after")


def test_nested_graph_prefixes_node_names():
    @graph
    def inner():
        return add(one(), one.alias("one_b")())

    @op
    def double(x):
        return x * 2

    @job
    def outer():
        double(inner())

    assert outer.execute_in_process().output_for_node("double") == 4


def test_unconnected_input_is_a_definition_error():
    with pytest.raises(DagsterInvalidDefinitionError, match="input 'y' of op 'add' is not connected"):

        @job
        def broken():
            add(one())


def test_direct_op_call():
    assert add(2, 3) == 5


def test_legacy_config_schema_is_validated():
    @op(config_schema={"n": int})
    def counted(context):
        return context.op_config["n"]

    @job
    def counting():
        counted()

    from orchestrator import DagsterInvalidConfigError

    assert (
        counting.execute_in_process(run_config={"ops": {"counted": {"config": {"n": 4}}}}).output_for_node(
            "counted"
        )
        == 4
    )
    with pytest.raises(DagsterInvalidConfigError, match="counted"):
        counting.execute_in_process(run_config={"ops": {"counted": {"config": {"n": "four"}}}})


def test_built_context_tears_down_resources():
    from orchestrator import ConfigurableResource, InitResourceContext, build_op_context

    events = []

    class Conn(ConfigurableResource):
        def setup_for_execution(self, context: InitResourceContext) -> None:
            events.append("setup")

        def teardown_after_execution(self, context: InitResourceContext) -> None:
            events.append("teardown")

    with build_op_context(resources={"conn": Conn()}) as context:
        assert isinstance(context.resources.conn, Conn)
        assert events == ["setup"]
    assert events == ["setup", "teardown"]
