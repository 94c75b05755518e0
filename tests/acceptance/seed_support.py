"""Plumbing shared by the acceptance tests: where the example lives, the fake API, the environment."""

import importlib.util
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_DIR = REPO_ROOT / "examples" / "seed_pipeline"
SEED_DOCUMENT = Path("/work/shared/seed/000_baf8b27ea6479361.txt")
FAKE_API_MODULE = "seed_acceptance_fake_api"


def load_fake_api_module() -> ModuleType:
    """``seed_pipeline/fake_api.py`` loaded on its own, without importing the package.

    Importing ``seed_pipeline.fake_api`` would run ``seed_pipeline/__init__.py`` and build
    ``defs`` from whatever the environment holds at that moment.
    """
    spec = importlib.util.spec_from_file_location(
        FAKE_API_MODULE, EXAMPLE_DIR / "seed_pipeline" / "fake_api.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class FakeApi:
    """A running fake API server and its base URL."""

    server: ThreadingHTTPServer
    base_url: str

    def stop(self) -> None:
        """Stop serving and close the socket, so later requests fail at once."""
        self.server.shutdown()
        self.server.server_close()


@dataclass
class SeedEnv:
    """Where the example reads and writes during one test."""

    home: Path
    database_path: Path
    database_url: str
    incoming_dir: Path
    api_url: str
