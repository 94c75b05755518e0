/** The asset's checks: each with its latest result (passed or failed, severity, when, in which
 * run, its metadata). */
import { Link } from "react-router";
import type { AssetCheck } from "@/api/assets/detail";
import { StatusBadge } from "@/components/common/StatusBadge";
import { formatDateTime, formatRelative, runPath } from "@/lib/format";
import { MetadataTable } from "./MetadataTable";
import { shortRunId } from "./OverviewTab";

function result(check: AssetCheck): { status: string; label: string } {
  const evaluation = check.latest_evaluation;
  if (!evaluation) return { status: "never", label: "Not evaluated" };
  if (evaluation.passed) return { status: "success", label: "Passed" };
  return evaluation.severity.toUpperCase() === "WARN"
    ? { status: "warning", label: "Failed (warning)" }
    : { status: "failure", label: "Failed" };
}

export function ChecksTab({ checks }: { checks: readonly AssetCheck[] }) {
  if (checks.length === 0) {
    return (
      <p className="empty">
        No checks on this asset. Define one with <code>@asset_check(asset=…)</code> to see its results here.
      </p>
    );
  }
  return (
    <div className="asset-checks">
      {checks.map((check) => {
        const evaluation = check.latest_evaluation;
        const badge = result(check);
        return (
          <section key={check.name} className="card" aria-labelledby={`asset-check-${check.name}`}>
            <div className="card-header">
              <h2 id={`asset-check-${check.name}`} className="mono">
                {check.name}
              </h2>
              <div className="toolbar">
                {check.blocking && <span className="tag">blocking</span>}
                {!check.is_defined && <span className="tag">no longer defined</span>}
                <StatusBadge status={badge.status} label={badge.label} />
              </div>
            </div>
            <div className="card-body asset-check-body">
              {check.description && <p className="asset-check-description">{check.description}</p>}
              {check.additional_deps.length > 0 && (
                <p className="muted">
                  Also reads: <span className="mono">{check.additional_deps.join(", ")}</span>
                </p>
              )}
              {evaluation ? (
                <>
                  <dl className="asset-latest-facts">
                    <div className="asset-fact">
                      <dt>Evaluated</dt>
                      <dd>
                        <time dateTime={evaluation.timestamp} title={formatDateTime(evaluation.timestamp)}>
                          {formatRelative(evaluation.timestamp)}
                        </time>{" "}
                        <span className="muted">· {formatDateTime(evaluation.timestamp)}</span>
                      </dd>
                    </div>
                    <div className="asset-fact">
                      <dt>Severity</dt>
                      <dd>{evaluation.severity}</dd>
                    </div>
                    <div className="asset-fact">
                      <dt>Run</dt>
                      <dd>
                        <Link to={runPath(evaluation.run_id)} className="mono">
                          {shortRunId(evaluation.run_id)}
                        </Link>
                      </dd>
                    </div>
                    {evaluation.partition && (
                      <div className="asset-fact">
                        <dt>Partition</dt>
                        <dd className="mono">{evaluation.partition}</dd>
                      </div>
                    )}
                  </dl>
                  <MetadataTable metadata={evaluation.metadata} label={`Metadata of check ${check.name}`} emptyText="The check recorded no metadata." />
                </>
              ) : (
                <p className="muted asset-empty-line">Not evaluated yet: it runs with the asset's next materialization.</p>
              )}
            </div>
          </section>
        );
      })}
    </div>
  );
}
