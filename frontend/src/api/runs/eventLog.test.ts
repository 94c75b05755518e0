import { describe, expect, it, vi } from "vitest";
import { EventLog, EventStream, FilteredEvents, type RunEvent, type RunEventPage, firstFailure } from "./eventLog";
import { makeEvent } from "./testing";

function page(events: RunEvent[], more: Partial<RunEventPage> = {}): RunEventPage {
  return {
    events,
    cursor: events.at(-1)?.id ?? 0,
    has_more: false,
    run_status: "STARTED",
    is_finished: false,
    ...more,
  };
}

describe("EventLog", () => {
  it("appends in place and skips events it already holds", () => {
    const log = new EventLog();
    const held = log.events;
    expect(log.append([makeEvent(1), makeEvent(2)])).toBe(2);
    expect(log.append([makeEvent(2), makeEvent(3)])).toBe(1);
    expect(log.events).toBe(held);
    expect(log.events.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(log.cursor).toBe(3);
  });

  it("counts events by step and by level", () => {
    const log = new EventLog();
    log.append([
      makeEvent(1, { step_key: "a" }),
      makeEvent(2, { step_key: "b", level: "ERROR" }),
      makeEvent(3, { step_key: "a", level: "DEBUG" }),
    ]);
    expect([...log.stepCounts]).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
    expect(log.levelCounts.get("INFO")).toBe(1);
    expect(log.levelCounts.get("ERROR")).toBe(1);
    expect(log.levelCounts.get("DEBUG")).toBe(1);
  });

  it("accumulates 100,000 events in pages of 5,000 without copying what it holds", () => {
    const log = new EventLog();
    const start = performance.now();
    for (let p = 0; p < 20; p++) {
      log.append(Array.from({ length: 5000 }, (_, i) => makeEvent(p * 5000 + i + 1)));
    }
    const elapsed = performance.now() - start;
    expect(log.length).toBe(100_000);
    expect(log.cursor).toBe(100_000);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe("FilteredEvents", () => {
  const events = [
    makeEvent(1, { step_key: "raw_users", message: "Fetched 10 users" }),
    makeEvent(2, { step_key: "raw_orders", level: "DEBUG", message: "GET /orders" }),
    makeEvent(3, { step_key: "raw_users", level: "ERROR", type: "STEP_FAILURE", message: "raw_users failed" }),
    makeEvent(4, { message: "Run failed", level: "ERROR", type: "RUN_FAILURE" }),
  ];

  it("filters by level, step and case-insensitive text", () => {
    const log = new EventLog();
    log.append(events);
    const byLevel = new FilteredEvents(log, { levels: new Set(["ERROR"]), step: null, search: "" });
    byLevel.sync();
    expect(byLevel.indices).toEqual([2, 3]);
    const byStep = new FilteredEvents(log, { levels: null, step: "raw_users", search: "" });
    byStep.sync();
    expect(byStep.indices).toEqual([0, 2]);
    const bySearch = new FilteredEvents(log, { levels: null, step: null, search: "  FAILED " });
    bySearch.sync();
    expect(bySearch.indices).toEqual([2, 3]);
    const byType = new FilteredEvents(log, { levels: null, step: null, search: "run_failure" });
    byType.sync();
    expect(byType.indices).toEqual([3]);
  });

  it("scans only what was appended since the last sync", () => {
    const log = new EventLog();
    log.append(events.slice(0, 2));
    const view = new FilteredEvents(log, { levels: null, step: "raw_users", search: "" });
    expect(view.sync()).toBe(1);
    const spy = vi.spyOn(log, "searchText");
    log.append(events.slice(2));
    expect(view.sync()).toBe(1);
    expect(view.sync()).toBe(0);
    expect(view.indices).toEqual([0, 2]);
    expect(spy).not.toHaveBeenCalled();
  });
});

describe("firstFailure", () => {
  it("prefers the step failure's error over the run's", () => {
    const log = new EventLog();
    log.append([
      makeEvent(1, {
        type: "STEP_FAILURE",
        step_key: "broken_report",
        payload: { error: { message: "the report source is unreachable", cls: "RuntimeError", traceback: "Traceback…" } },
      }),
      makeEvent(2, { type: "RUN_FAILURE", payload: { failed_steps: ["broken_report"] } }),
    ]);
    const failure = firstFailure(log);
    expect(failure?.event.step_key).toBe("broken_report");
    expect(failure?.error).toEqual({ message: "the report source is unreachable", cls: "RuntimeError", traceback: "Traceback…" });
  });
});

describe("EventStream", () => {
  it("reads pages back to back while more are stored, then polls, and stops once finished", async () => {
    vi.useFakeTimers();
    try {
      const log = new EventLog();
      const calls: number[] = [];
      const pages = [
        page([makeEvent(1), makeEvent(2)], { has_more: true }),
        page([makeEvent(3)]),
        page([]),
        page([makeEvent(4)], { is_finished: true, run_status: "SUCCESS" }),
      ];
      const fetchPage = vi.fn(async (after: number) => {
        calls.push(after);
        const next = pages.shift();
        if (!next) throw new Error("read after the end");
        return next;
      });
      const updates: number[] = [];
      const stream = new EventStream(log, fetchPage, { intervalMs: 500, onUpdate: ({ added }) => updates.push(added.length) });
      stream.start();
      await vi.advanceTimersByTimeAsync(0);
      // The second page follows at once (has_more), without the poll interval.
      expect(calls).toEqual([0, 2]);
      await vi.advanceTimersByTimeAsync(499);
      expect(calls).toEqual([0, 2]);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toEqual([0, 2, 3]);
      await vi.advanceTimersByTimeAsync(500);
      expect(calls).toEqual([0, 2, 3, 3]);
      expect(stream.finished).toBe(true);
      await vi.advanceTimersByTimeAsync(5000);
      expect(fetchPage).toHaveBeenCalledTimes(4);
      expect(log.events.map((e) => e.id)).toEqual([1, 2, 3, 4]);
      expect(updates).toEqual([2, 1, 1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("retries after a failed request and stops when told", async () => {
    vi.useFakeTimers();
    try {
      const log = new EventLog();
      let n = 0;
      const fetchPage = vi.fn(async () => {
        n += 1;
        if (n === 1) throw new Error("network down");
        return page([makeEvent(n)]);
      });
      const errors: unknown[] = [];
      const stream = new EventStream(log, fetchPage, { intervalMs: 500, retryMs: 1000, onUpdate: ({ error }) => errors.push(error) });
      stream.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(errors).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1000);
      expect(log.length).toBe(1);
      stream.stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(fetchPage).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
