import { fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { MemoryRouter } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EventFilter, EventLog, NO_FILTER } from "@/api/runs/eventLog";
import { makeEvent } from "@/api/runs/testing";
import { EventLogView } from "./EventLogView";

// jsdom lays nothing out: give the scroller a height and each row one, as a browser would.
const sizes = {
  clientHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight"),
  offsetHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, "offsetHeight"),
};
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 560 });
  Object.defineProperty(HTMLElement.prototype, "offsetHeight", { configurable: true, get: () => 28 });
});
afterAll(() => {
  if (sizes.clientHeight) Object.defineProperty(HTMLElement.prototype, "clientHeight", sizes.clientHeight);
  if (sizes.offsetHeight) Object.defineProperty(HTMLElement.prototype, "offsetHeight", sizes.offsetHeight);
});

const STEPS = ["raw_users", "raw_orders", "revenue_by_user"];
const LEVELS = ["DEBUG", "INFO", "INFO", "WARNING"];

function bigLog(n: number): EventLog {
  const log = new EventLog();
  const batch = [];
  for (let i = 1; i <= n; i++) {
    batch.push(
      makeEvent(i, {
        step_key: STEPS[i % 3] ?? null,
        level: LEVELS[i % 4] ?? "INFO",
        message: i % 1000 === 0 ? `checkpoint ${i} reached` : `processed row ${i}`,
      }),
    );
    if (batch.length === 5000) log.append(batch.splice(0));
  }
  log.append(batch);
  return log;
}

function Harness({ log, initial = NO_FILTER }: { log: EventLog; initial?: EventFilter }) {
  const [filter, setFilter] = useState(initial);
  return (
    <MemoryRouter>
      <EventLogView log={log} version={log.length} filter={filter} onFilterChange={setFilter} steps={STEPS} live={false} />
    </MemoryRouter>
  );
}

describe("EventLogView", () => {
  it("renders only a window of a 100,000-event log, quickly", () => {
    const log = bigLog(100_000);
    const start = performance.now();
    render(<Harness log={log} />);
    const firstPaint = performance.now() - start;
    const rows = screen.getAllByTestId("event-row");
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(80);
    expect(screen.getByTestId("event-count")).toHaveTextContent("100,000 events");
    // jsdom is far slower than Chromium at DOM work; this bounds the cost of 100,000 events in memory.
    expect(firstPaint).toBeLessThan(1500);
    console.info(`first paint of a 100,000-event log in jsdom: ${firstPaint.toFixed(0)} ms, ${rows.length} rows in the DOM`);
  });

  it("filters by level and by step", () => {
    render(<Harness log={bigLog(400)} />);
    const levels = screen.getByRole("group", { name: "Levels" });
    fireEvent.click(within(levels).getByRole("button", { name: /debug/ }));
    fireEvent.click(within(levels).getByRole("button", { name: /info/ }));
    expect(screen.getByTestId("event-count")).toHaveTextContent("100 of 400 events");
    for (const row of screen.getAllByTestId("event-row")) expect(row).toHaveClass("runs-event-warning");

    fireEvent.change(screen.getByRole("combobox", { name: "Step" }), { target: { value: "raw_orders" } });
    // WARNING is i % 4 == 3, raw_orders is i % 3 == 1: one event in twelve.
    expect(screen.getByTestId("event-count")).toHaveTextContent("33 of 400 events");
    for (const row of screen.getAllByTestId("event-row")) expect(row).toHaveTextContent("raw_orders");

    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(screen.getByTestId("event-count")).toHaveTextContent("400 events");
  });

  it("a step name in a row filters the log to that step", () => {
    render(<Harness log={bigLog(30)} />);
    const row = screen.getAllByTestId("event-row")[0];
    if (!row) throw new Error("no row");
    fireEvent.click(within(row).getByRole("button", { name: "raw_orders" }));
    expect(screen.getByTestId("event-count")).toHaveTextContent("10 of 30 events");
  });

  it("finds text case-insensitively and highlights it", () => {
    render(<Harness log={bigLog(5000)} />);
    fireEvent.change(screen.getByRole("searchbox", { name: "Search the events" }), { target: { value: "CHECKPOINT" } });
    expect(screen.getByTestId("event-count")).toHaveTextContent("5 of 5,000 events");
    const marks = screen.getAllByText("checkpoint", { selector: "mark" });
    expect(marks).toHaveLength(5);
  });

  it("shows a step failure's traceback as text, expanded, and a message with markup as text", () => {
    const log = new EventLog();
    log.append([
      makeEvent(1, { message: "<b>not bold</b>", step_key: "broken_report" }),
      makeEvent(2, {
        type: "STEP_FAILURE",
        level: "ERROR",
        step_key: "broken_report",
        message: "broken_report failed: RuntimeError: the report source is unreachable",
        payload: {
          error: { message: "the report source is unreachable", cls: "RuntimeError", traceback: 'Traceback (most recent call last):\n  File "ui_project.py", line 10\n' },
        },
      }),
    ]);
    render(<Harness log={log} />);
    expect(screen.getByText("<b>not bold</b>")).toBeInTheDocument();
    const trace = screen.getByTestId("event-traceback");
    expect(trace.tagName).toBe("PRE");
    expect(trace).toHaveTextContent("RuntimeError: the report source is unreachable");
    expect(trace).toHaveTextContent('File "ui_project.py", line 10');
    fireEvent.click(screen.getByRole("button", { name: "Hide details" }));
    expect(screen.queryByTestId("event-traceback")).toBeNull();
  });

  it("shows events appended later without rebuilding the view", () => {
    const log = bigLog(10);
    const { rerender } = render(<EventLogView log={log} version={1} filter={NO_FILTER} onFilterChange={() => {}} steps={STEPS} live />);
    expect(screen.getByTestId("event-count")).toHaveTextContent("10 events");
    log.append([makeEvent(11, { message: "a new event" })]);
    rerender(<EventLogView log={log} version={2} filter={NO_FILTER} onFilterChange={() => {}} steps={STEPS} live />);
    expect(screen.getByTestId("event-count")).toHaveTextContent("11 events");
    expect(screen.getByText("a new event")).toBeInTheDocument();
  });
});
