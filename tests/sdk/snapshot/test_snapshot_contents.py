"""The snapshot of the analytics project, field by field."""

from types import ModuleType
from typing import Any

import pytest
from snapshot_project import ENV_USER_VAR

from orchestrator._core.resources import config_json_schema
from orchestrator._core.snapshot import SNAPSHOT_VERSION, DefinitionsSnapshot


@pytest.fixture
def snap(project: ModuleType) -> DefinitionsSnapshot:
    return DefinitionsSnapshot.from_definitions(project.defs, location_name="analytics")


def _by(items: Any, attr: str) -> dict[Any, Any]:
    return {getattr(i, attr): i for i in items}


def test_top_level(snap: DefinitionsSnapshot) -> None:
    data = snap.to_json()
    assert sorted(data) == [
        "asset_checks",
        "assets",
        "fingerprint",
        "jobs",
        "location_name",
        "resources",
        "schedules",
        "sensors",
        "snapshot_version",
    ]
    assert data["snapshot_version"] == SNAPSHOT_VERSION == 1
    assert data["location_name"] == "analytics"
    assert [a.key_string for a in snap.assets] == [
        "daily_summary",
        "landing/orders",
        "raw_events",
        "raw_users",
        "regional_report",
    ]
    assert [c.key_string for c in snap.asset_checks] == ["daily_summary:has_rows", "raw_users:unique_ids"]
    assert [j.name for j in snap.jobs] == ["analytics_job", "numbers_job"]
    assert [s.name for s in snap.schedules] == ["daily_analytics"]
    assert [s.name for s in snap.sensors] == ["landing_files"]
    assert [r.key for r in snap.resources] == ["io_manager", "warehouse"]


def test_asset_with_metadata_resources_and_a_check(snap: DefinitionsSnapshot) -> None:
    raw_users = _by(snap.assets, "key_string")["raw_users"]
    assert raw_users.to_json() == {
        "key": ["raw_users"],
        "key_string": "raw_users",
        "node_name": "raw_users",
        "group_name": "raw",
        "description": "Users copied from the shop database.",
        "deps": [{"asset_key": ["landing", "orders"], "partition_mapping": None}],
        "dependents": [["daily_summary"]],
        "is_materializable": True,
        "is_external": False,
        "skippable": False,
        "can_subset": False,
        "partitions": None,
        "metadata": {
            "team": {"type": "text", "value": "data"},
            "rows": {"type": "int", "value": 3},
            "docs": {"type": "url", "value": "https://example.com/users"},
        },
        "code_version": "1",
        "kinds": ["postgres", "python"],
        "owners": ["team:data", "alice@example.com"],
        "tags": {"tier": "bronze"},
        "io_manager_key": "io_manager",
        "required_resource_keys": ["io_manager", "warehouse"],
        "backfill_policy": None,
        "retry_policy": None,
        "check_names": ["unique_ids"],
        "config_schema": None,
    }


def test_partitioned_asset_with_mapping_and_config(project: ModuleType, snap: DefinitionsSnapshot) -> None:
    summary = _by(snap.assets, "key_string")["daily_summary"]
    assert summary.group_name == "analytics"
    assert summary.description == "Events per day."
    assert summary.partitions == project.daily.to_snapshot()
    assert [d.to_json() for d in summary.deps] == [
        {
            "asset_key": ["raw_events"],
            "partition_mapping": {
                "type": "TimeWindowPartitionMapping",
                "start_offset": -1,
                "end_offset": 0,
                "allow_nonexistent_upstream_partitions": False,
            },
        },
        {"asset_key": ["raw_users"], "partition_mapping": None},
    ]
    assert summary.dependents == ()
    assert summary.check_names == ("has_rows",)
    assert summary.config_schema == config_json_schema(project.SummaryConfig)
    assert summary.config_schema["properties"]["limit"] == {
        "default": 10,
        "title": "Limit",
        "type": "integer",
    }


def test_policies(project: ModuleType, snap: DefinitionsSnapshot) -> None:
    raw_events = _by(snap.assets, "key_string")["raw_events"]
    assert raw_events.retry_policy == {"max_retries": 2, "delay": 1.5, "backoff": None, "jitter": None}
    assert raw_events.backfill_policy is not None
    assert raw_events.backfill_policy["max_partitions_per_run"] is None
    assert raw_events.partitions == project.daily.to_snapshot()
    assert raw_events.dependents == (("daily_summary",),)
    regional = _by(snap.assets, "key_string")["regional_report"]
    assert regional.partitions == project.regions.to_snapshot()


def test_external_asset(snap: DefinitionsSnapshot) -> None:
    orders = _by(snap.assets, "key_string")["landing/orders"]
    assert orders.key == ("landing", "orders")
    assert orders.node_name == "landing__orders"
    assert orders.group_name == "landing"
    assert orders.description == "Orders dropped by the shop."
    assert (orders.is_materializable, orders.is_external) == (False, True)
    assert orders.dependents == (("raw_users",),)
    assert orders.required_resource_keys == ()


