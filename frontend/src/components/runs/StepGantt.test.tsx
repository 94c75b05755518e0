import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ganttLayout, tickLabel } from "./ganttLayout";
import { StepGantt } from "./StepGantt";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => new Date(T0 + ms).toISOString();

const steps = [
  { step_key: "raw_users", status: "SUCCESS", start_time: at(0), end_time: at(2000) },
  { step_key: "raw_orders", status: "SUCCESS", start_time: at(2000), end_time: at(5000) },
  { step_key: "revenue_by_user", status: "RUNNING", start_time: at(5000), end_time: null },
];

function bar(key: string) {
  const el = screen.getByTestId(`gantt-bar-${key}`);
  return { x: Number(el.getAttribute("x")), width: Number(el.getAttribute("width")) };
}

describe("ganttLayout", () => {
  it("places bars on a scale from the run's start to now", () => {
    const layout = ganttLayout(steps, { runStart: at(0), runEnd: null, now: T0 + 10_000, width: 1000 });
    expect(layout.bars.map((b) => [b.key, b.x, b.width, b.running])).toEqual([
      ["raw_users", 0, 200, false],
      ["raw_orders", 200, 300, false],
      ["revenue_by_user", 500, 500, true],
    ]);
    expect(layout.ticks.map((t) => t.label)).toEqual(["0", "1s", "2s", "3s", "4s", "5s", "6s", "7s", "8s", "9s", "10s"]);
  });

  it("keeps a row with no bar for a step that has not started, and a minimum width for instant steps", () => {
    const layout = ganttLayout(
      [
        { step_key: "a", status: "SUCCESS", start_time: at(0), end_time: at(0) },
        { step_key: "b", status: "SKIPPED", start_time: null, end_time: null },
      ],
      { runStart: at(0), runEnd: at(4000), now: T0 + 60_000, width: 400 },
    );
    expect(layout.bars[0]).toMatchObject({ key: "a", x: 0, width: 3 });
    expect(layout.bars[1]).toMatchObject({ key: "b", width: 0, start: null, row: 1 });
    expect(layout.t1).toBe(T0 + 4000);
  });

  it("labels ticks in seconds, minutes and hours", () => {
    expect([tickLabel(500), tickLabel(90_000), tickLabel(3_600_000), tickLabel(5_400_000)]).toEqual(["0.5s", "1m30s", "1h", "1h30m"]);
  });
});

describe("StepGantt", () => {
  it("draws one bar per step from its start to its end, and the running bar grows with time", () => {
    const props = { steps, runStart: at(0), runEnd: null, selectedStep: null, onSelectStep: () => {}, width: 1016 };
    const { rerender } = render(<StepGantt {...props} now={T0 + 10_000} />);
    expect(bar("raw_users")).toEqual({ x: 0, width: 200 });
    expect(bar("raw_orders")).toEqual({ x: 200, width: 300 });
    expect(bar("revenue_by_user")).toEqual({ x: 500, width: 500 });
    expect(screen.getByTestId("gantt-bar-revenue_by_user")).toHaveClass("runs-gantt-bar-running");

    rerender(<StepGantt {...props} now={T0 + 20_000} />);
    // The scale now spans 20 s: finished bars shrink, the running one reaches the right edge.
    expect(bar("raw_users")).toEqual({ x: 0, width: 100 });
    expect(bar("revenue_by_user")).toEqual({ x: 250, width: 750 });
  });

  it("colours bars by status and filters the log to a clicked step", () => {
    const onSelectStep = vi.fn();
    const failed = [{ step_key: "broken_report", status: "FAILURE", start_time: at(0), end_time: at(1000) }];
    render(<StepGantt steps={failed} runStart={at(0)} runEnd={at(1000)} now={T0 + 5000} selectedStep={null} onSelectStep={onSelectStep} width={500} />);
    const rect = screen.getByTestId("gantt-bar-broken_report");
    expect(rect).toHaveClass("runs-gantt-bar-failure");
    fireEvent.click(rect);
    expect(onSelectStep).toHaveBeenCalledWith("broken_report");
    fireEvent.mouseEnter(rect);
    expect(screen.getByRole("tooltip")).toHaveTextContent("broken_report");
    fireEvent.click(screen.getByRole("button", { name: /broken_report/ }));
    expect(onSelectStep).toHaveBeenCalledTimes(2);
  });
});
