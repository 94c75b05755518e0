"""Fixtures for the acceptance tests of the seed pipeline.

Every test gets its own fake API server, its own folders and database under ``tmp_path``,
and a freshly imported ``seed_pipeline`` package (``defs`` reads the environment when the
package is imported).
"""

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from seed_support import EXAMPLE_DIR, FakeApi, SeedEnv, load_fake_api_module

PACKAGE_PREFIXES = ("seed_pipeline", "my_pipeline")

if str(EXAMPLE_DIR) not in sys.path:
    sys.path.insert(0, str(EXAMPLE_DIR))


def _drop_packages() -> None:
    for name in list(sys.modules):
        if any(name == prefix or name.startswith(f"{prefix}.") for prefix in PACKAGE_PREFIXES):
            del sys.modules[name]


@pytest.fixture(autouse=True)
def fresh_packages() -> Iterator[None]:
    """Forget ``seed_pipeline`` and ``my_pipeline`` modules before and after each test."""
    _drop_packages()
    yield
    _drop_packages()


@pytest.fixture(scope="session")
def fake_api_module() -> ModuleType:
    """The fake API module (its data: ``USERS``, ``ORDERS``, ``events_for``)."""
    return load_fake_api_module()


@pytest.fixture
def fake_api(fake_api_module: ModuleType) -> Iterator[FakeApi]:
    """The example's fake API, served in a thread on a free port."""
    server, base_url = fake_api_module.serve_in_thread(port=0)
    api = FakeApi(server, base_url)
    try:
        yield api
    finally:
        api.stop()


@pytest.fixture
def seed_env(tmp_path: Path, fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> SeedEnv:
    """Point ``SEED_*`` and ``ORCHESTRATOR_HOME`` into ``tmp_path`` and at the fake API."""
    database_path = tmp_path / "warehouse" / "seed.db"
    database_path.parent.mkdir(parents=True)
    env = SeedEnv(
        home=tmp_path / "home",
        database_path=database_path,
        database_url=f"sqlite:///{database_path}",
        incoming_dir=tmp_path / "incoming",
        api_url=fake_api.base_url,
    )
    monkeypatch.setenv("ORCHESTRATOR_HOME", str(env.home))
    monkeypatch.setenv("SEED_API_URL", env.api_url)
    monkeypatch.setenv("SEED_DATABASE_URL", env.database_url)
    monkeypatch.setenv("SEED_INCOMING_DIR", str(env.incoming_dir))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return env


@pytest.fixture
def seed_pipeline(seed_env: SeedEnv) -> ModuleType:
    """The example package, imported after the environment is set."""
    return importlib.import_module("seed_pipeline")
