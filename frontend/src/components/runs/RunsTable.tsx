/** The runs list: status, id, target, who launched it, tags, when, how long (ticking while it runs). */
import { Link } from "react-router";
import { type Run, shortRunId } from "@/api/runs/runs";
import { StatusBadge } from "@/components/common/StatusBadge";
import { durationBetween, formatDateTime, formatDuration, formatRelative, runPath } from "@/lib/format";
import { RunTags, RunTarget } from "./RunTarget";
import "./runs.css";

export interface RunsTableProps {
  runs: readonly Run[];
  now: number;
  onTag?: (tag: string) => void;
}

/** Who or what launched a run: a schedule, a sensor, a backfill, a re-execution or a user. */
export function launchedBy(run: Pick<Run, "tags" | "created_by" | "parent_run_id">): string {
  const tags = run.tags;
  if (tags["dagster/schedule_name"]) return `schedule ${tags["dagster/schedule_name"]}`;
  if (tags["dagster/sensor_name"]) return `sensor ${tags["dagster/sensor_name"]}`;
  if (tags["dagster/backfill"]) return `backfill ${tags["dagster/backfill"]}`;
  if (tags["dagster/retry_number"]) return `retry ${tags["dagster/retry_number"]}`;
  return run.created_by || "—";
}

export function RunsTable({ runs, now, onTag }: RunsTableProps) {
  return (
    <table className="table runs-table" data-testid="runs-table">
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Run</th>
          <th scope="col">Target</th>
          <th scope="col">Launched by</th>
          <th scope="col">Tags</th>
          <th scope="col">Created</th>
          <th scope="col" className="runs-num">
            Duration
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-testid="run-row" data-status={run.status}>
            <td>
              <StatusBadge status={run.status} />
            </td>
            <td>
              <Link to={runPath(run.id)} className="mono runs-id" title={run.id}>
                {shortRunId(run.id)}
              </Link>
              {run.parent_run_id && (
                <div className="runs-sub muted">
                  re-run of{" "}
                  <Link to={runPath(run.parent_run_id)} className="mono">
                    {shortRunId(run.parent_run_id)}
                  </Link>
                </div>
              )}
            </td>
            <td>
              <RunTarget run={run} />
            </td>
            <td className="runs-launcher">{launchedBy(run)}</td>
            <td>
              <RunTags tags={run.tags} max={3} onTag={onTag} />
            </td>
            <td title={formatDateTime(run.created_at)}>
              <div>{formatDateTime(run.created_at)}</div>
              <div className="runs-sub muted">{formatRelative(run.created_at, now)}</div>
            </td>
            <td className="runs-num mono">
              {run.start_time ? formatDuration(durationBetween(run.start_time, run.end_time, now)) : run.is_finished ? "—" : "waiting"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
