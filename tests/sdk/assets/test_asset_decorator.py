"""@asset, @multi_asset and AssetSpec: what a definition records, and what it rejects."""

import pytest

from orchestrator import (
    AssetDep,
    AssetIn,
    AssetKey,
    AssetOut,
    AssetSpec,
    DagsterInvalidDefinitionError,
    MetadataValue,
    RetryPolicy,
    asset,
    multi_asset,
)


def test_asset_records_every_attribute():
    @asset(
        key_prefix=["warehouse"],
        group_name="analytics",
        metadata={"owner_team": "data", "rows": 3},
        tags={"tier": "gold"},
        owners=["team:data"],
        kinds={"pandas"},
        compute_kind="python",
        code_version="v2",
        retry_policy=RetryPolicy(max_retries=2),
    )
    def users():
        """All users, cleaned."""
        return []

    spec = users.specs_by_key[AssetKey(["warehouse", "users"])]
    assert users.key == AssetKey(["warehouse", "users"])
    assert users.node_name == "warehouse__users"
    assert spec.group_name == "analytics"
    assert spec.description == "All users, cleaned."
    assert spec.metadata == {"owner_team": MetadataValue.text("data"), "rows": MetadataValue.int(3)}
    assert spec.tags == {"tier": "gold"}
    assert spec.owners == ("team:data",)
    assert spec.kinds == frozenset({"pandas", "python"})
    assert spec.code_version == "v2"
    assert users.retry_policy == RetryPolicy(max_retries=2)


def test_parameters_become_upstream_keys_and_deps_are_order_only():
    @asset(deps=["landing/orders"], ins={"people": AssetIn(key="raw_users")})
    def report(context, people, raw_orders):
        return None

    assert report.asset_deps[report.key] == {
        AssetKey("raw_users"),
        AssetKey("raw_orders"),
        AssetKey(["landing", "orders"]),
    }
    assert [(b.param, b.asset_key) for b in report.inputs] == [
        ("people", AssetKey("raw_users")),
        ("raw_orders", AssetKey("raw_orders")),
    ]
    assert report.compute.context_param == "context"


def test_dep_named_like_a_parameter_is_loaded_once():
    @asset
    def raw_users():
        return [1]

    @asset(deps=[raw_users])
    def revenue(raw_users):
        return raw_users

    assert revenue.asset_deps[revenue.key] == {AssetKey("raw_users")}
    assert [b.asset_key for b in revenue.inputs] == [AssetKey("raw_users")]


def test_direct_call_runs_the_function():
    @asset
    def double(numbers):
        return [n * 2 for n in numbers]

    assert double([1, 2]) == [2, 4]


def test_asset_depending_on_itself_is_rejected():
    with pytest.raises(DagsterInvalidDefinitionError, match="Asset 'loop' depends on itself"):

        @asset(deps=["loop"])
        def loop():
            return 1


def test_non_string_tag_is_rejected_naming_the_asset():
    with pytest.raises(DagsterInvalidDefinitionError, match="asset 'tagged'"):

        @asset(tags={"n": 1})
        def tagged():
            return 1


def test_ins_for_missing_parameter_is_rejected():
    with pytest.raises(DagsterInvalidDefinitionError, match=r"'x' declares ins \['ghost'\]"):

        @asset(ins={"ghost": AssetIn("a")})
        def x():
            return 1


def test_multi_asset_with_outs():
    @multi_asset(
        outs={"orders": AssetOut(key_prefix="raw"), "customers": AssetOut(group_name="crm")},
        deps=[AssetDep("landing")],
        group_name="raw_group",
    )
    def split():
        return [], []

    assert split.keys == {AssetKey(["raw", "orders"]), AssetKey("customers")}
    assert split.group_names_by_key == {
        AssetKey(["raw", "orders"]): "raw_group",
        AssetKey("customers"): "crm",
    }
    assert split.asset_deps[AssetKey("customers")] == {AssetKey("landing")}
    with pytest.raises(DagsterInvalidDefinitionError, match="defines 2 assets"):
        _ = split.key


def test_multi_asset_needs_outs_or_specs():
    with pytest.raises(DagsterInvalidDefinitionError, match="takes outs or specs"):
        multi_asset()


def test_asset_spec_coerces_key_deps_and_metadata():
    spec = AssetSpec("lake/events", deps=["lake/raw"], metadata={"path": "s3://x"}, kinds=["s3"])
    assert spec.key == AssetKey(["lake", "events"])
    assert spec.dep_keys == (AssetKey(["lake", "raw"]),)
    assert spec.metadata == {"path": MetadataValue.text("s3://x")}
    assert spec.kinds == frozenset({"s3"})
