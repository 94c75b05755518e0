"""axe-core on every page, in the light and the dark theme: no violation of impact serious or critical.

axe is injected into the page as a script; the index page's Content-Security-Policy forbids that, so
these tests' browser contexts bypass CSP (nothing else differs). The theme is chosen as a user's
stored choice (``localStorage['orchestrator.theme']``) before the app starts.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.e2e.conftest import VIEWPORT
from tests.e2e.support import ROOT, UiStack, log_in
from tests.fixtures.stack import wait_until

AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
THEMES = ("light", "dark")
FAILING_IMPACTS = ("serious", "critical")

# A page is ready for axe when nothing says "Loading…" and its own marker (if any) is there.
SETTLED = """(marker) => {
  if (!document.querySelector('main h1, h1')) return false;
  if (marker && !document.querySelector(marker)) return false;
  return ![...document.querySelectorAll('[role=status]')].some((el) => /^\\s*Loading/.test(el.textContent || ''));
}"""


@pytest.fixture(scope="module")
def finished_run(ui_stack: UiStack) -> str:
    """A run of the seed example's revenue_by_user and its upstreams: the run page and the asset page
    have events, steps and a materialization to show."""
    with ui_stack.api() as client:
        created = client.post(
            "/api/runs/", json={"selection": ["raw_users", "raw_orders", "revenue_by_user"]}
        )
        assert created.status_code == 201, created.text
        run_id = str(created.json()["id"])

        def finished() -> bool:
            return client.get(f"/api/runs/{run_id}/").json()["status"] in ("SUCCESS", "FAILURE")

        wait_until(finished, timeout=120, what="the run to finish")
    return run_id


@pytest.fixture(params=THEMES)
def theme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def a11y_context(browser: Browser, ui_stack: UiStack, theme: str) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=ui_stack.base_url, viewport=VIEWPORT, bypass_csp=True)
    context.add_init_script(f"window.localStorage.setItem('orchestrator.theme', '{theme}')")
    yield context
    context.close()


@pytest.fixture
def a11y_page(a11y_context: BrowserContext) -> Iterator[Page]:
    page = a11y_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"uncaught errors in the page: {errors}"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result: list[dict[str, Any]] = page.evaluate(
        """async () => {
          const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
          return violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary, html: n.html })),
          }));
        }"""
    )
    return result


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:10]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
            lines.append(f"        {node['html'][:160]}")
            for reason in (node["summary"] or "").splitlines()[:4]:
                lines.append(f"        {reason}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more nodes")
    return "\n".join(lines)


def check(page: Page, theme: str, marker: str | None = None) -> None:
    page.wait_for_function(SETTLED, arg=marker, timeout=30_000)
    page.wait_for_timeout(300)  # transitions and late layout
    assert page.locator("html").get_attribute("data-theme") == theme
    violations = axe_violations(page)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    minor = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if minor:
        print(f"\n{page.url} ({theme}), minor or moderate:\n{describe(minor)}")
    assert not failing, f"axe on {page.url} in the {theme} theme:\n{describe(failing)}"


# (name, path, marker): the path may name the run with {run_id}.
PAGES: list[tuple[str, Callable[[str], str], str | None]] = [
    ("catalog", lambda _: "/assets", None),
    ("lineage", lambda _: "/lineage", None),
    ("asset", lambda _: "/assets/revenue_by_user", None),
    ("runs", lambda _: "/runs", None),
    ("run", lambda run_id: f"/runs/{run_id}", None),
    ("launchpad", lambda _: "/launchpad", None),
    ("locations", lambda _: "/locations", None),
]


@pytest.mark.parametrize(("name", "path", "marker"), PAGES, ids=[p[0] for p in PAGES])
def test_page_has_no_serious_axe_violation(
    a11y_page: Page,
    theme: str,
    ui_stack: UiStack,
    finished_run: str,
    name: str,
    path: Callable[[str], str],
    marker: str | None,
):
    log_in(a11y_page, ui_stack.admin, path(finished_run))
    check(a11y_page, theme, marker)


def test_login_page_has_no_serious_axe_violation(a11y_page: Page, theme: str):
    a11y_page.goto("/login")
    a11y_page.get_by_label("Username").wait_for()
    check(a11y_page, theme)
