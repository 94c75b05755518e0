"""The launchpad in Chromium: a run-config error from the server lands on its field in the editor, a
fixed config launches and lands on the run's page, a partition is launched, and a viewer cannot launch."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.support import UiStack, screenshot

ERROR_PATH = "run_config.ops.scaled_numbers.config.factor"


def open_launchpad(page: Page, query: str) -> None:
    page.goto(f"/launchpad?{query}")
    expect(page.get_by_role("heading", name="Launchpad")).to_be_visible()
    expect(page.locator(".cm-content")).to_be_visible()


def test_a_config_error_is_shown_on_its_field_and_a_fixed_config_launches(
    admin_page: Page, ui_stack: UiStack
):
    page = admin_page
    open_launchpad(page, "assets=scaled_numbers")
    expect(page.get_by_text("ops.scaled_numbers.config", exact=True)).to_be_visible()

    page.get_by_role("button", name="Launch run").click()

    errors = page.get_by_test_id("launch-errors")
    server_error = errors.locator("li", has=page.locator(".launchpad-error-source", has_text="server"))
    expect(server_error).to_contain_text(ERROR_PATH)
    expect(server_error).to_contain_text("'factor' is a required property")
    # In the editor, where the field belongs (the start of the still empty document): a mark
    # and the message written on the line.
    expect(
        page.locator(".cm-content").locator(".cm-lintRange-error, .cm-lintPoint-error").first
    ).to_be_attached()
    expect(page.locator(".cm-content .cm-inline-error").first).to_contain_text("factor")
    expect(page).to_have_url(re.compile(r"/launchpad\?assets=scaled_numbers$"))
    screenshot(page, "launchpad-error")

    editor = page.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("ops: {scaled_numbers: {config: {factor: 3}}}")
    page.keyboard.press("Escape")
    expect(editor).to_have_text("ops: {scaled_numbers: {config: {factor: 3}}}")
    expect(page.get_by_text("No errors found here", exact=False)).to_be_visible()

    page.get_by_role("button", name="Launch run").click()
    page.wait_for_url(re.compile(r"/runs/[^/?]+$"))
    run_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    with ui_stack.api() as client:
        run = client.get(f"/api/runs/{run_id}/").json()
    assert run["asset_selection"] == ["scaled_numbers"]
    assert run["run_config"] == {"ops": {"scaled_numbers": {"config": {"factor": 3}}}}


def test_completion_offers_the_schema_keys_at_the_cursor(admin_page: Page):
    page = admin_page
    open_launchpad(page, "assets=scaled_numbers")
    expect(page.get_by_text("ops.scaled_numbers.config", exact=True)).to_be_visible()
    editor = page.locator(".cm-content")
    editor.click()
    page.keyboard.type("ops:\n")
    options = page.locator(".cm-tooltip-autocomplete li")
    for key, written in (("scaled_numbers", "scaled_numbers:"), ("config", "config:")):
        page.keyboard.press("Control+Space")
        expect(options.first).to_contain_text(key)
        page.wait_for_timeout(150)  # CodeMirror ignores Enter for 75 ms after the list opens
        page.keyboard.press("Enter")
        expect(editor).to_contain_text(written)
    page.keyboard.press("Control+Space")
    expect(options.first).to_contain_text("factor")
    expect(options.first).to_contain_text("integer · required")
    expect(options.nth(1)).to_contain_text("label")
    screenshot(page, "launchpad")


def test_a_partition_is_launched(admin_page: Page, ui_stack: UiStack):
    page = admin_page
    open_launchpad(page, "assets=daily_events&partition=2026-01-02")
    expect(page.get_by_label("Partition key")).to_have_value("2026-01-02")
    page.get_by_label("Partition key").fill("1999-01-01")
    page.get_by_role("button", name="Launch run").click()
    expect(page.locator(".launchpad-partitions [role=alert]").first).to_contain_text("1999-01-01")
    page.get_by_label("Partition key").fill("2026-01-02")
    page.get_by_role("button", name="Launch run").click()
    page.wait_for_url(re.compile(r"/runs/[^/?]+$"))
    run_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    with ui_stack.api() as client:
        run = client.get(f"/api/runs/{run_id}/").json()
    assert run["partition_key"] == "2026-01-02"


def test_a_viewer_sees_no_launch_button(viewer_page: Page):
    page = viewer_page
    open_launchpad(page, "assets=scaled_numbers")
    expect(page.get_by_role("note")).to_contain_text("launching needs the launcher role")
    expect(page.get_by_role("button", name="Launch run")).to_have_count(0)
