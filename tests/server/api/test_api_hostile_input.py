"""Hostile input: oversized and deeply nested bodies, NUL characters, bad run config and tags, odd keys."""

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from orchestrator_site.parsers import MAX_JSON_DEPTH
from runs_app.models import Run
from runs_app.services import run_create


def launch(client: APIClient, **body: Any) -> Any:
    return client.post("/api/runs/", body, format="json")


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth - 1):
        value = {"a": value}
    return value


# -- run launch fields ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"tags": {"k" * 201: "v"}}, "tags", f"Tag key '{'k' * 20}...' is longer than 200 characters"),
        ({"tags": {"k": "v" * 501}}, "tags", {"k": ["Ensure this field has no more than 500 characters."]}),
        ({"tags": {"": "v"}}, "tags", "Tag keys cannot be empty"),
        (
            {"run_config": {"ops": []}},
            "run_config",
            {"ops": ["must be an object mapping names to entries, not an array"]},
        ),
        (
            {"run_config": {"ops": {"scaled": 3}}},
            "run_config",
            {"ops": {"scaled": ["must be an object with keys config, inputs, outputs, not a number"]}},
        ),
        (
            {"run_config": {"ops": {"scaled": {"config": {}, "conf": {}}}}},
            "run_config",
            {"ops": {"scaled": {"conf": ["unknown key (expected config, inputs, outputs)"]}}},
        ),
        (
            {"run_config": {"resources": {"io_manager": []}}},
            "run_config",
            {"resources": {"io_manager": ["must be an object with keys config, not an array"]}},
        ),
        (
            {"run_config": {"execution": "multiprocess"}},
            "run_config",
            {"execution": ["must be an object, not a string"]},
        ),
        (
            {"run_config": {"solids": {}}},
            "run_config",
            {"solids": ["unknown section (expected ops, resources, execution, loggers)"]},
        ),
    ],
)
def test_bad_tags_and_run_config_shapes_are_400(
    launcher_api: APIClient, basic_location: Any, body: Any, field: str, message: Any
) -> None:
    response = launch(launcher_api, selection=["numbers", "total", "scaled"], **body)
    assert response.status_code == 400, response.content
    assert response.json() == {field: message if isinstance(message, dict) else [message]}
    assert Run.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"selection": ["numbers"], "run_config": {"ops": {"numbers": {"config": {"x": 1}}}}},
            {"ops": {"numbers": {"config": ["'numbers' takes no config"]}}},
        ),
        (
            {"selection": ["numbers"], "run_config": {"ops": {"scaled": {"config": {"factor": 3}}}}},
            {"ops": {"scaled": ["no launched asset or op named 'scaled'"]}},
        ),
        (
            {"selection": ["scaled"], "run_config": {"ops": {"scaled": {"config": {"factr": 3}}}}},
            {
                "ops": {
                    "scaled": {
                        "config": {
                            "factr": ["Additional properties are not allowed ('factr' was unexpected)"]
                        }
                    }
                }
            },
        ),
        (
            {"selection": ["scaled"], "run_config": {"ops": {"scaled": {"config": {"factor": "x"}}}}},
            {"ops": {"scaled": {"config": {"factor": ["'x' is not of type 'integer'"]}}}},
        ),
        (
            {"selection": ["numbers"], "run_config": {"resources": {"warehouse": {"config": {}}}}},
            {"resources": {"warehouse": ["no resource named 'warehouse'"]}},
        ),
        (
            {"job": "analytics_job", "run_config": {"ops": {"numbers": {"config": {}}}}},
            {"ops": {"numbers": ["no launched asset or op named 'numbers'"]}},
        ),
    ],
)
def test_unknown_config_keys_are_refused_with_the_key_named(
    launcher_api: APIClient, basic_location: Any, body: Any, message: dict[str, Any]
) -> None:
    response = launch(launcher_api, **body)
    assert response.status_code == 400, response.content
    assert response.json() == {"run_config": message}


