/** The run's step timeline: one row per step, a bar from its start to its end (growing while it runs). */
import { useState } from "react";
import { formatDateTime, formatDuration } from "@/lib/format";
import { type GanttBar, type GanttStep, ganttLayout } from "./ganttLayout";
import { useElementWidth } from "./useNow";
import "./runs.css";

const ROW = 26;
const AXIS = 24;
const BAR = 14;

export interface StepGanttProps {
  steps: readonly GanttStep[];
  runStart: string | null;
  runEnd: string | null;
  now: number;
  selectedStep: string | null;
  onSelectStep: (step: string | null) => void;
  /** Width of the plot when it cannot be measured (tests). */
  width?: number;
}

function barTitle(bar: GanttBar): string {
  if (bar.start === null) return `${bar.key}: not started`;
  const end = bar.end === null ? "running" : formatDateTime(new Date(bar.end).toISOString());
  const duration = ((bar.end ?? Date.now()) - bar.start) / 1000;
  return `${bar.key} · ${bar.status.toLowerCase()} · ${formatDateTime(new Date(bar.start).toISOString())} → ${end} (${formatDuration(duration)})`;
}

export function StepGantt({ steps, runStart, runEnd, now, selectedStep, onSelectStep, width }: StepGanttProps) {
  const [plot, setPlot] = useState<HTMLDivElement | null>(null);
  const measured = useElementWidth(plot, width ?? 600);
  const plotWidth = Math.max(120, (width ?? measured) - 16);
  const layout = ganttLayout(steps, { runStart, runEnd, now, width: plotWidth });
  const [hover, setHover] = useState<GanttBar | null>(null);
  const height = AXIS + layout.bars.length * ROW + 4;
  const select = (key: string) => onSelectStep(selectedStep === key ? null : key);

  if (steps.length === 0) {
    return (
      <div className="runs-gantt-empty muted" data-testid="step-gantt">
        No step has started yet.
      </div>
    );
  }

  return (
    <div className="runs-gantt" data-testid="step-gantt">
      <ol className="runs-gantt-labels" aria-label="Steps on the timeline" style={{ paddingTop: AXIS }}>
        {layout.bars.map((bar) => (
          <li key={bar.key} style={{ height: ROW }}>
            <button
              type="button"
              className="runs-gantt-label"
              aria-pressed={selectedStep === bar.key}
              title={barTitle(bar)}
              onClick={() => select(bar.key)}
            >
              <span className={`runs-dot runs-dot-${bar.status.toLowerCase()}`} aria-hidden="true" />
              <span className="runs-gantt-label-text">{bar.key}</span>
            </button>
          </li>
        ))}
      </ol>
      <div className="runs-gantt-plot" ref={setPlot}>
        <svg
          width={plotWidth + 16}
          height={height}
          role="img"
          aria-label={`Timeline of ${steps.length} steps`}
          onMouseLeave={() => setHover(null)}
        >
          <g transform="translate(8,0)">
            {layout.ticks.map((tick) => (
              <g key={tick.x} transform={`translate(${tick.x},0)`}>
                <line className="runs-gantt-grid" y1={AXIS - 4} y2={height} />
                <text className="runs-gantt-tick" x={3} y={AXIS - 9}>
                  {tick.label}
                </text>
              </g>
            ))}
            {layout.bars.map((bar) => (
              <g key={bar.key} transform={`translate(0,${AXIS + bar.row * ROW})`}>
                {selectedStep === bar.key && (
                  <rect className="runs-gantt-selected" x={-8} y={0} width={plotWidth + 16} height={ROW} />
                )}
                {bar.start === null ? (
                  <text className="runs-gantt-pending" x={4} y={ROW / 2 + 4}>
                    {bar.status === "SKIPPED" ? "skipped" : "not started"}
                  </text>
                ) : (
                  <rect
                    data-testid={`gantt-bar-${bar.key}`}
                    data-status={bar.status}
                    className={`runs-gantt-bar runs-gantt-bar-${bar.status.toLowerCase()}${bar.running ? " runs-gantt-bar-running" : ""}`}
                    x={bar.x}
                    y={(ROW - BAR) / 2}
                    width={bar.width}
                    height={BAR}
                    rx={3}
                    onMouseEnter={() => setHover(bar)}
                    onClick={() => select(bar.key)}
                  >
                    <title>{barTitle(bar)}</title>
                  </rect>
                )}
              </g>
            ))}
          </g>
        </svg>
        {hover && hover.start !== null && (
          <div
            className="runs-gantt-tooltip"
            role="tooltip"
            style={{ left: Math.min(hover.x + 8, plotWidth - 220), top: AXIS + (hover.row + 1) * ROW }}
          >
            <strong>{hover.key}</strong>
            <div>Started {formatDateTime(new Date(hover.start).toISOString())}</div>
            <div>{hover.end === null ? "Running" : `Ended ${formatDateTime(new Date(hover.end).toISOString())}`}</div>
            <div>{formatDuration(((hover.end ?? now) - hover.start) / 1000)}</div>
          </div>
        )}
      </div>
    </div>
  );
}
