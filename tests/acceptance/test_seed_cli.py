"""The guide's CLI reference, run against the example with the ``orchestrator`` command.

Commands run from ``examples/seed_pipeline``, whose ``pyproject.toml`` names the module
(``[tool.orchestrator] module_name = "seed_pipeline"``), as a user would run them.
"""

import sqlite3

import pytest
from click.testing import CliRunner, Result
from seed_support import EXAMPLE_DIR, SeedEnv

from orchestrator.cli.main import cli

SEED_ASSET_NAMES = {"raw_users", "raw_orders", "revenue_by_user", "dim_users", "daily_events"}


@pytest.fixture
def run_cli(seed_env: SeedEnv, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner working in the example folder, with the test's environment."""
    monkeypatch.chdir(EXAMPLE_DIR)
    return CliRunner()


def invoke(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, list(args), catch_exceptions=False)


def test_definitions_validate(run_cli: CliRunner) -> None:
    result = invoke(run_cli, "definitions", "validate")

    assert result.exit_code == 0, result.output
    assert "Definitions are valid: 5 assets, 1 jobs, 1 schedules, 1 sensors" in result.output


def test_asset_list(run_cli: CliRunner) -> None:
    result = invoke(run_cli, "asset", "list")

    assert result.exit_code == 0, result.output
    assert set(result.output.split()) == SEED_ASSET_NAMES


def test_asset_materialize_raw_then_downstream(run_cli: CliRunner, seed_env: SeedEnv) -> None:
    raw = invoke(run_cli, "asset", "materialize", "--select", "raw_users,raw_orders")
    downstream = invoke(run_cli, "asset", "materialize", "--select", "revenue_by_user,dim_users")

    assert raw.exit_code == 0, raw.output
    assert "Materialized raw_users" in raw.output
    assert "Materialized raw_orders" in raw.output
    assert downstream.exit_code == 0, downstream.output
    assert "Materialized revenue_by_user" in downstream.output
    assert "Materialized dim_users" in downstream.output
    with sqlite3.connect(seed_env.database_path) as conn:
        rows = conn.execute(
            "SELECT user_id, name, total_revenue, order_count FROM revenue_by_user"
        ).fetchall()
    assert sorted(rows) == [(1, "Alice", 140.0, 3), (2, "Bob", 40.0, 2), (3, "Carol", 60.0, 1)]
    assert (seed_env.home / "storage" / "dim_users").is_file()


def test_asset_materialize_a_daily_events_partition(run_cli: CliRunner) -> None:
    result = invoke(run_cli, "asset", "materialize", "--select", "daily_events", "--partition", "2026-02-19")

    assert result.exit_code == 0, result.output
    assert "Materialized daily_events partition 2026-02-19" in result.output


def test_asset_materialize_rejects_an_unknown_partition(run_cli: CliRunner) -> None:
    result = invoke(run_cli, "asset", "materialize", "--select", "daily_events", "--partition", "2025-12-31")

    assert result.exit_code == 2
    assert "2025-12-31" in result.output


def test_job_execute_analytics_job(run_cli: CliRunner) -> None:
    raw = invoke(run_cli, "asset", "materialize", "--select", "raw_users,raw_orders")
    assert raw.exit_code == 0, raw.output

    result = invoke(run_cli, "job", "execute", "-j", "analytics_job")

    assert result.exit_code == 0, result.output
    assert "Materialized revenue_by_user" in result.output
