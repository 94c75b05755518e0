"""What the UI benchmarks share: a live ``orchestrator dev`` on the large project, its history, a
signed-in Chromium page, frame counting, and printing a median beside its target.

The stack is the one a user runs (``orchestrator dev -f benchmarks/projects/large_project.py``: web, a
worker, the daemon, SQLite) under a temporary ``ORCHESTRATOR_HOME``. History is made through the
API, executed by the real worker: a run over about half of the unpartitioned assets, a run of an
asset that fails. The browser is Debian's Chromium with the flags of the browser tests.
"""

import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "projects"))

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT  # noqa: E402
from tests.e2e.support import Account, log_in  # noqa: E402
from tests.fixtures.dev import DevStack, start_dev, stop_dev  # noqa: E402
from tests.fixtures.stack import wait_until  # noqa: E402

PROJECT = ROOT / "benchmarks" / "projects" / "large_project.py"
BUNDLE_INDEX = ROOT / "orchestrator_site" / "webui" / "dist" / "index.html"
TRIES = 3


@dataclass
class BenchStack:
    dev: DevStack
    admin: Account
    assets: int
    headers: dict[str, str]

    @property
    def base_url(self) -> str:
        return self.dev.base_url

    def api(self, timeout: float = 120) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, headers=self.headers, timeout=timeout)

    def launch(self, body: dict[str, Any]) -> str:
        with self.api() as client:
            response = client.post("/api/runs/", json=body)
            assert response.status_code == 201, response.text[:2000]
            return str(response.json()["id"])

    def wait_finished(self, run_id: str, timeout: float = 900) -> dict[str, Any]:
        with self.api() as client:

            def finished() -> dict[str, Any] | None:
                run = client.get(f"/api/runs/{run_id}/").json()
                return run if run["status"] in ("SUCCESS", "FAILURE", "CANCELED") else None

            result: dict[str, Any] = wait_until(finished, timeout=timeout, what=f"run {run_id}", poll=0.5)
            return result


@contextlib.contextmanager
def bench_stack(assets: int, *, log_lines: int = 100_000) -> Iterator[BenchStack]:
    """``orchestrator dev`` on the large project with ``assets`` assets, once its location is loaded."""
    if not BUNDLE_INDEX.exists():
        raise SystemExit("the UI bundle is not built: run `make ui`")
    home = Path(tempfile.mkdtemp(prefix="orchestrator-bench-ui-")) / "home"
    home.mkdir()
    pinned = pin_site(home.parent / "pinned")
    started = time.perf_counter()
    dev = start_dev(
        home,
        PROJECT,
        env={
            "ORCHESTRATOR_BENCH_ASSETS": str(assets),
            "ORCHESTRATOR_BENCH_LOG_LINES": str(log_lines),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(pinned), os.environ.get("PYTHONPATH")])),
        },
    )
    try:
        password = dev.wait_for_output(r"password: (\S+)").group(1)
        stack = BenchStack(
            dev=dev, admin=Account("admin", password), assets=assets, headers=dev.token("admin")
        )
        with stack.api() as client:
            wait_until(
                lambda: _location_loaded(client), timeout=600, what="the code location to load", poll=0.5
            )
        served = httpx.get(f"{stack.base_url}/assets").text
        assert served == (pinned / "orchestrator_site" / "webui" / "dist" / "index.html").read_text(), (
            "not the pinned UI"
        )
        print(f"# orchestrator dev on {assets} assets: loaded in {time.perf_counter() - started:.1f} s")
        yield stack
    finally:
        stop_dev(dev)
        shutil.rmtree(home.parent, ignore_errors=True)


def pin_site(target: Path) -> Path:
    """A copy of ``orchestrator_site`` (the Django site and the built UI) for the server to import,
    so a rebuild of the UI while a benchmark runs does not change what it measures.
    ``ORCHESTRATOR_BENCH_DIST`` names another build to serve (e.g. one built with ``--minify false``
    for readable profiles)."""
    site = target / "orchestrator_site"
    shutil.copytree(ROOT / "orchestrator_site", site, ignore=shutil.ignore_patterns("__pycache__"))
    other = os.environ.get("ORCHESTRATOR_BENCH_DIST")
    if other:
        shutil.rmtree(site / "webui" / "dist")
        shutil.copytree(other, site / "webui" / "dist")
    return target


