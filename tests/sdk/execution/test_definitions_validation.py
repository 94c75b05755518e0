"""Definitions validates the whole graph and names the culprits."""

import pytest

from orchestrator import (
    AssetIn,
    AssetKey,
    AssetSelection,
    AssetSpec,
    DagsterInvalidDefinitionError,
    Definitions,
    asset,
    define_asset_job,
    load_assets_from_modules,
)


@asset(group_name="raw")
def raw():
    return [3, 1, 2]


@asset(group_name="analytics")
def ordered(raw):
    return sorted(raw)


def test_duplicate_asset_keys_name_the_key_and_both_definitions():
    @asset(name="raw")
    def raw_again():
        return []

    with pytest.raises(DagsterInvalidDefinitionError, match=r"Asset key 'raw' is defined more than once"):
        Definitions(assets=[raw, raw_again])


def test_cycle_names_the_assets_on_it():
    @asset(ins={"upstream": AssetIn("c")})
    def a(upstream):
        return upstream

    @asset(ins={"upstream": AssetIn("a")})
    def b(upstream):
        return upstream

    @asset(ins={"upstream": AssetIn("b")})
    def c(upstream):
        return upstream

    with pytest.raises(DagsterInvalidDefinitionError, match=r"cycle between assets: a -> b -> c -> a"):
        Definitions(assets=[a, b, c])


def test_job_selecting_unknown_asset_is_named():
    with pytest.raises(DagsterInvalidDefinitionError, match=r"Job 'bad_job'.*missing_asset"):
        Definitions(assets=[raw], jobs=[define_asset_job("bad_job", selection=["missing_asset"])])


def test_asset_job_runs_its_selection():
    job = define_asset_job("analytics_job", selection=AssetSelection.groups("analytics"))
    defs = Definitions(assets=[raw, ordered], jobs=[job])
    resolved = defs.get_job_def("analytics_job")
    assert resolved.asset_keys == [AssetKey("ordered")]
    import tempfile

    from orchestrator import DagsterInstance, materialize

    instance = DagsterInstance.ephemeral(tempdir=tempfile.mkdtemp())
    materialize([raw], instance=instance)
    result = resolved.execute_in_process(
        instance=instance,
        resources={
            "io_manager": defs.resolved_resources["io_manager"].__class__(
                base_dir=instance.storage_directory()
            )
        },
    )
    assert result.asset_value("ordered") == [1, 2, 3]


def test_undefined_dependency_becomes_external_asset():
    @asset(deps=["landing/files"])
    def parsed():
        return 1

    defs = Definitions(assets=[parsed])
    node = defs.get_asset_graph().get(AssetKey(["landing", "files"]))
    assert node.is_materializable is False


def test_external_spec_is_shown_but_not_materializable():
    from orchestrator import DagsterInvalidSubsetError, materialize_to_memory

    spec = AssetSpec("vendor_feed", group_name="external")
    defs = Definitions(assets=[spec])
    assert defs.get_asset_graph().get(AssetKey("vendor_feed")).group_name == "external"
    with pytest.raises(DagsterInvalidSubsetError, match=r"external asset.*vendor_feed"):
        materialize_to_memory([spec], selection=["vendor_feed"])


def test_unknown_job_name_lists_jobs():
    defs = Definitions(assets=[raw], jobs=[define_asset_job("only_job")])
    with pytest.raises(DagsterInvalidDefinitionError, match="No job named 'other'; jobs: only_job"):
        defs.get_job_def("other")


def test_merge_combines_definitions():
    merged = Definitions.merge(Definitions(assets=[raw]), Definitions(assets=[ordered]))
    assert merged.get_asset_graph().keys == {AssetKey("raw"), AssetKey("ordered")}


def test_load_assets_from_modules_with_prefix_rewrites_internal_deps():
    import types

    module = types.ModuleType("pipeline")
    module.raw = raw
    module.ordered = ordered
    loaded = load_assets_from_modules([module], key_prefix="team")
    defs = Definitions(assets=loaded)
    graph = defs.get_asset_graph()
    assert graph.keys == {AssetKey(["team", "raw"]), AssetKey(["team", "ordered"])}
    assert graph.parents(AssetKey(["team", "ordered"])) == {AssetKey(["team", "raw"])}


def test_schedule_targeting_an_asset_selection_gets_an_anonymous_job():
    from orchestrator import ScheduleDefinition

    nightly = ScheduleDefinition(
        name="nightly", cron_schedule="0 2 * * *", target=AssetSelection.groups("analytics")
    )
    defs = Definitions(assets=[raw, ordered], schedules=[nightly])
    job = defs.get_job_def("__anonymous_asset_job_nightly")
    assert job.asset_keys == [AssetKey("ordered")]


def test_schedule_targeting_undefined_job_name_is_named():
    from orchestrator import ScheduleDefinition

    orphan = ScheduleDefinition(name="orphan", cron_schedule="0 2 * * *", job_name="ghost_job")
    with pytest.raises(DagsterInvalidDefinitionError, match="schedule 'orphan' targets job 'ghost_job'"):
        Definitions(assets=[raw], schedules=[orphan])
