import { describe, expect, it } from "vitest";
import { extractSeries, type PlotInput, STEP_DURATION } from "./plotSeries";

const m = (timestamp: string, metadata: unknown, extra: Partial<PlotInput> = {}): PlotInput => ({
  run_id: `run-${timestamp}`,
  partition: null,
  timestamp,
  metadata,
  ...extra,
});

const T1 = "2026-12-01T10:00:00Z";
const T2 = "2026-12-02T10:00:00Z";
const T3 = "2026-12-03T10:00:00Z";
const s = (iso: string) => new Date(iso).getTime() / 1000;

describe("extractSeries", () => {
  it("gives one series per numeric key, oldest point first, row counts leading", () => {
    const series = extractSeries([
      // newest first, as the API serves them
      m(T3, { zeta: { type: "float", value: 2.5 }, "dagster/row_count": { type: "int", value: 30 }, table_name: { type: "text", value: "t" } }),
      m(T2, { zeta: { type: "float", value: 1.5 }, "dagster/row_count": { type: "int", value: 20 } }),
      m(T1, { "dagster/row_count": { type: "int", value: 10 }, alpha: { type: "int", value: 7 } }),
    ]);
    expect(series.map((x) => x.key)).toEqual(["dagster/row_count", "alpha", "zeta"]);
    expect(series[0]?.points.map((p) => [p.t, p.value])).toEqual([
      [s(T1), 10],
      [s(T2), 20],
      [s(T3), 30],
    ]);
    expect(series[1]?.points.map((p) => p.value)).toEqual([7]);
    expect(series[2]?.points.map((p) => p.t)).toEqual([s(T2), s(T3)]);
    expect(series[0]?.points[0]?.runId).toBe(`run-${T1}`);
  });

  it("skips text, bool, NaN stored as text and malformed metadata", () => {
    const series = extractSeries([
      m(T1, {
        label: { type: "text", value: "12" },
        flag: { type: "bool", value: true },
        bad: { type: "float", value: "nan" },
        loose: 5,
      }),
      m(T2, null),
      m("not a date", { n: { type: "int", value: 1 } }),
    ]);
    expect(series).toEqual([]);
  });

  it("adds the step duration when materializations carry it", () => {
    const series = extractSeries([
      m(T2, {}, { step_duration_seconds: 2.25, partition: "2026-12-02" }),
      m(T1, {}, { step_duration_seconds: null }),
      m(T3, {}, { step_duration_seconds: 0.5 }),
    ]);
    expect(series).toHaveLength(1);
    expect(series[0]?.key).toBe(STEP_DURATION);
    expect(series[0]?.unit).toBe("seconds");
    expect(series[0]?.points.map((p) => [p.value, p.partition])).toEqual([
      [2.25, "2026-12-02"],
      [0.5, null],
    ]);
  });

  it("is empty without materializations", () => {
    expect(extractSeries([])).toEqual([]);
  });
});
