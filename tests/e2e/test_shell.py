"""Signing in, the frame of every page, and deep links."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.support import UiStack, log_in, screenshot


def test_a_signed_out_user_is_sent_to_login_and_back(page: Page, ui_stack: UiStack):
    page.goto("/runs")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fruns$"))
    log_in_form = page.get_by_role("button", name="Sign in")
    page.get_by_label("Username").fill(ui_stack.admin.username)
    page.get_by_label("Password").fill("wrong-password")
    log_in_form.click()
    expect(page.get_by_role("alert")).to_contain_text("Sign-in failed")
    screenshot(page, "login")
    page.get_by_label("Password").fill(ui_stack.admin.password)
    log_in_form.click()
    expect(page).to_have_url(re.compile(r"/runs$"))
    expect(page.get_by_test_id("current-user")).to_have_text("admin · admin")


def test_deep_links_survive_a_reload(page: Page, ui_stack: UiStack):
    log_in(page, ui_stack.admin, "/locations")
    page.reload()
    expect(page).to_have_url(re.compile(r"/locations$"))
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Code locations")
    ).to_have_attribute("aria-current", "page")


def test_an_unknown_page_says_so(admin_page: Page):
    admin_page.goto("/no/such/page")
    expect(admin_page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_theme_switches_and_is_remembered(admin_page: Page):
    html = admin_page.locator("html")
    before = html.get_attribute("data-theme")
    admin_page.get_by_role("button", name=re.compile("Switch to the")).click()
    after = html.get_attribute("data-theme")
    assert {before, after} == {"light", "dark"}
    admin_page.reload()
    expect(html).to_have_attribute("data-theme", after or "")
