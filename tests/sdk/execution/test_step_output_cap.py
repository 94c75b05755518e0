"""What a step prints is kept up to ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES per stream, then one notice event."""

import sys
from typing import Any

import pytest

from orchestrator import asset, materialize
from orchestrator._core.errors import OrchestratorError
from orchestrator._core.execution.capture import DEFAULT_MAX_STEP_OUTPUT_BYTES, max_step_output_bytes


def stream_events(result: Any, kind: str) -> list[Any]:
    return [e for e in result.all_events if e.event_type.value == kind]


@asset
def loud() -> int:
    for _ in range(100):
        print("x" * 99)
    print("to stderr", file=sys.stderr)
    return 1


def test_output_past_the_cap_is_dropped_with_one_notice(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    monkeypatch.setenv("ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES", "250")

    result = materialize([loud])

    assert result.success
    kept, notice = stream_events(result, "STDOUT")
    assert kept.payload == {"text": ("x" * 99 + "\n") * 2 + "x" * 50}
    message = (
        "[9750 more bytes of stdout dropped: the step printed 10000 bytes, of which the first 250 are kept "
        "(ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES=250)]"
    )
    assert notice.message == message
    assert notice.level == 30
    assert notice.payload == {
        "text": message + "\n",
        "truncated": True,
        "dropped_bytes": 9750,
        "total_bytes": 10000,
        "max_bytes": 250,
    }
    [err] = stream_events(result, "STDERR")
    assert err.payload == {"text": "to stderr\n"}
    # The process's own stream gets the same bounded copy and the notice.
    assert capsys.readouterr().out == ("x" * 99 + "\n") * 2 + "x" * 50 + "\n" + message + "\n"


def test_output_within_the_cap_is_one_event_as_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES", "10000")

    result = materialize([loud])

    [kept] = stream_events(result, "STDOUT")
    assert kept.payload == {"text": ("x" * 99 + "\n") * 100}


@asset
def accented() -> None:
    print("é" * 10, end="")


def test_the_cap_counts_utf8_bytes_and_never_splits_a_character(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES", "7")

    result = materialize([accented])

    kept, notice = stream_events(result, "STDOUT")
    assert kept.payload == {"text": "ééé"}
    assert (notice.payload["dropped_bytes"], notice.payload["total_bytes"]) == (14, 20)


def test_the_default_cap_is_4_mib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES", raising=False)

    assert max_step_output_bytes() == DEFAULT_MAX_STEP_OUTPUT_BYTES == 4 * 1024 * 1024


@pytest.mark.parametrize("value", ["lots", "-1", "1.5"])
def test_a_bad_cap_fails_naming_the_variable(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES", value)

    with pytest.raises(OrchestratorError) as info:
        max_step_output_bytes()

    assert str(info.value) == f"ORCHESTRATOR_MAX_STEP_OUTPUT_BYTES={value!r} is not a whole number of bytes"
