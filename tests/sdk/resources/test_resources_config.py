"""Config classes, run config and the validation errors nodes report."""

import pytest
from pydantic import ValidationError

from orchestrator._core.errors import InvalidConfigError
from orchestrator._core.resources import (
    Array,
    Config,
    ConfigField,
    EnvVar,
    Field,
    Noneable,
    PermissiveConfig,
    RunConfig,
    Shape,
    StringSource,
    compile_config_schema,
    is_config_annotation,
    resolve_op_config,
    validate_run_config_shape,
)


class Window(Config):
    start: str = "2024-01-01"
    days: int = 7


class UsersConfig(Config):
    limit: int
    country: str = "FR"
    window: Window = Window()
    tags: list[str] = Field(default_factory=list, description="labels")


def test_config_is_frozen_and_rejects_unknown_fields() -> None:
    config = UsersConfig(limit=3)
    with pytest.raises(ValidationError):
        config.limit = 4  # type: ignore[misc]
    with pytest.raises(ValidationError):
        UsersConfig(limit=3, unknown=1)  # type: ignore[call-arg]


def test_permissive_config_keeps_extra_fields() -> None:
    class Loose(PermissiveConfig):
        name: str = "x"

    assert Loose(name="a", other=2).model_dump() == {"name": "a", "other": 2}


def test_resolve_op_config_validates_and_coerces() -> None:
    config = resolve_op_config(
        UsersConfig, {"limit": "5", "window": {"days": 2}}, node_name="raw_users", node_kind="asset"
    )
    assert isinstance(config, UsersConfig)
    assert config.limit == 5
    assert config.window == Window(days=2)


def test_resolve_op_config_names_node_and_every_bad_field() -> None:
    with pytest.raises(InvalidConfigError) as excinfo:
        resolve_op_config(
            UsersConfig,
            {"limit": "abc", "window": {"days": "many"}, "colour": "red"},
            node_name="raw_users",
        )
    message = str(excinfo.value)
    assert message.startswith("Invalid config for asset 'raw_users': ")
    assert "field 'limit': Input should be a valid integer" in message
    assert "(got 'abc')" in message
    assert "field 'window.days': Input should be a valid integer" in message
    assert "field 'colour': unexpected field" in message


def test_resolve_op_config_without_config_names_missing_fields() -> None:
    with pytest.raises(InvalidConfigError) as excinfo:
        resolve_op_config(UsersConfig, None, node_name="load", node_kind="op")
    message = str(excinfo.value)
    assert "Invalid config for op 'load'" in message
    assert "missing required config field(s) 'limit'" in message
    assert "run_config['ops']['load']['config']" in message


def test_resolve_op_config_partial_config_names_missing_field() -> None:
    with pytest.raises(InvalidConfigError, match=r"field 'limit': missing required value"):
        resolve_op_config(UsersConfig, {"country": "DE"}, node_name="raw_users")


def test_resolve_op_config_defaults_and_instances() -> None:
    assert resolve_op_config(Window, None, node_name="w") == Window()
    given = UsersConfig(limit=1)
    assert resolve_op_config(UsersConfig, given, node_name="raw_users") == given
    assert resolve_op_config(UsersConfig, {"config": {"limit": 2}}, node_name="u").limit == 2  # type: ignore[union-attr]


def test_resolve_op_config_for_node_without_config() -> None:
    assert resolve_op_config(None, None, node_name="a") is None
    assert resolve_op_config(None, {}, node_name="a") is None
    with pytest.raises(InvalidConfigError, match="takes no config, but got 'limit'"):
        resolve_op_config(None, {"limit": 1}, node_name="a")


