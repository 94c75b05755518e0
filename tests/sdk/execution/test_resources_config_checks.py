"""Resources and config injected into assets; asset checks, blocking and non-blocking."""

import pytest

from orchestrator import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    Config,
    ConfigurableResource,
    DagsterEventType,
    DagsterInvalidConfigError,
    DagsterResourceNotFoundError,
    Definitions,
    RunConfig,
    asset,
    asset_check,
    materialize_to_memory,
)


class Greeter(ConfigurableResource):
    greeting: str

    def greet(self, name: str) -> str:
        return f"{self.greeting}, {name}"


class LimitConfig(Config):
    limit: int = 10
    prefix: str


@asset
def greeting(greeter: Greeter) -> str:
    return greeter.greet("world")


@asset(required_resource_keys={"greeter"})
def greeting_from_context(context: AssetExecutionContext) -> str:
    return context.resources.greeter.greet("context")


def test_resource_injected_by_parameter_and_context():
    result = materialize_to_memory(
        [greeting, greeting_from_context], resources={"greeter": Greeter(greeting="Hello")}
    )
    assert result.asset_value("greeting") == "Hello, world"
    assert result.asset_value("greeting_from_context") == "Hello, context"


def test_missing_resource_names_asset_and_key():
    with pytest.raises(DagsterResourceNotFoundError, match="greeter") as exc:
        materialize_to_memory([greeting])
    assert "greeting" in str(exc.value)


def test_missing_resource_in_definitions_names_asset_and_key():
    with pytest.raises(DagsterResourceNotFoundError, match=r"'greeter' required by 'greeting'"):
        Definitions(assets=[greeting])


def test_config_from_run_config():
    @asset
    def limited(config: LimitConfig) -> str:
        return f"{config.prefix}{config.limit}"

    as_dict = materialize_to_memory([limited], run_config={"ops": {"limited": {"config": {"prefix": "n="}}}})
    assert as_dict.asset_value("limited") == "n=10"
    typed = materialize_to_memory(
        [limited], run_config=RunConfig(ops={"limited": LimitConfig(prefix="x", limit=3)})
    )
    assert typed.asset_value("limited") == "x3"


def test_invalid_config_names_asset_and_field():
    @asset
    def limited(config: LimitConfig) -> int:
        return config.limit

    with pytest.raises(DagsterInvalidConfigError) as exc:
        materialize_to_memory(
            [limited], run_config={"ops": {"limited": {"config": {"limit": "many", "prefix": "p"}}}}
        )
    assert "limited" in str(exc.value) and "limit" in str(exc.value)
    with pytest.raises(DagsterInvalidConfigError, match="prefix"):
        materialize_to_memory([limited])


def test_config_for_unknown_op_is_rejected():
    with pytest.raises(DagsterInvalidConfigError, match="ghost"):
        materialize_to_memory(
            [greeting], resources={"greeter": Greeter(greeting="x")}, run_config={"ops": {"ghost": {}}}
        )


@asset
def orders():
    return [{"id": 1, "amount": 5}, {"id": 2, "amount": None}]


@asset
def order_total(orders):
    return sum(o["amount"] or 0 for o in orders)


def _checks(result):
    return {e.payload["check_name"]: e.payload["passed"] for e in result.get_asset_check_evaluations()}


def test_asset_check_results_are_recorded():
    @asset_check(asset=orders)
    def amounts_present(orders):
        missing = sum(1 for o in orders if o["amount"] is None)
        return AssetCheckResult(
            passed=missing == 0, metadata={"missing": missing}, severity=AssetCheckSeverity.WARN
        )

    result = materialize_to_memory([orders, order_total, amounts_present])
    assert result.success
    assert _checks(result) == {"amounts_present": False}
    evaluation = result.get_asset_check_evaluations()[0]
    assert evaluation.payload["metadata"] == {"missing": {"type": "int", "value": 1}}
    assert evaluation.payload["severity"] == "WARN"
    assert result.is_node_success("order_total")


def test_blocking_check_failure_skips_downstream():
    @asset_check(asset=orders, blocking=True)
    def no_nulls(orders):
        return AssetCheckResult(passed=all(o["amount"] is not None for o in orders))

    result = materialize_to_memory([orders, order_total, no_nulls])
    assert _checks(result) == {"no_nulls": False}
    assert result.is_node_skipped("order_total")
    assert [e.step_key for e in result.get_asset_materialization_events()] == ["orders"]


def test_blocking_check_passing_lets_downstream_run():
    @asset_check(asset=orders, blocking=True)
    def has_rows(orders):
        return AssetCheckResult(passed=len(orders) > 0)

    result = materialize_to_memory([orders, order_total, has_rows])
    assert result.asset_value("order_total") == 5


def test_check_specs_evaluated_by_the_asset_itself():
    @asset(check_specs=[AssetCheckSpec("positive", asset="scored", blocking=True)])
    def scored():
        yield AssetCheckResult(passed=False)
        yield __import__("orchestrator").Output(-1)

    @asset
    def downstream(scored):
        return scored

    result = materialize_to_memory([scored, downstream])
    assert _checks(result) == {"positive": False}
    assert result.is_node_skipped("downstream")


def test_declared_check_without_result_fails_the_step():
    @asset(check_specs=[AssetCheckSpec("forgotten", asset="silent")])
    def silent():
        return 1

    result = materialize_to_memory([silent], raise_on_error=False)
    assert not result.success
    assert "silent:forgotten" in result.get_step_failure_events()[0].payload["error"]["message"]


def test_check_events_name_the_asset():
    @asset_check(asset="orders")
    def ok(orders):
        return AssetCheckResult(passed=True)

    events = materialize_to_memory([orders, ok]).get_asset_check_evaluations()
    assert [(e.event_type, e.asset_key.to_user_string()) for e in events] == [
        (DagsterEventType.ASSET_CHECK_EVALUATION, "orders")
    ]
