/** Plots of every numeric metadata key over the asset's materializations, and of step duration. */
import { useMemo } from "react";
import type { Materialization } from "@/api/assets/detail";
import { defaultFormat, TimeSeriesPlot } from "@/components/common/TimeSeriesPlot";
import { formatCount, formatDuration } from "@/lib/format";
import { extractSeries } from "./plotSeries";

export function PlotsTab({
  materializations,
  total,
  windowSize,
}: {
  materializations: readonly Materialization[];
  total: number;
  windowSize: number;
}) {
  const series = useMemo(() => extractSeries(materializations), [materializations]);
  const points = useMemo(() => new Map(series.map((s) => [s.key, s.points.map((p) => ({ t: p.t, value: p.value }))])), [series]);
  if (materializations.length === 0) {
    return <p className="empty">No materializations yet: plots appear after the first one.</p>;
  }
  if (series.length === 0) {
    return (
      <p className="empty">
        The materializations recorded no numeric metadata. Return a DataFrame or add metadata such as{" "}
        <code>row_count</code> with <code>MaterializeResult(metadata=…)</code> to plot it here.
      </p>
    );
  }
  return (
    <div className="asset-plots">
      <p className="muted asset-plots-note">
        {total > windowSize
          ? `The newest ${formatCount(windowSize)} of ${formatCount(total)} materializations.`
          : `${formatCount(materializations.length)} materialization${materializations.length === 1 ? "" : "s"}.`}
      </p>
      <div className="asset-plots-grid">
        {series.map((s) => (
          <section key={s.key} className="card asset-plot-card" aria-label={s.label}>
            <div className="card-body">
              <TimeSeriesPlot
                label={s.label}
                points={points.get(s.key) ?? []}
                format={s.unit === "seconds" ? formatDuration : defaultFormat}
              />
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
