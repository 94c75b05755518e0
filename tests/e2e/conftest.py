"""Browser tests: Debian's Chromium, driven by Playwright, against a live ``orchestrator dev``
(web, a prefork worker and the daemon) on the seed example plus ``ui_project``'s assets.

One stack serves the whole session; each test gets a fresh browser context (its own cookies).
Helpers (signing in, screenshots for ``docs/screenshots/``) are in ``support.py``.
"""

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.e2e.support import ROOT, Account, UiStack, log_in
from tests.fixtures.dev import start_dev, stop_dev
from tests.fixtures.stack import free_port, wait_until

pytestmark = pytest.mark.integration

PROJECT = Path(__file__).with_name("ui_project.py")
BUNDLE_INDEX = ROOT / "orchestrator_site" / "webui" / "dist" / "index.html"
CHROMIUM = os.environ.get("ORCHESTRATOR_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1440, "height": 900}


@pytest.fixture(scope="session")
def ui_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiStack]:
    if not BUNDLE_INDEX.exists():
        pytest.fail("the UI bundle is not built: run `make ui`")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make browser`")
    home = tmp_path_factory.mktemp("ui") / "home"
    api_port = free_port()
    fake_api = subprocess.Popen(
        [sys.executable, "-m", "seed_pipeline.fake_api", "--port", str(api_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    dev = start_dev(home, PROJECT, env={"SEED_API_URL": f"http://127.0.0.1:{api_port}"})
    try:
        password = dev.wait_for_output(r"password: (\S+)").group(1)
        viewer = Account("viewer", secrets.token_urlsafe(12))
        created = dev.cli(
            "user", "create", viewer.username, "--role", "viewer", "--password", viewer.password
        )
        assert created.returncode == 0, created.stderr
        stack = UiStack(dev=dev, admin=Account("admin", password), viewer=viewer)
        with stack.api() as client:
            wait_until(lambda: _location_loaded(client), timeout=120, what="the code location to load")
        yield stack
    finally:
        stop_dev(dev)
        fake_api.kill()


def _location_loaded(client: httpx.Client) -> bool:
    locations = client.get("/api/code-locations/").json()
    rows = locations.get("results", locations) if isinstance(locations, dict) else locations
    return any(row.get("status") == "LOADED" for row in rows)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, ui_stack: UiStack) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=ui_stack.base_url, viewport=VIEWPORT)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def admin_page(page: Page, ui_stack: UiStack) -> Page:
    log_in(page, ui_stack.admin)
    return page


@pytest.fixture
def viewer_page(page: Page, ui_stack: UiStack) -> Page:
    log_in(page, ui_stack.viewer)
    return page