def test_env_var_in_config(monkeypatch: pytest.MonkeyPatch) -> None:
    class Secrets(Config):
        token: str
        retries: int = 1

    monkeypatch.setenv("TEST_CFG_TOKEN", "abc")
    monkeypatch.setenv("TEST_CFG_RETRIES", "4")
    given = Secrets(token=EnvVar("TEST_CFG_TOKEN"), retries=EnvVar.int("TEST_CFG_RETRIES"))
    config = resolve_op_config(Secrets, given, node_name="a")
    assert config == Secrets(token="abc", retries=4)
    from_dict = resolve_op_config(Secrets, {"token": {"env": "TEST_CFG_TOKEN"}}, node_name="a")
    assert from_dict == Secrets(token="abc")
    monkeypatch.delenv("TEST_CFG_TOKEN")
    with pytest.raises(InvalidConfigError, match="Environment variable 'TEST_CFG_TOKEN' used by asset 'a'"):
        resolve_op_config(Secrets, {"token": EnvVar("TEST_CFG_TOKEN")}, node_name="a")


def test_run_config_to_config_dict() -> None:
    run_config = RunConfig(
        ops={"raw_users": UsersConfig(limit=5), "plain": {"config": {"x": 1}}, "bare": {"y": 2}},
        resources={"warehouse": {"config": {"url": "sqlite://"}}, "api": Window(days=1)},
    )
    assert run_config.to_config_dict() == {
        "loggers": {},
        "execution": {},
        "ops": {
            "raw_users": {
                "config": {
                    "limit": 5,
                    "country": "FR",
                    "window": {"start": "2024-01-01", "days": 7},
                    "tags": [],
                }
            },
            "plain": {"config": {"x": 1}},
            "bare": {"config": {"y": 2}},
        },
        "resources": {
            "warehouse": {"config": {"url": "sqlite://"}},
            "api": {"config": {"start": "2024-01-01", "days": 1}},
        },
    }


def test_run_config_keeps_env_vars_as_env_entries() -> None:
    class Secrets(Config):
        token: str

    config_dict = RunConfig(ops={"a": Secrets(token=EnvVar("TOKEN"))}).to_config_dict()
    assert config_dict["ops"]["a"] == {"config": {"token": {"env": "TOKEN"}}}


def test_validate_run_config_shape_lists_every_problem() -> None:
    validate_run_config_shape(
        {"ops": {"a": {"config": {}}}, "resources": {"db": {"config": {}}}, "execution": {}},
        known_ops={"a"},
        known_resources={"db"},
    )
    with pytest.raises(InvalidConfigError) as excinfo:
        validate_run_config_shape(
            {
                "solidz": {},
                "ops": {"a": {"conf": {}}, "zz": {"config": {}}},
                "resources": {"nope": {"config": {}}},
            },
            known_ops={"a"},
            known_resources={"db"},
        )
    message = str(excinfo.value)
    assert "unknown top-level section 'solidz'" in message
    assert "unknown op 'zz'" in message
    assert "unknown key 'conf' in entry for op 'a'" in message
    assert "unknown resource 'nope'" in message


def test_field_builds_dict_style_schema_fields() -> None:
    field = Field(int, default_value=3, description="n")
    assert isinstance(field, ConfigField)
    assert field.default_value == 3
    assert not field.is_required
    assert Field(str).is_required


def test_compile_dict_style_schema() -> None:
    schema = compile_config_schema(
        {
            "base_dir": Field(StringSource, is_required=False),
            "retries": Field(int, default_value=2),
            "names": [str],
            "nested": Shape({"flag": Field(bool, default_value=False)}),
            "maybe": Noneable(int),
            "values": Array(float),
        }
    )
    assert schema.validate({"names": ["a"], "values": ["1.5"]}, subject="resource 'x'") == {
        "retries": 2,
        "names": ["a"],
        "nested": {"flag": False},
        "maybe": None,
        "values": [1.5],
    }
    with pytest.raises(InvalidConfigError, match=r"resource 'x': field 'names': missing required value"):
        schema.validate({"values": []}, subject="resource 'x'")


def test_is_config_annotation() -> None:
    assert is_config_annotation(UsersConfig)
    assert not is_config_annotation(dict)
    assert not is_config_annotation(None)


def test_env_var_as_class_default(monkeypatch: pytest.MonkeyPatch) -> None:
    class Defaults(Config):
        region: str = EnvVar("TEST_CFG_REGION")

    monkeypatch.setenv("TEST_CFG_REGION", "eu-west-1")
    assert resolve_op_config(Defaults, None, node_name="a") == Defaults(region="eu-west-1")
