"""A launch's run-config errors are a 400 nested by path, so a form can put each on its field."""

from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from runs_app.models import Run
from tests.fixtures.locations import store_location

CONFIG_PROJECT = Path(__file__).parent / "projects" / "config_project.py"


@pytest.fixture
def config_location(db: Any) -> Any:
    return store_location(CONFIG_PROJECT, name="config_project")


def launch(client: APIClient, run_config: Any, selection: Any = ("scaled_numbers",)) -> Any:
    return client.post("/api/runs/", {"selection": list(selection), "run_config": run_config}, format="json")


def ops(config: Any) -> dict[str, Any]:
    return {"ops": {"scaled_numbers": {"config": config}}}


@pytest.mark.parametrize(
    ("run_config", "expected"),
    [
        (
            ops({"window": {"days": 1}}),
            ops({"factor": ["'factor' is a required property"]}),
        ),
        (
            {},
            ops(
                {"factor": ["'factor' is a required property"], "window": ["'window' is a required property"]}
            ),
        ),
        (
            ops({"factor": "x", "window": {"days": 1}}),
            ops({"factor": ["'x' is not of type 'integer'"]}),
        ),
        (
            ops({"factor": 2, "window": {"days": "many"}, "extra": 1, "other": 2}),
            ops(
                {
                    "extra": ["Additional properties are not allowed ('extra' was unexpected)"],
                    "other": ["Additional properties are not allowed ('other' was unexpected)"],
                    "window": {"days": ["'many' is not of type 'integer'"]},
                }
            ),
        ),
        (
            ops({"factor": 2, "window": {}}),
            ops({"window": {"days": ["'days' is a required property"]}}),
        ),
        (
            {
                **ops({"factor": 2, "window": {"days": 1}}),
                "resources": {"warehouse": {"config": {"timeout": "x"}}},
            },
            {"resources": {"warehouse": {"config": {"timeout": ["'x' is not of type 'integer'"]}}}},
        ),
        (
            {"ops": {"nope": {}, "scaled_numbers": {"config": {"factor": 1, "window": {"days": 1}}}}},
            {"ops": {"nope": ["no launched asset or op named 'nope'"]}},
        ),
    ],
)
def test_config_errors_nest_by_path(
    launcher_api: APIClient, config_location: Any, run_config: Any, expected: Any
) -> None:
    response = launch(launcher_api, run_config)
    assert response.status_code == 400, response.content
    assert response.json() == {"run_config": expected}
    assert not Run.objects.exists()


def test_shape_and_schema_errors_of_several_sections_are_all_reported(
    launcher_api: APIClient, config_location: Any
) -> None:
    response = launch(launcher_api, {"ops": [], "loggers": 3, "solids": {}})
    assert response.status_code == 400
    assert response.json() == {
        "run_config": {
            "ops": ["must be an object mapping names to entries, not an array"],
            "loggers": ["must be an object, not a number"],
            "solids": ["unknown section (expected ops, resources, execution, loggers)"],
        }
    }


def test_reexecute_reports_config_errors_nested_too(launcher_api: APIClient, config_location: Any) -> None:
    good = ops({"factor": 2, "window": {"days": 1}})
    created = launch(launcher_api, good)
    assert created.status_code == 201, created.content
    Run.objects.filter(id=created.json()["id"]).update(run_config=ops({"window": {"days": 1}}))
    response = launcher_api.post(f"/api/runs/{created.json()['id']}/reexecute/", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"run_config": ops({"factor": ["'factor' is a required property"]})}


def test_the_command_line_message_names_each_path() -> None:
    from runs_app.launch_validation import RunConfigError, schema_errors

    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    exc = RunConfigError(schema_errors(("ops", "a", "config"), schema, {}))
    assert exc.message == "run_config.ops.a.config.n: 'n' is a required property"
    assert exc.field == "run_config"


def test_remote_command_line_flattens_the_nested_body() -> None:
    from orchestrator.cli.remote import field_errors

    body = {"run_config": ops({"factor": ["'factor' is a required property"]})}
    assert (
        field_errors(body) == "run_config.ops.scaled_numbers.config.factor: 'factor' is a required property"
    )
