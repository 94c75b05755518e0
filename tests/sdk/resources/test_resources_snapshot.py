"""Resource snapshots are plain JSON and never contain secret values."""

import json

from pydantic import SecretStr

from orchestrator._core.resources import (
    Config,
    ConfigurableResource,
    EnvVar,
    Field,
    ResourceDefinition,
    config_json_schema,
    resource,
    resource_snapshot,
)
from orchestrator._core.storage import FilesystemIOManager


class Credentials(ConfigurableResource):
    """Database login."""

    user: str
    db_password: str = ""
    api_token: SecretStr = SecretStr("")


class Warehouse(ConfigurableResource):
    """Connection to the analytics warehouse."""

    url: str
    credentials: Credentials
    timeout: int = Field(default=30, description="Seconds")
    api_key: str = ""
    options: dict[str, str] = Field(default_factory=dict)


def _text(snapshot: dict) -> str:
    return json.dumps(snapshot)


def test_snapshot_redacts_every_kind_of_secret() -> None:
    warehouse = Warehouse(
        url="postgresql://app:hunter2@db.internal:5432/analytics",
        credentials=Credentials(user="app", db_password="hunter2", api_token=SecretStr("tok-123")),
        api_key=EnvVar("WAREHOUSE_API_KEY"),
        options={"sslpassword": "zzz-secret", "mode": "require"},
    )
    snapshot = resource_snapshot("warehouse", warehouse)
    text = _text(snapshot)
    for secret in ("hunter2", "tok-123", "zzz-secret"):
        assert secret not in text
    assert snapshot["key"] == "warehouse"
    assert snapshot["type"] == "Warehouse"
    assert snapshot["description"] == "Connection to the analytics warehouse."
    config = snapshot["config"]
    assert config["url"] == "postgresql://app:***@db.internal:5432/analytics"
    assert config["api_key"] == {"env": "WAREHOUSE_API_KEY"}
    assert config["timeout"] == 30
    assert config["options"] == {"sslpassword": "***", "mode": "require"}
    nested = config["credentials"]
    assert nested["type"] == "Credentials"
    assert nested["config"] == {"user": "app", "db_password": "***", "api_token": "***"}
    assert snapshot["config_schema"]["properties"]["timeout"]["description"] == "Seconds"


def test_snapshot_of_env_var_sourced_secret_shows_variable_name() -> None:
    credentials = Credentials(user=EnvVar("DB_USER"), db_password=EnvVar("DB_PASSWORD"))
    snapshot = resource_snapshot("credentials", credentials)
    assert snapshot["config"]["user"] == {"env": "DB_USER"}
    assert snapshot["config"]["db_password"] == {"env": "DB_PASSWORD"}


def test_snapshot_of_function_resource_and_plain_value() -> None:
    @resource(config_schema={"url": str}, description="A client")
    def client(context):  # type: ignore[no-untyped-def]
        return context.resource_config["url"]

    configured = client.configured({"url": "https://u:secret-pw@api.example.com/?token=abc"})
    snapshot = resource_snapshot("client", configured)
    assert snapshot["type"] == "ResourceDefinition"
    assert snapshot["description"] == "A client"
    assert snapshot["config"] == {"url": "https://u:***@api.example.com/?token=***"}
    assert snapshot["config_schema"]["required"] == ["url"]
    json.dumps(snapshot)
    plain = resource_snapshot("answer", 42)
    assert plain == {
        "key": "answer",
        "type": "int",
        "description": None,
        "config_schema": None,
        "config": None,
    }
    hardcoded = resource_snapshot("x", ResourceDefinition.hardcoded_resource("v"))
    assert hardcoded["config_schema"] is None


def test_snapshot_of_io_manager_and_launch_placeholder() -> None:
    snapshot = resource_snapshot("io_manager", FilesystemIOManager(base_dir="/data"))
    assert snapshot["config"] == {"base_dir": "/data"}
    assert snapshot["type"] == "FilesystemIOManager"
    placeholder = resource_snapshot("credentials", Credentials.configure_at_launch(db_password="pw"))
    assert placeholder["config"] == {"db_password": "***"}


def test_config_json_schema() -> None:
    class Settings(Config):
        limit: int = 10
        token: str = EnvVar("SETTINGS_TOKEN")
        password: str = "default-pass"

    schema = config_json_schema(Settings)
    assert schema is not None
    assert schema["properties"]["limit"] == {"default": 10, "title": "Limit", "type": "integer"}
    assert schema["properties"]["token"]["default"] == {"env": "SETTINGS_TOKEN"}
    assert schema["properties"]["password"]["default"] == "***"
    assert config_json_schema(None) is None


def test_snapshot_of_unserializable_values_and_aliases() -> None:
    from orchestrator._core.storage import PandasSQLIOManager

    class Opaque:
        def __repr__(self) -> str:
            return "Opaque(password=hunter2)"

    class Holder(ConfigurableResource):
        thing: Opaque = Opaque()

    snapshot = resource_snapshot("holder", Holder())
    assert "hunter2" not in json.dumps(snapshot)
    assert snapshot["config"] == {"thing": "<Opaque>"}
    manager = PandasSQLIOManager(
        connection_string="postgresql+psycopg://app:pw@db/warehouse", schema="analytics"
    )
    assert resource_snapshot("io_manager", manager)["config"] == {
        "connection_string": "postgresql+psycopg://app:***@db/warehouse",
        "schema": "analytics",
    }
