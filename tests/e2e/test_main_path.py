"""The path a new user takes: the seed example's lineage graph, materializing ``revenue_by_user``
from it, its run streaming to SUCCESS, and its asset page with the new materialization and plots;
then a failing asset's traceback and user text shown as text."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.support import UiStack, screenshot

RUN_URL = re.compile(r"/runs/[0-9a-f-]{36}$")


def run_id_of(page: Page) -> str:
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def test_materialize_from_the_graph_then_see_it_on_the_asset_page(admin_page: Page, ui_stack: UiStack):
    page = admin_page
    page.goto("/lineage")
    graph = page.get_by_role("group", name="Asset lineage graph")
    for name in ("raw_users", "raw_orders", "revenue_by_user", "dim_users"):
        expect(graph.locator(".lineage-node-name", has_text=re.compile(f"^{name}$"))).to_be_visible()
    expect(graph.locator(".react-flow__edge").first).to_be_attached()
    screenshot(page, "lineage")

    page.get_by_role("textbox", name="Selection").fill("+revenue_by_user")
    page.get_by_role("textbox", name="Selection").press("Enter")
    expect(page.get_by_test_id("lineage-selection-count")).to_have_text("3 selected")
    page.get_by_role("button", name="Materialize selected (3)").click()

    page.wait_for_url(RUN_URL)
    run_id = run_id_of(page)
    expect(page.get_by_test_id("run-status")).to_have_text("success", timeout=120_000)
    log = page.get_by_test_id("event-log")
    expect(log).to_contain_text("revenue_by_user")
    expect(log.get_by_test_id("event-row").filter(has_text="RUN_SUCCESS")).to_have_count(1)
    expect(page.get_by_test_id("gantt-bar-revenue_by_user")).to_be_visible()
    screenshot(page, "run")

    page.goto("/assets/revenue_by_user")
    expect(page.get_by_role("heading", name="revenue_by_user")).to_be_visible()
    latest = page.get_by_role("region", name="Latest materialization")
    expect(latest.get_by_role("link", name=run_id[:8])).to_have_attribute("href", f"/runs/{run_id}")
    expect(latest.get_by_role("row", name="row_count int 3", exact=True)).to_be_visible()
    screenshot(page, "asset")

    page.get_by_role("tab", name="Plots").click()
    expect(page).to_have_url(re.compile(r"/assets/revenue_by_user\?tab=plots$"))
    expect(page.get_by_role("region", name="row_count", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Step duration (s)")).to_be_visible()
    screenshot(page, "asset-plots")

    page.reload()
    expect(page.get_by_role("region", name="row_count", exact=True)).to_be_visible()

    page.get_by_role("tab", name="Lineage").click()
    local = page.get_by_role("group", name="Lineage of revenue_by_user")
    for name in ("raw_users", "raw_orders", "revenue_by_user"):
        expect(local.get_by_text(name, exact=True)).to_be_visible()
    expect(local.get_by_text("dim_users", exact=True)).to_have_count(0)
    screenshot(page, "asset-lineage")


def test_a_failing_asset_shows_its_traceback(admin_page: Page):
    page = admin_page
    page.goto("/assets/broken_report")
    page.get_by_role("button", name="Materialize").click()
    page.wait_for_url(RUN_URL)
    expect(page.get_by_test_id("run-status")).to_have_text("failure", timeout=120_000)
    failure = page.get_by_test_id("run-failure")
    expect(failure).to_contain_text("broken_report")
    traceback = page.get_by_test_id("run-traceback")
    expect(traceback).to_contain_text("RuntimeError: the report source is unreachable")
    expect(traceback).to_contain_text("ui_project.py")
    screenshot(page, "run-failure")


def test_user_text_is_shown_as_text(admin_page: Page):
    page = admin_page
    page.goto("/assets/hostile_description")
    expect(page.get_by_text("<script>window.__xss = 1</script><b>bold?</b>").first).to_be_visible()
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("main b", has_text="bold?").count() == 0


def test_the_catalog_finds_and_materializes_assets(admin_page: Page, ui_stack: UiStack):
    page = admin_page
    page.goto("/assets")
    rows = page.get_by_role("grid", name="Assets").get_by_role("row")
    expect(rows.filter(has_text="revenue_by_user")).to_have_count(1)
    screenshot(page, "catalog")

    page.get_by_role("searchbox", name="Search assets by key or description").fill("raw")
    expect(page).to_have_url(re.compile(r"[?&]q=raw"))
    expect(rows.filter(has_text="revenue_by_user")).to_have_count(0)
    expect(rows.filter(has_text="raw_users")).to_have_count(1)

    page.reload()
    expect(rows.filter(has_text="raw_users")).to_have_count(1)
    expect(rows.filter(has_text="revenue_by_user")).to_have_count(0)

    page.get_by_role("checkbox", name="Select raw_users").check()
    page.get_by_role("button", name="Materialize selected (1)").click()
    page.wait_for_url(RUN_URL)
    with ui_stack.api() as client:
        run = client.get(f"/api/runs/{run_id_of(page)}/").json()
    assert run["asset_selection"] == ["raw_users"]


def test_the_runs_list_filters_by_status(admin_page: Page, ui_stack: UiStack):
    page = admin_page
    with ui_stack.api() as client:
        client.post("/api/runs/", json={"selection": ["broken_report"]}).raise_for_status()
    page.goto("/runs")
    expect(page.get_by_test_id("run-row").first).to_be_visible()
    screenshot(page, "runs")
    page.get_by_role("button", name="Failure").click()
    expect(page).to_have_url(re.compile(r"status=FAILURE"))
    rows = page.get_by_test_id("run-row")
    expect(rows.first).to_be_visible(timeout=60_000)
    for status in rows.evaluate_all("rows => rows.map(r => r.dataset.status)"):
        assert status == "FAILURE"


def test_a_viewer_can_browse_but_not_launch(viewer_page: Page):
    page = viewer_page
    page.goto("/lineage")
    expect(page.get_by_role("group", name="Asset lineage graph")).to_be_visible()
    expect(page.get_by_role("button", name="Materialize all")).to_have_count(0)
    page.goto("/assets/revenue_by_user")
    expect(page.get_by_role("heading", name="revenue_by_user")).to_be_visible()
    expect(page.get_by_role("button", name="Materialize")).to_have_count(0)