def _location_loaded(client: httpx.Client) -> bool:
    rows = client.get("/api/code-locations/").json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    if any(row.get("status") == "ERROR" for row in rows):
        raise AssertionError(f"the code location failed to load: {rows}")
    return any(row.get("status") == "LOADED" for row in rows)


def seed_history(stack: BenchStack) -> None:
    """A successful run over about half of the unpartitioned assets, and a failed run."""
    from large_project import asset_plan

    plan = asset_plan(stack.assets)
    # A prefix of the plan is closed under dependencies (deps point to earlier assets).
    keys = [a.key_string for a in plan[: len(plan) // 2] if not a.partitioned]
    started = time.perf_counter()
    ok = stack.launch({"selection": keys, "tags": {"purpose": "benchmark"}})
    failed = stack.launch({"selection": ["bench_ops/flaky_export"]})
    runs = [stack.wait_finished(ok), stack.wait_finished(failed)]
    assert [r["status"] for r in runs] == ["SUCCESS", "FAILURE"], runs
    print(
        f"# history: {len(keys)} assets materialized in one run, one failed run: {time.perf_counter() - started:.1f} s"
    )


def chatty_run(stack: BenchStack) -> str:
    """The run of ``bench_ops/chatty_log``: its id, once finished (the creation time is printed)."""
    started = time.perf_counter()
    run_id = stack.launch({"selection": ["bench_ops/chatty_log"]})
    run = stack.wait_finished(run_id)
    assert run["status"] == "SUCCESS", run
    elapsed = time.perf_counter() - started
    with stack.api() as client:
        count, cursor = 0, 0
        while True:
            page = client.get(f"/api/runs/{run_id}/events/", params={"after": cursor, "limit": 5000}).json()
            count += len(page["events"])
            cursor = page["cursor"]
            if not page["has_more"]:
                break
    print(f"# run {run_id}: {count} events, created in {elapsed:.1f} s ({count / elapsed:,.0f} events/s)")
    return run_id


@contextlib.contextmanager
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@contextlib.contextmanager
def signed_in_page(chromium: Browser, stack: BenchStack) -> Iterator[Page]:
    """A fresh context (cold HTTP cache, as a first visit) with the admin signed in, at /runs."""
    context = chromium.new_context(base_url=stack.base_url, viewport=VIEWPORT)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        log_in(page, stack.admin, "/runs")
        yield page
        if errors:
            print(f"# uncaught errors in the page: {errors}")
    finally:
        context.close()


# Counts requestAnimationFrame callbacks (frames the page produced) until window.__frames.stop().
FRAME_COUNTER = """() => {
  const state = { count: 0, running: true, longest: 0, last: performance.now(), started: performance.now() };
  const tick = (now) => {
    if (!state.running) return;
    state.count += 1;
    state.longest = Math.max(state.longest, now - state.last);
    state.last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__frames = {
    stop: () => {
      state.running = false;
      const seconds = (performance.now() - state.started) / 1000;
      return { fps: state.count / seconds, longest_ms: state.longest, frames: state.count, seconds };
    },
  };
}"""


def measure_frames(page: Page, action: Callable[[], None]) -> dict[str, float]:
    """Frames per second (and the longest frame) while ``action`` runs."""
    page.evaluate(FRAME_COUNTER)
    action()
    result: dict[str, float] = page.evaluate("() => window.__frames.stop()")
    return result


def drag(
    page: Page, start: tuple[float, float], *, seconds: float = 2.0, dx: float = 600, dy: float = 240
) -> None:
    """Drags the mouse from ``start`` back and forth for ``seconds``, one move per 16 ms."""
    x, y = start
    page.mouse.move(x, y)
    page.mouse.down()
    steps = int(seconds / 0.016)
    for n in range(steps):
        phase = (n % 60) / 60
        sign = 1 if phase < 0.5 else -1
        x += sign * dx / 30
        y += sign * dy / 30
        page.mouse.move(x, y)
        page.wait_for_timeout(16)
    page.mouse.up()


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def report(
    label: str, values: Sequence[float], *, unit: str, target: float | None = None, at_most: bool = True
) -> None:
    """``label: median (tries) target … met/MISSED``."""
    value = median(values)
    tries = ", ".join(_fmt(v, unit) for v in values)
    line = f"{label:<52} {_fmt(value, unit):>10}   (tries: {tries})"
    if target is not None:
        met = value <= target if at_most else value >= target
        line += f"   target {'≤' if at_most else '≥'} {_fmt(target, unit)}: {'met' if met else 'MISSED'}"
    print(line, flush=True)


def _fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "fps":
        return f"{value:.1f} fps"
    if unit == "KB":
        return f"{value:.1f} KB"
    return f"{value:g} {unit}"


def _marking(condition: str, mark: str) -> str:
    """A predicate that, the first time ``condition`` holds, stores ``performance.now()`` as ``mark``."""
    return (
        f"() => {{ if (window.{mark} !== undefined) return true;"
        f" if ({condition}) {{ window.{mark} = performance.now(); return true; }} return false; }}"
    )


def navigate_until(page: Page, url: str, condition: str, *, timeout: float = 60_000) -> float:
    """Milliseconds from the navigation's start (the document's time origin) until ``condition``
    (a JavaScript expression) first holds, polled every animation frame."""
    page.goto(url, wait_until="commit")
    page.wait_for_function(_marking(condition, "__benchReady"), timeout=timeout, polling="raf")
    return float(page.evaluate("window.__benchReady"))


def until_after(page: Page, action: Callable[[], None], condition: str, *, timeout: float = 60_000) -> float:
    """Runs ``action`` (a click…), then the milliseconds since the navigation's start until ``condition`` holds."""
    page.evaluate("() => { delete window.__benchAfter; }")
    action()
    page.wait_for_function(_marking(condition, "__benchAfter"), timeout=timeout, polling="raf")
    return float(page.evaluate("window.__benchAfter"))


def scratch_dir() -> Path:
    path = Path(os.environ.get("ORCHESTRATOR_BENCH_OUT", tempfile.gettempdir())) / "orchestrator-bench-ui"
    path.mkdir(parents=True, exist_ok=True)
    return path


def print_timeline(page: Page, label: str) -> None:
    """The document's requests (start → end, ms since the navigation's start, size) and long tasks."""
    entries: list[dict[str, Any]] = page.evaluate(
        """() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
          .map((e) => ({ name: e.name.replace(location.origin, ''), start: e.startTime, end: e.responseEnd,
                         size: e.encodedBodySize || 0, ttfb: e.responseStart - e.requestStart }))"""
    )
    print(f"# {label}: requests (ms since navigation start)")
    for e in sorted(entries, key=lambda e: e["start"]):
        print(
            f"#   {e['start']:7.0f} → {e['end']:7.0f}  (server {e['ttfb']:6.0f})  "
            f"{e['size'] / 1024:8.1f} KiB  {e['name'][:90]}"
        )


def cpu_profile(page: Page, action: Callable[[], None], *, top: int = 15) -> None:
    """Samples the page's main thread while ``action`` runs; prints the functions with the most
    self time and with the most total time (itself and what it called), as name file:line:column."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    cdp.send("Profiler.start")
    action()
    profile = cdp.send("Profiler.stop")["profile"]
    cdp.detach()
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {child: n["id"] for n in profile["nodes"] for child in n.get("children", [])}

    def name(node_id: int) -> str:
        frame = nodes[node_id]["callFrame"]
        url = frame["url"].rsplit("/", 1)[-1]
        return f"{frame['functionName'] or '(anonymous)'}  {url}:{frame['lineNumber'] + 1}:{frame['columnNumber'] + 1}"

    self_us: dict[str, float] = {}
    total_us: dict[str, float] = {}
    for sample, delta in zip(profile.get("samples", []), profile.get("timeDeltas", []), strict=False):
        self_us[name(sample)] = self_us.get(name(sample), 0.0) + delta
        seen: set[str] = set()
        node: int | None = sample
        while node is not None:
            label = name(node)
            if label not in seen and nodes[node]["callFrame"]["url"]:
                seen.add(label)
                total_us[label] = total_us.get(label, 0.0) + delta
            node = parent.get(node)
    print(f"# CPU profile: {sum(self_us.values()) / 1000:.0f} ms sampled; self time:")
    for label, us in sorted(self_us.items(), key=lambda kv: kv[1], reverse=True)[:top]:
        print(f"#   {us / 1000:8.1f} ms  {label[:140]}")
    print("# total time (with callees), page scripts only:")
    for label, us in sorted(total_us.items(), key=lambda kv: kv[1], reverse=True)[:top]:
        print(f"#   {us / 1000:8.1f} ms  {label[:140]}")
