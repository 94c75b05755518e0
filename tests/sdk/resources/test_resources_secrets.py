"""Secret resource fields: redacted in repr/str, and values read from the environment kept out of events."""

import pytest

from orchestrator import AssetExecutionContext, ConfigurableResource, EnvVar, asset, materialize
from orchestrator._core.events import DagsterEvent, DagsterEventType
from orchestrator._core.resources.secrets import redact_secrets, remember_secret


class Database(ConfigurableResource):
    host: str
    password: str
    dsn: str = "sqlite://"


def test_repr_and_str_hide_secret_named_fields_and_url_passwords() -> None:
    db = Database(host="db", password="hunter2-literal", dsn="postgresql://app:pw-in-url@db/prod")
    assert repr(db) == "Database(host='db', password='***', dsn='postgresql://app:***@db/prod')"
    assert str(db) == "host='db' password='***' dsn='postgresql://app:***@db/prod'"


def test_repr_keeps_env_var_markers() -> None:
    assert repr(Database(host="db", password=EnvVar("DB_PASSWORD"))) == (
        "Database(host='db', password=EnvVar('DB_PASSWORD'), dsn='sqlite://')"
    )


def test_values_read_from_the_environment_are_redacted_in_events_and_logs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SECRETS_TEST_DSN", "sentinel-dsn-value-19c4")

    @asset
    def leaky(context: AssetExecutionContext, database: Database) -> int:
        context.log.info(f"connecting to {database.dsn}")
        raise RuntimeError(f"cannot reach {database.dsn} ({vars(database)})")

    result = materialize(
        [leaky],
        resources={"database": Database(host="db", password="x-literal", dsn=EnvVar("SECRETS_TEST_DSN"))},
        raise_on_error=False,
    )
    assert not result.success
    texts = [e.message + str(e.payload) for e in result.all_events]
    assert all("sentinel-dsn-value" not in t for t in texts)
    [failure] = result.get_step_failure_events()
    assert failure.payload["error"]["message"].startswith("cannot reach *** (")
    assert (
        "connecting to ***"
        in texts[[e.event_type for e in result.all_events].index(DagsterEventType.LOG_MESSAGE)]
    )


def test_redaction_replaces_longest_values_first() -> None:
    remember_secret("sentinel-abc")
    remember_secret("sentinel-abc-longer")
    assert redact_secrets("a sentinel-abc-longer b sentinel-abc") == "a *** b ***"
    event = DagsterEvent(
        DagsterEventType.STEP_FAILURE,
        message="failed with sentinel-abc",
        payload={"error": {"message": "sentinel-abc", "cls": "E", "traceback": "x sentinel-abc"}},
    )
    assert (event.message, event.payload["error"]) == (
        "failed with ***",
        {"message": "***", "cls": "E", "traceback": "x ***"},
    )


def test_short_values_are_not_treated_as_secrets() -> None:
    remember_secret("on")
    assert redact_secrets("turned on") == "turned on"
