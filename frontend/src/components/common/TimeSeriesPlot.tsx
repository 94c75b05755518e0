/**
 * A time series drawn with uPlot: colours from the theme tokens (read when it draws, redrawn when
 * the theme changes), the width of its container, a summary line for screen readers and a
 * "Show values" table as the accessible twin of the canvas.
 */
import { useEffect, useId, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatDateTime } from "@/lib/format";
import "./TimeSeriesPlot.css";

export interface TimePoint {
  /** Seconds since the epoch. */
  t: number;
  value: number;
}

export interface PlotColors {
  line: string;
  fill: string;
  axis: string;
  grid: string;
  text: string;
  surface: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** The plot's colours from the current theme's tokens. */
export function readPlotColors(element: Element = document.documentElement): PlotColors {
  const style = getComputedStyle(element);
  const accent = cssVar(style, "--accent", "#4f46e5");
  return {
    line: accent,
    fill: cssVar(style, "--accent-soft", "rgba(79, 70, 229, 0.12)"),
    axis: cssVar(style, "--text-muted", "#586174"),
    grid: cssVar(style, "--border", "#d9dde4"),
    text: cssVar(style, "--text", "#161a22"),
    surface: cssVar(style, "--surface", "#ffffff"),
  };
}

export const defaultFormat = (value: number): string =>
  Number.isInteger(value) ? value.toLocaleString() : value.toLocaleString(undefined, { maximumFractionDigits: 3 });

/**
 * The time axis' range: the data's span padded 3 % each side, or an hour each side of a single
 * instant (uPlot's own choice for a zero span stretches over years).
 */
export function timeRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null) return [0, 1];
  const pad = max > min ? (max - min) * 0.03 : 3600;
  return [min - pad, max + pad];
}

function dataSpan(xs: ArrayLike<number | null | undefined>): [number | null, number | null] {
  let min: number | null = null;
  let max: number | null = null;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x == null) continue;
    if (min === null || x < min) min = x;
    if (max === null || x > max) max = x;
  }
  return [min, max];
}

/** uPlot options of one series against time (exported for tests). */
export function plotOptions(args: {
  label: string;
  width: number;
  height: number;
  colors: PlotColors;
  format: (value: number) => string;
}): uPlot.Options {
  const { label, width, height, colors, format } = args;
  const axis: uPlot.Axis = {
    stroke: colors.axis,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid, width: 1 },
    font: "12px system-ui, sans-serif",
  };
  return {
    width,
    height,
    cursor: { points: { size: 8, fill: colors.line, stroke: colors.surface } },
    legend: { show: true, live: true },
    // From the data itself: uPlot widens a single instant to 86,400 / ms before asking (years, in seconds).
    scales: { x: { time: true, range: (u) => timeRange(...dataSpan(u.data[0])) } },
    axes: [
      { ...axis },
      { ...axis, size: 64, values: (_u, ticks) => ticks.map((tick) => format(tick)) },
    ],
    series: [
      { label: "Time", value: (_u, v) => (v == null ? "—" : formatDateTime(new Date(v * 1000).toISOString())) },
      {
        label,
        stroke: colors.line,
        fill: colors.fill,
        width: 2,
        points: { show: true, size: 6, stroke: colors.line, fill: colors.surface },
        value: (_u, v) => (v == null ? "—" : format(v)),
      },
    ],
  };
}

/** The theme attribute of <html>, as state: a change redraws the plot in the new colours. */
function useThemeVersion(): string {
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? "");
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? ""));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

export function TimeSeriesPlot({
  label,
  points,
  format = defaultFormat,
  height = 200,
}: {
  label: string;
  points: readonly TimePoint[];
  format?: (value: number) => string;
  height?: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  const theme = useThemeVersion();
  const [width, setWidth] = useState(0);
  const [showValues, setShowValues] = useState(false);
  const tableId = useId();

  useEffect(() => {
    const node = container.current;
    if (!node) return;
    setWidth(node.clientWidth);
    const observer = new ResizeObserver((entries) => {
      const next = Math.floor(entries[0]?.contentRect.width ?? node.clientWidth);
      setWidth((current) => (Math.abs(current - next) >= 1 ? next : current));
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const node = container.current;
    if (!node || width <= 0) return;
    const data: uPlot.AlignedData = [points.map((p) => p.t), points.map((p) => p.value)];
    const plot = new uPlot(plotOptions({ label, width, height, colors: readPlotColors(), format }), data, node);
    return () => plot.destroy();
  }, [label, points, width, height, format, theme]);

  const values = points.map((p) => p.value);
  const latest = points[points.length - 1];
  const summary =
    points.length === 0
      ? "No points"
      : `${points.length} point${points.length === 1 ? "" : "s"} · latest ${format(latest?.value ?? 0)} · min ${format(Math.min(...values))} · max ${format(Math.max(...values))}`;

  return (
    <figure className="tsplot" aria-label={`${label} over time`} data-points={points.length} data-series={label}>
      <figcaption className="tsplot-caption">
        <span className="tsplot-title mono">{label}</span>
        <span className="muted tsplot-summary">{summary}</span>
        <button
          type="button"
          className="btn btn-sm"
          aria-expanded={showValues}
          aria-controls={tableId}
          onClick={() => setShowValues((v) => !v)}
        >
          {showValues ? "Hide values" : "Show values"}
        </button>
      </figcaption>
      <div ref={container} className="tsplot-canvas" aria-hidden="true" />
      {showValues && (
        <table id={tableId} className="table tsplot-values" aria-label={`${label} values`}>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">{label}</th>
            </tr>
          </thead>
          <tbody>
            {[...points].reverse().map((p, index) => (
              <tr key={`${p.t}-${index}`}>
                <td>{formatDateTime(new Date(p.t * 1000).toISOString())}</td>
                <td className="mono">{format(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
