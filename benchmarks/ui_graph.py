"""The global lineage graph (``/lineage``) at 2,000 and 10,000 assets: time to interactive, and frame
rate while panning.

Run with ``.venv/bin/python benchmarks/ui_graph.py`` after ``make ui`` (see ``ui_support.py`` for the
stack: ``projects/large_project.py``, ten groups, half of the assets materialized, a failed run).
Above 500 assets the page opens with its groups collapsed, so each try (a fresh signed-in browser
context) measures both views, from the navigation's start:

- opened: the graph's nodes (``.react-flow__node``) are drawn and the layout overlay
  (``.lineage-status-overlay``, "Laying out…") is gone: the collapsed groups;
- expanded: then "Expand all" is clicked; interactive is when every asset node is laid out (no
  overlay, ``.react-flow__node-asset`` drawn) and a click on one has selected it
  (``.react-flow__node-asset.selected``). Printed as the time since the click on "Expand all" and
  since the navigation's start;
- pan: the mouse drags the canvas back and forth for 2 s (one move per 16 ms) while the page counts
  its animation frames: frames per second and the longest frame, on the expanded graph (fitted
  to the window, as it opens).

The figure printed is the median of three tries. Targets (the issue's): 2,000 assets interactive
≤ 1 s, 10,000 ≤ 3 s, panning ≥ 30 fps. ``--profile`` adds a try before them, not counted, that prints the
page's requests until it opened and where its main thread spent the time while expanding and panning.
"""

import argparse
from functools import partial

from playwright.sync_api import Page
from ui_support import (
    TRIES,
    bench_stack,
    browser,
    cpu_profile,
    drag,
    measure_frames,
    navigate_until,
    print_timeline,
    report,
    seed_history,
    signed_in_page,
    until_after,
)

NO_OVERLAY = "!document.querySelector('.lineage-status-overlay')"
OPENED = f"document.querySelector('.react-flow__node') && {NO_OVERLAY}"
EXPANDED = f"document.querySelector('.react-flow__node-asset') && {NO_OVERLAY}"
SELECTED = "document.querySelector('.react-flow__node-asset.selected')"
TARGETS = {2000: 1000.0, 10_000: 3000.0}


def pan(page: Page) -> dict[str, float]:
    box = page.locator(".react-flow__pane").bounding_box()
    assert box is not None
    start = (box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
    return measure_frames(page, lambda: drag(page, start, seconds=2.0))


def click_an_asset(page: Page) -> None:
    """Clicks the asset node nearest the canvas's centre, off its name link (which opens the asset)."""
    index = page.evaluate(
        """() => {
          const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
          const cx = pane.x + pane.width / 2, cy = pane.y + pane.height / 2;
          let best = 0, bestDistance = Infinity;
          document.querySelectorAll('.react-flow__node-asset').forEach((node, i) => {
            const r = node.getBoundingClientRect();
            if (r.width < 4 || r.right < pane.left || r.left > pane.right || r.bottom < pane.top || r.top > pane.bottom) return;
            const d = Math.hypot(r.x + r.width / 2 - cx, r.y + r.height / 2 - cy);
            if (d < bestDistance) { bestDistance = d; best = i; }
          });
          return best;
        }"""
    )
    node = page.locator(".react-flow__node-asset").nth(index)
    box = node.bounding_box()
    assert box is not None
    # the lower right corner: status and partition counts, not the link
    page.mouse.click(box["x"] + box["width"] * 0.85, box["y"] + box["height"] * 0.8)


def profile_try(page: Page, count: int) -> None:
    """Where the time goes: the requests until the graph opened, the main thread while expanding
    every group and while panning. Not counted in the figures (the profiler slows the page)."""
    navigate_until(page, "/lineage", OPENED, timeout=120_000)
    print_timeline(page, f"graph {count} assets, until opened")
    button = page.get_by_role("button", name="Expand all")
    print(f"# graph {count} assets: expand all")
    cpu_profile(page, partial(until_after, page, button.click, EXPANDED, timeout=300_000))
    print(f"# graph {count} assets: panning the expanded graph")
    cpu_profile(page, partial(pan, page))


def measure(count: int, tries: int, *, profile: bool = False) -> None:
    with bench_stack(count, log_lines=0) as stack:
        seed_history(stack)
        opened, expanded_after_click, expanded_total, fps, longest, drawn = [], [], [], [], [], []
        with browser() as chromium:
            if profile:
                with signed_in_page(chromium, stack) as page:
                    profile_try(page, count)
            for _ in range(tries):
                with signed_in_page(chromium, stack) as page:
                    opened.append(navigate_until(page, "/lineage", OPENED, timeout=120_000))
                    button = page.get_by_role("button", name="Expand all")
                    clicked = float(page.evaluate("performance.now()"))
                    until_after(page, button.click, EXPANDED, timeout=300_000)
                    selected = until_after(page, lambda: click_an_asset(page), SELECTED, timeout=60_000)
                    expanded_after_click.append(selected - clicked)
                    expanded_total.append(opened[-1] + (selected - clicked))
                    drawn.append(page.locator(".react-flow__node").count())
                    frames = pan(page)
                    fps.append(frames["fps"])
                    longest.append(frames["longest_ms"])
        print(f"# {count} assets: {drawn[-1]} nodes in the document after expanding (visible ones only)")
        target = TARGETS.get(count)
        report(f"graph {count:>6} assets: opened (groups collapsed)", opened, unit="ms", target=target)
        report(f"graph {count:>6} assets: expand all → node selected", expanded_after_click, unit="ms")
        report(
            f"graph {count:>6} assets: interactive, expanded (open + expand)",
            expanded_total,
            unit="ms",
            target=target,
        )
        report(
            f"graph {count:>6} assets: pan frame rate (expanded)", fps, unit="fps", target=30, at_most=False
        )
        report(f"graph {count:>6} assets: longest frame while panning", longest, unit="ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, nargs="+", default=[2000, 10_000])
    parser.add_argument("--tries", type=int, default=TRIES)
    parser.add_argument(
        "--profile", action="store_true", help="print the first try's requests and CPU profiles"
    )
    args = parser.parse_args()
    for count in args.assets:
        measure(count, args.tries, profile=args.profile)


if __name__ == "__main__":
    main()
