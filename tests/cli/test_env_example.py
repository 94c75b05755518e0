""".env.example documents every environment variable the server reads, with working defaults."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILES = [ROOT / "orchestrator_site" / "settings.py", ROOT / "orchestrator_site" / "env.py"]


def documented() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if line and not line.startswith("#")]
    return {name: value for name, value in pairs}


def test_every_setting_read_from_the_environment_is_documented() -> None:
    read = {
        name
        for path in SETTINGS_FILES
        for name in re.findall(r"env_(?:str|bool|float|int)\(\s*\"([A-Z0-9_]+)\"", path.read_text())
    }

    assert read, "no settings found"
    assert read <= set(documented()), sorted(read - set(documented()))


def test_documented_values_are_accepted_by_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from orchestrator_site import env

    for name, value in documented().items():
        monkeypatch.setenv(name, value)
    assert env.env_bool("DEBUG") is False
    assert env.env_bool("CELERY_TASK_ALWAYS_EAGER") is False
    for name in [n for n in documented() if n.endswith("_SECONDS")]:
        assert env.env_float(name, 0.0) > 0
