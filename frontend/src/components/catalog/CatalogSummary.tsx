/** Counts over the catalog (within the other filters): assets, failed, in progress, never materialized; each filters by that status. */
import { formatCount } from "@/lib/format";
import type { AssetStatus, CatalogSummary as Summary } from "./catalogModel";

interface Stat {
  status: AssetStatus;
  count: number;
  label: string;
  tone: string;
}

export function CatalogSummary({
  summary,
  total,
  shown,
  activeStatuses,
  onStatus,
}: {
  /** Counts by status over the assets the other filters (search, group, …) leave. */
  summary: Summary;
  /** Every asset in the catalog. */
  total: number;
  /** How many rows all the filters leave. */
  shown: number;
  activeStatuses: readonly string[];
  onStatus: (status: AssetStatus) => void;
}) {
  const stats: Stat[] = [
    { status: "FAILED", count: summary.failed, label: "failed", tone: "failure" },
    { status: "IN_PROGRESS", count: summary.inProgress, label: "in progress", tone: "running" },
    { status: "NEVER_MATERIALIZED", count: summary.never, label: "never materialized", tone: "never" },
    { status: "MATERIALIZED", count: summary.materialized, label: "materialized", tone: "success" },
  ];
  return (
    <div className="catalog-summary" aria-label="Summary" role="group">
      <span className="catalog-summary-total" data-testid="catalog-count">
        {shown === total ? (
          <>
            <strong>{formatCount(total)}</strong> {total === 1 ? "asset" : "assets"}
          </>
        ) : (
          <>
            <strong>{formatCount(shown)}</strong> of {formatCount(total)} assets
          </>
        )}
      </span>
      {stats.map((stat) => (
        <button
          key={stat.status}
          type="button"
          className={`catalog-stat catalog-stat-${stat.tone}`}
          aria-pressed={activeStatuses.includes(stat.status)}
          disabled={stat.count === 0 && !activeStatuses.includes(stat.status)}
          onClick={() => onStatus(stat.status)}
        >
          <span className="catalog-stat-dot" aria-hidden="true" />
          <strong>{formatCount(stat.count)}</strong> {stat.label}
        </button>
      ))}
    </div>
  );
}
