"""Parsing of the shared options: tags, partition ranges, run config files, location and server options."""

from pathlib import Path

import pytest

from orchestrator.cli._common import CommandError
from orchestrator.cli.options import (
    LaunchRequest,
    load_run_config,
    parse_partition_range,
    parse_tags,
    split_args,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-01...2026-01-31", ("2026-01-01", "2026-01-31")),
        ("a...b", ("a", "b")),
        (None, None),
    ],
)
def test_partition_range(value: str | None, expected: tuple[str, str] | None) -> None:
    assert parse_partition_range(value) == expected


@pytest.mark.parametrize("value", ["2026-01-01..2026-01-31", "...b", "a...", "a"])
def test_bad_partition_range(value: str) -> None:
    with pytest.raises(CommandError, match=r"use FIRST\.\.\.LAST") as info:
        parse_partition_range(value)

    assert info.value.exit_code == 2


def test_tags() -> None:
    assert parse_tags(("team=data", "empty=", "eq=a=b")) == {"team": "data", "empty": "", "eq": "a=b"}


@pytest.mark.parametrize("tag", ["team", "=value"])
def test_bad_tag(tag: str) -> None:
    with pytest.raises(CommandError, match="use key=value"):
        parse_tags((tag,))


def test_run_config_from_yaml_json_and_text(tmp_path: Path) -> None:
    yaml_file = tmp_path / "run.yaml"
    yaml_file.write_text("ops:\n  scaled:\n    config:\n      factor: 5\n")
    json_file = tmp_path / "run.json"
    json_file.write_text('{"ops": {"scaled": {"config": {"factor": 7}}}}')

    assert load_run_config(str(yaml_file), None) == {"ops": {"scaled": {"config": {"factor": 5}}}}
    assert load_run_config(str(json_file), None) == {"ops": {"scaled": {"config": {"factor": 7}}}}
    assert load_run_config(None, '{"ops": {}}') == {"ops": {}}
    assert load_run_config(None, None) == {}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("list.yaml", "- a\n- b\n", "the run config must be a mapping"),
        ("bad.json", "{nope", "is not valid JSON"),
        ("bad.yaml", "ops: [unclosed", "is not valid YAML"),
    ],
)
def test_bad_run_config_file(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text)

    with pytest.raises(CommandError, match=message):
        load_run_config(str(path), None)


def test_run_config_sources_exclude_each_other(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="not both"):
        load_run_config(str(tmp_path / "x.yaml"), "{}")
    with pytest.raises(CommandError, match="cannot read"):
        load_run_config(str(tmp_path / "missing.yaml"), None)


def test_launch_body() -> None:
    request = LaunchRequest(selection="a,b", partition_range=("x", "y"), tags={"k": "v"})

    assert request.body() == {
        "selection": "a,b",
        "partition_range": ["x", "y"],
        "tags": {"k": "v"},
        "run_config": {},
    }
    assert LaunchRequest(job="j", partition_key="p").body() == {
        "job": "j",
        "partition_key": "p",
        "tags": {},
        "run_config": {},
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"module_name": "m", "python_file": "f.py"}, "not both"),
        ({"module_name": "m", "url": "http://x"}, "with --url the server's code location is used"),
        ({"server_location": "loc"}, "pass --url too"),
    ],
)
def test_conflicting_location_and_server_options(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        split_args(dict(kwargs))
