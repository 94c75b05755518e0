import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const constructed: { opts: { width: number; series: { label?: string; stroke?: unknown }[] }; data: unknown[][] }[] = [];
const destroyed: number[] = [];

// jsdom has no canvas: record what the plot is asked to draw instead.
vi.mock("uplot", () => ({
  default: class {
    constructor(opts: { width: number; series: { label?: string }[] }, data: unknown[][]) {
      constructed.push({ opts, data });
    }
    destroy() {
      destroyed.push(1);
    }
  },
}));

import { plotOptions, readPlotColors, TimeSeriesPlot, timeRange } from "./TimeSeriesPlot";

class SizedObserver implements ResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    this.callback([{ target, contentRect: { width: 640 } } as ResizeObserverEntry], this);
  }
  unobserve(): void {}
  disconnect(): void {}
}

describe("TimeSeriesPlot", () => {
  const original = globalThis.ResizeObserver;
  beforeEach(() => {
    constructed.length = 0;
    destroyed.length = 0;
    globalThis.ResizeObserver = SizedObserver;
    document.documentElement.style.setProperty("--accent", "rgb(1, 2, 3)");
  });
  afterEach(() => {
    globalThis.ResizeObserver = original;
    document.documentElement.style.removeProperty("--accent");
    delete document.documentElement.dataset.theme;
  });

  const points = [
    { t: 100, value: 3 },
    { t: 200, value: 5 },
  ];

  it("draws the points against time in the theme's colours and summarises them", () => {
    render(<TimeSeriesPlot label="row_count" points={points} />);
    const figure = screen.getByRole("figure", { name: "row_count over time" });
    expect(figure).toHaveAttribute("data-points", "2");
    expect(figure).toHaveTextContent("2 points · latest 5 · min 3 · max 5");
    const last = constructed[constructed.length - 1];
    expect(last?.data).toEqual([
      [100, 200],
      [3, 5],
    ]);
    expect(last?.opts.width).toBe(640);
    expect(last?.opts.series[1]?.label).toBe("row_count");
    expect(last?.opts.series[1]?.stroke).toBe("rgb(1, 2, 3)");
  });

  it("redraws when the theme changes", async () => {
    render(<TimeSeriesPlot label="row_count" points={points} />);
    const before = constructed.length;
    await act(async () => {
      document.documentElement.style.setProperty("--accent", "rgb(9, 9, 9)");
      document.documentElement.dataset.theme = "dark";
      await Promise.resolve();
    });
    await vi.waitFor(() => expect(constructed.length).toBeGreaterThan(before));
    expect(destroyed.length).toBeGreaterThan(0);
    expect(constructed[constructed.length - 1]?.opts.series[1]?.stroke).toBe("rgb(9, 9, 9)");
  });

  it("shows the values as a table on request", async () => {
    render(<TimeSeriesPlot label="row_count" points={points} />);
    await userEvent.click(screen.getByRole("button", { name: "Show values" }));
    const table = screen.getByRole("table", { name: "row_count values" });
    expect(table.querySelectorAll("tbody tr")).toHaveLength(2);
    expect(table.querySelector("tbody tr td.mono")).toHaveTextContent("5");
  });

  it("builds axis labels with the given format", () => {
    const opts = plotOptions({ label: "s", width: 100, height: 50, colors: readPlotColors(), format: (v) => `${v} s` });
    const values = opts.axes?.[1]?.values;
    expect(typeof values).toBe("function");
    if (typeof values === "function") {
      expect(values({} as never, [1, 2], 0, 0, 0)).toEqual(["1 s", "2 s"]);
    }
  });

  it("spans a single point by an hour each side and pads a real span a little", () => {
    expect(timeRange(1_000_000, 1_000_000)).toEqual([1_000_000 - 3600, 1_000_000 + 3600]);
    expect(timeRange(0, 1000)).toEqual([-30, 1030]);
    const range = plotOptions({ label: "s", width: 100, height: 50, colors: readPlotColors(), format: String }).scales?.x?.range;
    if (typeof range !== "function") throw new Error("no range function");
    const plot = { data: [[1_000_000], [3]] } as unknown as Parameters<typeof range>[0];
    // uPlot hands a single instant over widened by 86,400,000 s; the range comes from the data.
    expect(range(plot, 1_000_000, 87_400_000, "x")).toEqual([1_000_000 - 3600, 1_000_000 + 3600]);
  });
});
