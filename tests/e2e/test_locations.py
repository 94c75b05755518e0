"""The code locations page in Chromium: status and counts, reload (admins only), and the user's
traceback of a location that does not load (a separate ``orchestrator dev`` on a broken file)."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import VIEWPORT
from tests.e2e.support import Account, UiStack, log_in, screenshot
from tests.fixtures.dev import DevStack, start_dev, stop_dev
from tests.fixtures.stack import wait_until


def test_the_location_shows_loaded_with_its_counts(admin_page: Page, ui_stack: UiStack):
    with ui_stack.api() as client:
        [location] = [
            row for row in client.get("/api/code-locations/").json()["results"] if row["name"] == "ui_project"
        ]
    page = admin_page
    page.goto("/locations")
    card = page.get_by_test_id("location-ui_project")
    expect(card.get_by_text("Loaded", exact=True)).to_be_visible()
    assets = card.get_by_role("link", name=f"{location['counts']['assets']} assets")
    expect(assets).to_have_attribute("href", "/assets?location=ui_project")
    expect(card).to_contain_text(f"{location['counts']['jobs']} jobs")
    expect(card).to_contain_text(f"{location['counts']['schedules']} schedules")
    expect(card).to_contain_text(f"{location['counts']['sensors']} sensors")
    expect(card).to_contain_text("ui_project.py")
    screenshot(page, "locations")


def test_an_admin_reloads_the_location(admin_page: Page, ui_stack: UiStack):
    with ui_stack.api() as client:
        before = client.get("/api/code-locations/ui_project/").json()["loaded_at"]
    page = admin_page
    page.goto("/locations")
    card = page.get_by_test_id("location-ui_project")
    card.get_by_role("button", name="Reload ui_project").click()
    expect(card.get_by_text(re.compile(r"^Reloaded: \d+ assets"))).to_be_visible(timeout=90_000)
    expect(card.get_by_text("Loaded", exact=True)).to_be_visible()
    with ui_stack.api() as client:
        assert client.get("/api/code-locations/ui_project/").json()["loaded_at"] != before


def test_a_viewer_sees_no_reload_button(viewer_page: Page):
    page = viewer_page
    page.goto("/locations")
    expect(page.get_by_test_id("location-ui_project")).to_be_visible()
    expect(page.get_by_text("Reloading a code location needs the admin role.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Reload"))).to_have_count(0)


@pytest.fixture(scope="module")
def broken_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DevStack, Account]]:
    root = tmp_path_factory.mktemp("broken")
    broken = root / "broken_project.py"
    broken.write_text("from orchestrator import asset\n\n\n@asset\ndef oops(:\n    return 1\n")
    stack = start_dev(root / "home", Path(broken))
    try:
        password = stack.wait_for_output(r"password: (\S+)").group(1)
        yield stack, Account("admin", password)
    finally:
        stop_dev(stack)


def test_a_broken_location_shows_its_error_and_traceback(
    browser: Browser, broken_stack: tuple[DevStack, Account]
):
    stack, admin = broken_stack

    def reported() -> bool:
        import httpx

        rows = httpx.get(
            f"{stack.base_url}/api/code-locations/", headers=stack.token("admin"), timeout=10
        ).json()
        return any(row["status"] == "ERROR" for row in rows["results"])

    wait_until(reported, timeout=60, what="the broken location to be reported")
    context = browser.new_context(base_url=stack.base_url, viewport=VIEWPORT)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        log_in(page, admin, "/locations")
        card = page.get_by_test_id("location-broken_project")
        expect(card.get_by_text("Failed to load")).to_be_visible()
        expect(card.get_by_role("alert")).to_contain_text("SyntaxError")
        traceback = card.get_by_test_id("location-traceback")
        expect(traceback).to_contain_text("def oops(:")
        expect(traceback).to_contain_text("broken_project.py")
        assert traceback.evaluate("el => el.tagName") == "PRE"
        expect(page.get_by_text("1 failed to load")).to_be_visible()
        screenshot(page, "locations-error")
        assert not errors, f"uncaught errors in the page: {errors}"
    finally:
        context.close()
