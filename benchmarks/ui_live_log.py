"""How soon the run page shows an event after the worker wrote it, while the run is live.

Run with ``.venv/bin/python benchmarks/ui_live_log.py`` after ``make ui``. The page of a run of
``bench_ops/ticker`` (a line every 100 ms for 10 s) is opened as it is launched; the page records, at every animation frame, how many events its
log counts (``[data-testid=event-count]``) and when. Once the run has finished, its events are read
from the API with their timestamps (taken by the worker when it created each event): an event's
delay is the time the page's count first reached it, less that timestamp. Clocks agree, as browser
and worker share the machine. The issue's bound is 1 s; the median, 95th percentile and maximum of
the delays are printed for each try.
"""

import argparse
import datetime as dt
import re
import statistics

from ui_support import bench_stack, browser, report, signed_in_page

COUNT_RECORDER = """() => {
  window.__counts = [];
  let last = -1;
  const tick = () => {
    const el = document.querySelector('[data-testid=event-count]');
    const match = el && /([\\d,]+) events/.exec(el.textContent || '');
    const count = match ? Number(match[1].replace(/,/g, '')) : 0;
    if (count !== last) { window.__counts.push([Date.now(), count]); last = count; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


def event_times(stack, run_id: str) -> list[float]:
    """The timestamps (epoch seconds) of the run's events, in log order."""
    times: list[float] = []
    cursor = 0
    with stack.api() as client:
        while True:
            page = client.get(f"/api/runs/{run_id}/events/", params={"after": cursor, "limit": 5000}).json()
            for event in page["events"]:
                stamp = re.sub(r"Z$", "+00:00", event["timestamp"])
                times.append(dt.datetime.fromisoformat(stamp).timestamp())
            cursor = page["cursor"]
            if not page["has_more"]:
                return times


def delays(counts: list[list[float]], times: list[float]) -> list[float]:
    """Milliseconds from each event's timestamp to the first frame whose count includes it."""
    out: list[float] = []
    step = 0
    for index, stamp in enumerate(times):
        while step < len(counts) and counts[step][1] < index + 1:
            step += 1
        if step == len(counts):
            break
        out.append(counts[step][0] - stamp * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--assets", type=int, default=200, help="assets in the project")
    parser.add_argument("--tries", type=int, default=3)
    args = parser.parse_args()

    medians: list[float] = []
    p95s: list[float] = []
    worst: list[float] = []
    with bench_stack(args.assets, log_lines=10) as stack, browser() as chromium:
        for _ in range(args.tries):
            with signed_in_page(chromium, stack) as page:
                run_id = stack.launch({"selection": ["bench_ops/ticker"]})
                page.goto(f"/runs/{run_id}")
                page.evaluate(COUNT_RECORDER)
                run = stack.wait_finished(run_id)
                assert run["status"] == "SUCCESS", run
                times = event_times(stack, run_id)
                page.wait_for_function(
                    f"() => window.__counts.length && window.__counts.at(-1)[1] >= {len(times)}",
                    timeout=30_000,
                )
                late = delays(page.evaluate("window.__counts"), times)
                # The events written before the page's first count are not live: skip them.
                first_seen = page.evaluate("window.__counts.find(c => c[1] > 0)[0]")
                live = [d for d, t in zip(late, times, strict=False) if t * 1000 > first_seen]
                ordered = sorted(live)
                print(f"# run {run_id}: {len(times)} events, {len(live)} arrived while the page was open")
                medians.append(statistics.median(ordered))
                p95s.append(ordered[int(len(ordered) * 0.95) - 1])
                worst.append(ordered[-1])
    report("live event → on the page, median", medians, unit="ms", target=1000)
    report("live event → on the page, 95th percentile", p95s, unit="ms", target=1000)
    report("live event → on the page, slowest", worst, unit="ms")


if __name__ == "__main__":
    main()