def test_known_config_is_accepted(launcher_api: APIClient, basic_location: Any) -> None:
    response = launch(
        launcher_api,
        selection=["scaled"],
        run_config={"ops": {"scaled": {"config": {"factor": 3}}}},
        tags={"k" * 200: "v" * 500},
    )
    assert response.status_code == 201, response.content
    assert response.json()["tags"] == {"k" * 200: "v" * 500}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"selection": ["numbers"], "run_config": {"ops": {"numbers\u0000": {}}}}, "run_config"),
        (
            {"selection": ["scaled"], "run_config": {"ops": {"scaled": {"config": {"factor": "\u0000"}}}}},
            "run_config",
        ),
        ({"selection": ["numbers"], "tags": {"team": "a\u0000b"}}, "tags"),
        ({"selection": ["numbers"], "tags": {"te\u0000am": "data"}}, "tags"),
        ({"selection": "numbers\u0000"}, "selection"),
        ({"selection": ["numbers\u0000"]}, "selection"),
        ({"selection": ["daily_numbers"], "partition_key": "2026-01-02\u0000"}, "partition_key"),
        ({"selection": ["daily_numbers"], "partition_range": ["2026-01-02", "\u0000"]}, "partition_range"),
    ],
)
def test_nul_anywhere_in_a_launch_is_400(
    launcher_api: APIClient, basic_location: Any, body: Any, field: str
) -> None:
    response = launch(launcher_api, **body)
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert "NUL characters (\\u0000) are not allowed" in response.json()[field][0]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"selection": ["numbers\u0000"]}, "selection"),
        ({"selection": ["numbers"], "run_config": {"ops": {"x": {"config": {"y": "\u0000"}}}}}, "run_config"),
        ({"selection": ["numbers"], "run_config": {"ops": []}}, "run_config"),
    ],
)
def test_the_service_refuses_what_the_api_refuses(basic_location: Any, kwargs: Any, field: str) -> None:
    from orchestrator_site.errors import DomainError

    with pytest.raises(DomainError) as raised:
        run_create(**kwargs)
    assert raised.value.field == field


# -- bodies ---------------------------------------------------------------------------------------


def test_nesting_at_the_limit_parses(launcher_api: APIClient, basic_location: Any) -> None:
    body = {"selection": ["numbers"], "tags": {}, "run_config": {"loggers": nested(MAX_JSON_DEPTH - 2)}}
    response = launcher_api.post("/api/runs/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5_000, 100_000])
def test_deeply_nested_body_is_400(launcher_api: APIClient, basic_location: Any, depth: int) -> None:
    body = "[" * depth + "]" * depth
    response = launcher_api.post("/api/runs/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json() == {"detail": f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels"}


def test_oversized_body_is_413(launcher_api: APIClient, basic_location: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"selection": ["numbers"], "tags": {"pad": "x" * 2000}})
    response = launcher_api.post("/api/runs/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is larger than the server accepts (1000 bytes)."}


def test_upload_limit_comes_from_the_environment() -> None:
    import os
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)"
    env = {**os.environ, "DATA_UPLOAD_MAX_MEMORY_SIZE": "12345", "DJANGO_SETTINGS_MODULE": "tests.settings"}
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == "12345", out.stderr


def test_too_many_form_fields_is_a_json_400(admin_api: APIClient, basic_location: Any) -> None:
    body = "&".join(f"keys={i}" for i in range(1200))
    response = admin_api.post("/api/assets/wipe/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["detail"]


# -- hostile keys in paths ------------------------------------------------------------------------

HOSTILE_KEYS = [
    "..",
    "../..",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e",
    "%00",
    "a%00b",
    "%C0%AE%C0%AE",  # overlong UTF-8 for '..'
    "%FF%FE",  # not UTF-8
    "%ED%A0%80",  # a lone surrogate, encoded
    "%E2%80%AE",  # right-to-left override
    "%E2%80%8B",  # zero-width space
    "%F0%9F%92%A5",  # an emoji
    "%20",
    "'%3B--",
    "%22%3E%3Cscript%3E",
    "a" * 3000,
    "%25",
    "%5C..%5C",
]
DETAIL_ROUTES = [
    ("get", "/api/assets/{}/"),
    ("get", "/api/assets/{}/materializations/"),
    ("get", "/api/assets/{}/checks/"),
    ("get", "/api/code-locations/{}/"),
    ("post", "/api/code-locations/{}/reload/"),
    ("get", "/api/runs/{}/"),
    ("get", "/api/runs/{}/events/"),
    ("post", "/api/runs/{}/cancel/"),
    ("post", "/api/runs/{}/reexecute/"),
    ("delete", "/api/tokens/{}/"),
]


@pytest.mark.parametrize(("method", "route"), DETAIL_ROUTES)
def test_hostile_keys_are_404_or_400(
    admin_api: APIClient, catalog_location: Any, method: str, route: str
) -> None:
    answers = {}
    for key in HOSTILE_KEYS:
        response = getattr(admin_api, method)(route.format(key), format="json")
        answers[key[:40]] = response.status_code
        if response.status_code != 404:
            assert response["Content-Type"] == "application/json", (key, response.content[:200])
    assert set(answers.values()) <= {400, 404}, answers


@pytest.mark.parametrize(
    ("after", "status"),
    [("8808-11-07T01:29:37%2B22:10", 200), ("0001-01-01T00:00:00%2B01:00", 400), ("not-a-time", 400)],
)
def test_time_filters_take_any_offset_python_parses(admin_api: APIClient, after: str, status: int) -> None:
    """PostgreSQL refuses offsets beyond ±15:59; the filter compares in UTC instead."""
    response = admin_api.get(f"/api/audit/?after={after}")
    assert response.status_code == status, response.content
    if status == 400:
        assert list(response.json()) == ["after"]
