/** Time series of numeric metadata (and step duration) across an asset's materializations. */
import { metadataEntries, numericValue } from "./metadata";

export interface SeriesPoint {
  /** Seconds since the epoch (uPlot's x unit). */
  t: number;
  value: number;
  partition: string | null;
  runId: string;
}

export interface PlotSeries {
  /** The metadata key, or `STEP_DURATION` for the step's duration. */
  key: string;
  label: string;
  unit: "seconds" | null;
  /** Oldest first. */
  points: SeriesPoint[];
}

export const STEP_DURATION = "step duration";

/** What the series extraction reads of a materialization. */
export interface PlotInput {
  run_id: string;
  partition: string | null;
  timestamp: string;
  metadata: unknown;
  step_duration_seconds?: number | null;
}

function stepDuration(m: PlotInput): number | null {
  const value = m.step_duration_seconds;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

/** Row counts lead (they are what people look at first), then the keys by name. */
function seriesOrder(a: string, b: string): number {
  const rank = (key: string) => (/(^|\/)row_count$/.test(key) ? 0 : 1);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * One series per metadata key that holds a finite int or float in at least one materialization,
 * plus the step duration when the server reports it; points oldest first.
 */
export function extractSeries(materializations: readonly PlotInput[]): PlotSeries[] {
  const timed = materializations
    .map((m) => ({ m, t: new Date(m.timestamp).getTime() / 1000 }))
    .filter(({ t }) => Number.isFinite(t))
    .sort((a, b) => a.t - b.t);
  const byKey = new Map<string, SeriesPoint[]>();
  const durations: SeriesPoint[] = [];
  for (const { m, t } of timed) {
    for (const entry of metadataEntries(m.metadata)) {
      const value = numericValue(entry);
      if (value === null) continue;
      const points = byKey.get(entry.name) ?? [];
      points.push({ t, value, partition: m.partition, runId: m.run_id });
      byKey.set(entry.name, points);
    }
    const duration = stepDuration(m);
    if (duration !== null) durations.push({ t, value: duration, partition: m.partition, runId: m.run_id });
  }
  const series: PlotSeries[] = [...byKey.keys()]
    .sort(seriesOrder)
    .map((key) => ({ key, label: key, unit: null, points: byKey.get(key) ?? [] }));
  if (durations.length > 0) {
    series.push({ key: STEP_DURATION, label: "Step duration (s)", unit: "seconds", points: durations });
  }
  return series;
}
