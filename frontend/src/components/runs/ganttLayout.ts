/** Where the bars of a run's step timeline go: pure, so the chart and its tests agree. */

export interface GanttStep {
  step_key: string;
  status: string;
  start_time: string | null;
  end_time: string | null;
  attempts?: number;
}

export interface GanttBar {
  key: string;
  status: string;
  row: number;
  /** Left edge and width in px within the plot area. */
  x: number;
  width: number;
  start: number | null;
  end: number | null;
  running: boolean;
}

export interface GanttTick {
  x: number;
  label: string;
}

export interface GanttLayout {
  t0: number;
  t1: number;
  bars: GanttBar[];
  ticks: GanttTick[];
}

const STEPS_MS = [
  100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 14_400_000, 21_600_000, 43_200_000, 86_400_000,
];

function parse(iso: string | null): number | null {
  if (!iso) return null;
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? null : t;
}

export function tickLabel(ms: number): string {
  if (ms === 0) return "0";
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  if (ms < 3_600_000) {
    const m = Math.floor(ms / 60_000);
    const s = Math.round((ms % 60_000) / 1000);
    return s ? `${m}m${String(s).padStart(2, "0")}s` : `${m}m`;
  }
  const h = Math.floor(ms / 3_600_000);
  const m = Math.round((ms % 3_600_000) / 60_000);
  return m ? `${h}h${String(m).padStart(2, "0")}m` : `${h}h`;
}

/** A tick spacing that puts at least `minGapPx` between labels. */
export function tickSpacing(spanMs: number, width: number, minGapPx = 80): number {
  const perPx = spanMs / Math.max(1, width);
  return STEPS_MS.find((step) => step / perPx >= minGapPx) ?? STEPS_MS[STEPS_MS.length - 1] ?? 86_400_000;
}

/**
 * Bars from each step's start to its end (now while it runs), on a scale from the run's start
 * (or its first step's) to its end (or now). Steps that have not started keep their row with no bar.
 */
export function ganttLayout(
  steps: readonly GanttStep[],
  options: { runStart: string | null; runEnd: string | null; now: number; width: number; minBarPx?: number },
): GanttLayout {
  const { now, width } = options;
  const minBar = options.minBarPx ?? 3;
  const ordered = [...steps].sort((a, b) => {
    const sa = parse(a.start_time) ?? Number.POSITIVE_INFINITY;
    const sb = parse(b.start_time) ?? Number.POSITIVE_INFINITY;
    return sa === sb ? a.step_key.localeCompare(b.step_key) : sa - sb;
  });
  const starts = ordered.map((s) => parse(s.start_time)).filter((t): t is number => t !== null);
  const runStart = parse(options.runStart);
  const t0 = Math.min(runStart ?? Number.POSITIVE_INFINITY, ...starts);
  const origin = Number.isFinite(t0) ? t0 : now;
  const runEnd = parse(options.runEnd);
  const ends = ordered
    .map((s) => (s.start_time ? (parse(s.end_time) ?? runEnd ?? now) : null)).filter((t): t is number => t !== null);
  const t1 = Math.max(runEnd ?? (Number.isFinite(t0) ? now : origin), ...ends, origin + 1000);
  const span = t1 - origin;
  const scale = width / span;

  const bars = ordered.map((step, row) => {
    const start = parse(step.start_time);
    const endTime = parse(step.end_time);
    const running = start !== null && endTime === null && runEnd === null;
    const end = start === null ? null : (endTime ?? runEnd ?? now);
    const x = start === null ? 0 : (start - origin) * scale;
    const w = start === null || end === null ? 0 : Math.max(minBar, (end - start) * scale);
    return {
      key: step.step_key,
      status: step.status,
      row,
      x: Math.min(x, Math.max(0, width - w)),
      width: w,
      start,
      end: endTime,
      running,
    };
  });

  const spacing = tickSpacing(span, width);
  const ticks: GanttTick[] = [];
  for (let ms = 0; ms <= span; ms += spacing) ticks.push({ x: ms * scale, label: tickLabel(ms) });
  return { t0: origin, t1, bars, ticks };
}