def test_asset_checks(snap: DefinitionsSnapshot) -> None:
    assert [c.to_json() for c in snap.asset_checks] == [
        {
            "asset_key": ["daily_summary"],
            "name": "has_rows",
            "key_string": "daily_summary:has_rows",
            "node_name": "daily_summary",
            "description": None,
            "blocking": False,
            "additional_deps": [],
            "metadata": {},
            "config_schema": None,
        },
        {
            "asset_key": ["raw_users"],
            "name": "unique_ids",
            "key_string": "raw_users:unique_ids",
            "node_name": "raw_users_unique_ids",
            "description": "Ids are unique.",
            "blocking": True,
            "additional_deps": [],
            "metadata": {},
            "config_schema": None,
        },
    ]


def test_asset_job(project: ModuleType, snap: DefinitionsSnapshot) -> None:
    job = _by(snap.jobs, "name")["analytics_job"]
    assert job.to_json() == {
        "name": "analytics_job",
        "description": "Daily analytics.",
        "tags": {"team": "data"},
        "run_tags": {},
        "metadata": {},
        "is_asset_job": True,
        "asset_keys": [["daily_summary"]],
        "ops": [],
        "edges": [],
        "partitions": project.daily.to_snapshot(),
        "default_run_config": {"ops": {"daily_summary": {"config": {"limit": 5}}}},
    }


def test_op_job(project: ModuleType, snap: DefinitionsSnapshot) -> None:
    job = _by(snap.jobs, "name")["numbers_job"]
    assert (job.is_asset_job, job.asset_keys, job.partitions) == (False, (), None)
    assert (job.description, job.tags) == ("Adds numbers.", {"kind": "ops"})
    assert [e.to_json() for e in job.edges] == [
        {"from_node": "one", "from_output": "result", "to_node": "add", "to_input": "x"}
    ]
    add, one = job.ops
    assert (add.name, add.op_name, add.input_names, add.output_names) == ("add", "add", ("x",), ("result",))
    assert add.config_schema == config_json_schema(project.AddConfig)
    assert add.required_resource_keys == ("io_manager",)
    assert (one.name, one.input_names, one.config_schema) == ("one", (), None)


def test_schedule(snap: DefinitionsSnapshot) -> None:
    assert [s.to_json() for s in snap.schedules] == [
        {
            "name": "daily_analytics",
            "cron_schedule": "0 6 * * *",
            "execution_timezone": "Europe/Paris",
            "job_name": "analytics_job",
            "default_status": "RUNNING",
            "description": "Every morning.",
            "tags": {"team": "data"},
            "metadata": {},
            "required_resource_keys": [],
            "asset_selection": None,
        }
    ]


def test_sensor(snap: DefinitionsSnapshot) -> None:
    assert [s.to_json() for s in snap.sensors] == [
        {
            "name": "landing_files",
            "sensor_type": "standard",
            "minimum_interval_seconds": 60,
            "default_status": "STOPPED",
            "description": "Watches the landing folder.",
            "tags": {},
            "metadata": {},
            "required_resource_keys": [],
            "job_names": ["analytics_job"],
            "asset_selection": None,
            "monitored_asset_keys": [],
            "run_status": None,
            "monitored_job_names": None,
        }
    ]


def test_resources(project: ModuleType, snap: DefinitionsSnapshot) -> None:
    io_manager, warehouse = snap.resources
    assert (io_manager.key, io_manager.is_default) == ("io_manager", True)
    assert io_manager.used_by == (
        "daily_summary",
        "raw_events",
        "raw_users",
        "raw_users:unique_ids",
        "regional_report",
    )
    assert warehouse.to_json() == {
        "key": "warehouse",
        "type": "Warehouse",
        "description": "Where the tables live.",
        "config_schema": config_json_schema(project.Warehouse),
        "config": {
            "url": "postgresql://app:***@db:5432/prod",
            "user": {"env": ENV_USER_VAR},
            "password": "***",
            "schema_name": "public",
        },
        "is_default": False,
        "used_by": ["raw_users"],
    }


def test_legacy_config_schemas_of_assets_and_ops() -> None:
    from orchestrator import Definitions, Field, asset, job, op

    @asset(config_schema={"limit": int, "token": Field(str, default_value="tok-default-555")})
    def limited(context) -> int:
        return 1

    @op(config_schema={"n": int})
    def counted(context) -> int:
        return 1

    @job
    def counting():
        counted()

    snap = DefinitionsSnapshot.from_definitions(
        Definitions(assets=[limited], jobs=[counting]), location_name="x"
    )
    asset_schema = snap.assets[0].config_schema
    assert asset_schema is not None
    assert asset_schema["properties"]["limit"] == {"title": "Limit", "type": "integer"}
    assert asset_schema["properties"]["token"]["default"] == "***"
    assert "tok-default-555" not in snap.to_canonical_json()
    assert snap.jobs[0].ops[0].config_schema["properties"]["n"] == {"title": "N", "type": "integer"}
